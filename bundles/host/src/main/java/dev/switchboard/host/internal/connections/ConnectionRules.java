package dev.switchboard.host.internal.connections;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.crypto.api.SecretCipher;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.NamedConnection;

/**
 * What a connection must look like, checked twice: when it is stored ({@link #forStorage}: references allowed in
 * securestring parameters) and when it is used ({@link #forUse}: references resolved, values converted to their
 * declared types). Every message names the parameter, never its value.
 * <p>
 * References ({@code $[env:NAME]}, {@code $[secret:NAME]}) and encrypted values belong to securestring parameters
 * only: ConfigAdmin's interpolation plugin resolves them in every property, and a plain parameter is shown and may
 * be echoed by its connector, so one set to {@code $[env:SWITCHBOARD_ADMIN_PASSWORD]} would print the environment.
 * Such a parameter is refused when stored over the API, and never used when it arrives in a file.
 */
final class ConnectionRules {

    static final String NAME_PROPERTY = "name";
    static final String CONNECTOR_PROPERTY = "connector";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private ConnectionRules() {}

    static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** @throws InvocationException 400 InvalidConnectionName */
    static void checkName(String name) {
        if (!validName(name)) {
            throw new InvocationException(400, "InvalidConnectionName", nameProblem());
        }
    }

    static String nameProblem() {
        return "A connection name is 1 to 64 letters, digits, '.', '_' or '-'.";
    }

    /**
     * Whether a configuration property is a connection parameter, rather than the connection's own {@code name} and
     * {@code connector} or a property of ConfigAdmin, FileInstall, DS or a private one (leading dot).
     */
    static boolean isParameter(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return !k.equals(NAME_PROPERTY)
                && !k.equals(CONNECTOR_PROPERTY)
                && !k.startsWith(".")
                && !k.startsWith("service.")
                && !k.startsWith("felix.")
                && !k.startsWith("component.");
    }

    /** The connection parameters among a configuration's properties. */
    static Map<String, Object> parametersOf(Map<String, Object> properties) {
        Map<String, Object> parameters = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        properties.forEach((key, value) -> {
            if (isParameter(key)) {
                parameters.put(key, value);
            }
        });
        return parameters;
    }

    /**
     * The values to store for {@code given}, under the names the connector declares.
     *
     * @param declared the connector's connection parameters
     * @param given    what the caller sent; a {@code null} value leaves the parameter out
     * @param previous what is stored now (for the same connector), so that {@link NamedConnection#MASK} keeps it
     * @throws InvocationException 400 naming each parameter that is unknown, missing, or of the wrong type
     */
    static Map<String, Object> forStorage(
            String connection,
            String connector,
            Map<String, ConnectionParameter> declared,
            Map<String, Object> given,
            Map<String, Object> previous) {
        Map<String, ConnectionParameter> declarations = caseInsensitive(declared);
        Map<String, Object> before = caseInsensitive(previous);
        Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<ErrorDetail> problems = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        for (Map.Entry<String, Object> entry : given.entrySet()) {
            String name = entry.getKey();
            Object value = entry.getValue();
            ConnectionParameter declaration = declarations.get(name);
            if (declaration == null) {
                problem(
                        problems,
                        codes,
                        "UnknownConnectionParameter",
                        name,
                        "Connector '" + connector
                                + "' has no connection parameter '" + name + "'"
                                + (declared.isEmpty() ? "" : "; it has " + String.join(", ", declared.keySet())) + ".");
                continue;
            }
            String declaredName = declaredName(declared, name);
            if (!isParameter(declaredName)) {
                problem(
                        problems,
                        codes,
                        "InvalidConnectionParameter",
                        name,
                        "The connection parameter '" + declaredName
                                + "' clashes with a property of the connection configuration itself.");
                continue;
            }
            if (values.containsKey(declaredName)) {
                problem(
                        problems,
                        codes,
                        "InvalidConnectionParameter",
                        name,
                        "The connection parameter '" + declaredName
                                + "' is given twice (names do not depend on case).");
                continue;
            }
            if (value == null) {
                continue;
            }
            if (NamedConnection.MASK.equals(value)) {
                Object kept = before.get(declaredName);
                if (kept == null) {
                    problem(
                            problems,
                            codes,
                            "InvalidConnectionParameter",
                            name,
                            "The connection parameter '"
                                    + declaredName + "' is sent as " + NamedConnection.MASK
                                    + ", which keeps the stored "
                                    + "value, but none is stored; send its value or a $[secret:NAME] reference.");
                } else {
                    values.put(declaredName, kept);
                }
                continue;
            }
            if (!declaration.secure() && ParameterTypes.indirect(value)) {
                problem(
                        problems,
                        codes,
                        "InvalidConnectionParameter",
                        name,
                        ParameterTypes.referenceProblem(declaredName, declaration));
                continue;
            }
            Object stored = ParameterTypes.storable(declaration, value);
            if (stored == null) {
                problem(
                        problems,
                        codes,
                        "InvalidConnectionParameter",
                        name,
                        ParameterTypes.typeProblem(declaredName, declaration));
            } else {
                values.put(declaredName, stored);
            }
        }
        for (Map.Entry<String, ConnectionParameter> declaration : declared.entrySet()) {
            if (declaration.getValue() != null
                    && declaration.getValue().required()
                    && blank(values.get(declaration.getKey()))
                    && problems.stream().noneMatch(p -> p.target().equalsIgnoreCase(declaration.getKey()))) {
                problem(
                        problems,
                        codes,
                        "MissingConnectionParameter",
                        declaration.getKey(),
                        "The connection parameter '" + declaration.getKey() + "' is required but was not provided.");
            }
        }
        if (!problems.isEmpty()) {
            String code = codes.stream().distinct().count() == 1 ? codes.get(0) : "InvalidConnection";
            throw new InvocationException(
                    400,
                    code,
                    "Connection '" + connection + "' for connector '" + connector + "': "
                            + String.join(
                                    " ",
                                    problems.stream().map(ErrorDetail::message).toList()),
                    problems,
                    null);
        }
        return new LinkedHashMap<>(values);
    }

