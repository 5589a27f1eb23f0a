package dev.switchboard.host.internal.connections;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.osgi.framework.BundleContext;

/**
 * The {@code $[env:NAME]} and {@code $[secret:NAME]} references of a stored connection value, and whether each can
 * be resolved now: what the ConfigAdmin interpolation plugin would find if the configuration were delivered again.
 * Only names and the secrets folder appear in a description, never a value.
 * <p>
 * An environment variable is fixed when the process starts; a secret file is read by the plugin at every delivery,
 * so one created later is used once the connection is delivered again ({@link ConnectionDirectory} does that at the
 * connection's next use).
 */
final class References {

    /** The framework property the interpolation plugin reads its secrets folders from (comma-separated). */
    static final String SECRETS_DIR_PROPERTY = "org.apache.felix.configadmin.plugin.interpolation.secretsdir";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\[(env|secret|prop|conf):([^\\];]*)(;[^\\]]*)?\\]");

    /** One reference: its type ({@code env}, {@code secret}, ...), the name it refers to, whether it has a default. */
    record Reference(String type, String name, boolean hasDefault) {}

    private final Function<String, String> environment;
    private final List<Path> secretFolders;
    private final Path home;
    private final Predicate<Path> fileExists;

    /**
     * @param environment   the process environment ({@code System::getenv})
     * @param secretFolders where the interpolation plugin looks for secret files, in order
     * @param home          the Switchboard home, so that a folder under it is shown relative ({@code conf/secrets})
     * @param fileExists    whether a secret file is there
     */
    References(Function<String, String> environment, List<Path> secretFolders, Path home, Predicate<Path> fileExists) {
        this.environment = environment;
        this.secretFolders = List.copyOf(secretFolders);
        this.home = home;
        this.fileExists = fileExists;
    }

    /** As the running host resolves them: its environment and the interpolation plugin's secrets folders. */
    static References of(BundleContext context) {
        List<Path> folders = new ArrayList<>();
        String configured = context.getProperty(SECRETS_DIR_PROPERTY);
        if (configured != null) {
            for (String folder : configured.split("\\s*,\\s*")) {
                if (!folder.isBlank()) {
                    folders.add(path(folder.trim()));
                }
            }
        }
        String home = context.getProperty("switchboard.home");
        return new References(System::getenv, folders, home == null ? null : path(home), Files::isRegularFile);
    }

    private static Path path(String text) {
        try {
            return Paths.get(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return Paths.get(".").toAbsolutePath();
        }
    }

    /** The references in {@code value}, in order; empty for anything but a string. */
    static List<Reference> in(Object value) {
        List<Reference> found = new ArrayList<>();
        if (value instanceof String text) {
            Matcher m = REFERENCE.matcher(text);
            while (m.find()) {
                found.add(new Reference(
                        m.group(1),
                        m.group(2).trim(),
                        m.group(3) != null && m.group(3).contains("default=")));
            }
        }
        return found;
    }

    /** Whether {@code value} holds a reference left unresolved (as the plugin leaves one it cannot resolve). */
    static boolean holdsReference(Object value) {
        return value instanceof String text && REFERENCE.matcher(text).find();
    }

    /** Whether the plugin would resolve {@code reference} if the configuration were delivered now. */
    boolean available(Reference reference) {
        return switch (reference.type()) {
            case "env" -> reference.hasDefault() || environment.apply(reference.name()) != null;
            case "secret" -> reference.hasDefault() || secretFile(reference.name()) != null;
            default -> true; // framework and configuration properties: not ours to judge
        };
    }

    /** Whether every reference of {@code storedValue} can be resolved now (false when it holds none). */
    boolean allAvailable(Object storedValue) {
        List<Reference> references = in(storedValue);
        return !references.isEmpty() && references.stream().allMatch(this::available);
    }

    /**
     * Why the references of {@code storedValue} were left unresolved, naming each missing variable or file and what
     * to do; for a person, without any value.
     */
    String unresolved(Object storedValue) {
        List<Reference> references = in(storedValue);
        List<String> missing = references.stream()
                .filter(r -> !available(r))
                .map(this::missing)
                .collect(Collectors.toList());
        if (!missing.isEmpty()) {
            return String.join("; ", missing);
        }
        String names = references.stream().map(r -> describe(r)).collect(Collectors.joining(", "));
        return names.isEmpty()
                ? "a reference was left unresolved"
                : names + " now there, not read yet: it is read at the connection's next use";
    }

    private String missing(Reference reference) {
        return switch (reference.type()) {
            case "env" ->
                "environment variable '" + reference.name() + "' is not set: a running host cannot "
                        + "gain one, so start the host with " + reference.name() + " set (or use a $[secret:NAME] "
                        + "file instead, which is read when it appears)";
            case "secret" ->
                secretFolders.isEmpty()
                        ? "secret file '" + reference.name() + "': no secrets folder is configured (framework property "
                                + SECRETS_DIR_PROPERTY + ")"
                        : "secret file '" + reference.name() + "' does not exist (looked for at "
                                + secretFolders.stream()
                                        .map(folder -> shown(folder.resolve(reference.name())))
                                        .collect(Collectors.joining(", "))
                                + "): create it and the connection uses it "
                                + "at its next call, no restart needed";
            default -> describe(reference) + " could not be resolved";
        };
    }

    private static String describe(Reference reference) {
        return switch (reference.type()) {
            case "env" -> "environment variable '" + reference.name() + "'";
            case "secret" -> "secret file '" + reference.name() + "'";
            case "prop" -> "framework property '" + reference.name() + "'";
            default -> "configuration property '" + reference.name() + "'";
        };
    }

    private Path secretFile(String name) {
        if (name.isEmpty() || name.contains("..")) {
            return null; // the plugin refuses to leave its folder
        }
        for (Path folder : secretFolders) {
            Path file;
            try {
                file = folder.resolve(name).normalize();
            } catch (InvalidPathException e) {
                return null;
            }
            if (file.startsWith(folder) && fileExists.test(file)) {
                return file;
            }
        }
        return null;
    }

    private String shown(Path path) {
        Path normalized = path.normalize();
        if (home != null && normalized.startsWith(home) && !normalized.equals(home)) {
            return home.relativize(normalized).toString().replace('\\', '/');
        }
        return normalized.toString();
    }
}
