package dev.switchboard.host.internal.connections;

import java.util.Locale;
import java.util.regex.Pattern;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.crypto.api.SecretCipher;

/**
 * The declared types of connection parameters: which values each type takes, as stored (references allowed) and as
 * used (converted: {@code bool} to Boolean, {@code int} to Long, the others to String), and how a wrong value is
 * described, naming the parameter, never its value.
 */
final class ParameterTypes {

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d{1,18}");
    /** A reference the ConfigAdmin interpolation plugin resolves when the configuration is delivered. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\[(env|secret|prop|conf):[^\\]]*\\]");

    private ParameterTypes() {}

    /** The value as stored for {@code declaration}, or {@code null} when its type is wrong. */
    static Object storable(ConnectionParameter declaration, Object value) {
        if (value instanceof String text && REFERENCE.matcher(text).find()) {
            return text; // resolved and checked when used
        }
        return usable(declaration, value);
    }

    static Object usable(ConnectionParameter declaration, Object value) {
        String type = declaration.type() == null
                ? ConnectionParameter.STRING
                : declaration.type().toLowerCase(Locale.ROOT);
        switch (type) {
            case ConnectionParameter.BOOL:
                if (value instanceof Boolean) {
                    return value;
                }
                if (value instanceof String text
                        && (text.trim().equalsIgnoreCase("true") || text.trim().equalsIgnoreCase("false"))) {
                    return Boolean.valueOf(text.trim());
                }
                return null;
            case ConnectionParameter.INT:
                if (value instanceof Integer
                        || value instanceof Long
                        || value instanceof Short
                        || value instanceof Byte) {
                    return ((Number) value).longValue();
                }
                if (value instanceof String text && INTEGER.matcher(text.trim()).matches()) {
                    return Long.valueOf(text.trim());
                }
                return null;
            case ConnectionParameter.STRING:
            case ConnectionParameter.SECURE_STRING:
                return value instanceof String ? value : null;
            default:
                // a type this host does not know: passed on as the connector declared it, unchecked
                return value;
        }
    }

    static String typeProblem(String name, ConnectionParameter declaration) {
        String type = declaration.type() == null ? ConnectionParameter.STRING : declaration.type();
        String expected = switch (type.toLowerCase(Locale.ROOT)) {
            case ConnectionParameter.BOOL -> "a boolean (true or false)";
            case ConnectionParameter.INT -> "an integer";
            default -> "a string";
        };
        return "The connection parameter '" + name + "' must be " + expected + " (type " + type + ")"
                + (declaration.secure() ? " or a $[env:NAME] / $[secret:NAME] reference." : ".");
    }

    static String referenceProblem(String name, ConnectionParameter declaration) {
        String type = declaration.type() == null ? ConnectionParameter.STRING : declaration.type();
        return "The connection parameter '" + name + "' (type " + type + ") holds a $[env:NAME] / $[secret:NAME] "
                + "reference or an encrypted value: references are only for securestring parameters, whose values "
                + "are never shown; give this parameter its value itself.";
    }

    /** A value the host does not take at face value: a reference the interpolation plugin resolves, or ciphertext. */
    static boolean indirect(Object value) {
        return value instanceof String text && (REFERENCE.matcher(text).find() || SecretCipher.isEncrypted(text));
    }
}