    /** The values of a connection as delivered (references resolved) and what is wrong with them. */
    record Checked(Map<String, Object> values, List<ErrorDetail> problems) {}

    /**
     * Converts delivered values to their declared types ({@code bool} to Boolean, {@code int} to Long, the others to
     * String) and lists what keeps the connection from being used: unknown or missing parameters, wrong types,
     * references that could not be resolved (naming the missing environment variable or secret file, from
     * {@code references}).
     */
    static Checked forUse(
            String connector,
            Map<String, ConnectionParameter> declared,
            Map<String, Object> delivered,
            Map<String, Object> stored,
            References references) {
        Map<String, ConnectionParameter> declarations = caseInsensitive(declared);
        Map<String, Object> asStored = caseInsensitive(stored);
        Map<String, Object> values = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        List<ErrorDetail> problems = new ArrayList<>();
        for (Map.Entry<String, Object> entry : parametersOf(delivered).entrySet()) {
            String name = entry.getKey();
            ConnectionParameter declaration = declarations.get(name);
            if (declaration == null) {
                problems.add(detail(name, "Connector '" + connector + "' has no connection parameter '" + name + "'."));
                continue;
            }
            Object value = entry.getValue();
            if (!declaration.secure() && ParameterTypes.indirect(asStored.get(name))) {
                // the interpolation plugin resolved it anyway (it resolves every property): never used, never shown
                problems.add(detail(name, ParameterTypes.referenceProblem(name, declaration)));
                continue;
            }
            if (declaration.secure() && SecretCipher.isEncrypted(value)) {
                problems.add(detail(
                        name,
                        "The connection parameter '" + name + "' is encrypted with a key this "
                                + "host does not have (conf/encryption.key was replaced?): set its value again."));
                continue;
            }
            if (References.holdsReference(value)) {
                // named from the stored value: the delivered one may hold a resolved part, a secret
                problems.add(detail(
                        name,
                        "The connection parameter '" + name + "' holds a reference that could " + "not be resolved: "
                                + references.unresolved(asStored.get(name)) + "."));
                continue;
            }
            Object converted = ParameterTypes.usable(declaration, value);
            if (converted == null) {
                problems.add(detail(name, ParameterTypes.typeProblem(name, declaration)));
            } else {
                values.put(declaredName(declared, name), converted);
            }
        }
        for (Map.Entry<String, ConnectionParameter> declaration : declared.entrySet()) {
            if (declaration.getValue() != null
                    && declaration.getValue().required()
                    && blank(values.get(declaration.getKey()))
                    && problems.stream().noneMatch(p -> p.target().equalsIgnoreCase(declaration.getKey()))) {
                problems.add(detail(
                        declaration.getKey(),
                        "The connection parameter '" + declaration.getKey() + "' is required but was not provided."));
            }
        }
        return new Checked(new LinkedHashMap<>(values), List.copyOf(problems));
    }

    /**
     * The values to show: a value only when the connector declares the parameter as a plain (not secure) one; every
     * other value, undeclared ones included, as {@link NamedConnection#MASK}.
     */
    static Map<String, Object> masked(Map<String, ConnectionParameter> declared, Map<String, Object> stored) {
        Map<String, ConnectionParameter> declarations = caseInsensitive(declared);
        Map<String, Object> shown = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        parametersOf(stored).forEach((name, value) -> {
            ConnectionParameter declaration = declarations.get(name);
            boolean plain = declaration != null && !declaration.secure();
            shown.put(name, plain ? value : NamedConnection.MASK);
        });
        return shown;
    }

    private static void problem(
            List<ErrorDetail> problems, List<String> codes, String code, String target, String message) {
        problems.add(detail(target, message));
        codes.add(code);
    }

    private static ErrorDetail detail(String name, String message) {
        return new ErrorDetail(name, message);
    }

    private static boolean blank(Object value) {
        return value == null || value instanceof String text && text.isBlank();
    }

    private static String declaredName(Map<String, ConnectionParameter> declared, String name) {
        for (String key : declared.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return key;
            }
        }
        return name;
    }

    /** The connection parameters a connector version declares. */
    static Map<String, ConnectionParameter> declared(ConnectorEntry entry) {
        if (entry.service() == null
                || entry.service().properties() == null
                || entry.service().properties().connectionParameters() == null) {
            return Map.of();
        }
        return entry.service().properties().connectionParameters();
    }

    /** The problems' messages, one after the other. */
    static String describe(List<ErrorDetail> problems) {
        return problems.stream().map(ErrorDetail::message).collect(Collectors.joining(" "));
    }

    static <V> Map<String, V> caseInsensitive(Map<String, V> map) {
        Map<String, V> result = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (map != null) {
            map.forEach((k, v) -> {
                if (k != null) {
                    result.put(k, v);
                }
            });
        }
        return result;
    }
}
