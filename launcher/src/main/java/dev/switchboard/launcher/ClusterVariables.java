package dev.switchboard.launcher;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The feature variables cluster mode takes from the environment: {@code switchboard.cluster} ({@code true} when
 * {@code SWITCHBOARD_CLUSTER_URL} is set: the framework property other bundles read to wait for the cluster rather
 * than work alone), the password's reference, and the encryption key file every node must share
 * ({@code SWITCHBOARD_ENCRYPTION_KEY_FILE}, else the home's {@code conf/encryption.key}).
 * <p>
 * The password never reaches a file: the configuration holds {@code $[env:SWITCHBOARD_CLUSTER_PASSWORD]}, or, when the
 * variable itself is a reference such as {@code $[secret:cluster-password]}, that reference; ConfigAdmin's
 * interpolation plugin resolves either when the cluster bundle reads its configuration.
 */
final class ClusterVariables {

    static final String CLUSTER = "switchboard.cluster";
    static final String PASSWORD = "switchboard.cluster.password";
    static final String KEY_FILE = "switchboard.crypto.key.file";

    private static final Pattern REFERENCE = Pattern.compile("\\$\\[(secret|env|prop):[^\\]]+\\]");
    private static final String PASSWORD_FROM_ENV = "$[env:SWITCHBOARD_CLUSTER_PASSWORD;default=]";

    private ClusterVariables() {}

    static Map<String, String> of(Map<String, String> environment, Path home, Path workingDirectory) {
        Map<String, String> values = new LinkedHashMap<>();
        String url = environment.getOrDefault("SWITCHBOARD_CLUSTER_URL", "").trim();
        values.put(CLUSTER, Boolean.toString(!url.isEmpty()));
        String password =
                environment.getOrDefault("SWITCHBOARD_CLUSTER_PASSWORD", "").trim();
        values.put(PASSWORD, REFERENCE.matcher(password).matches() ? password : PASSWORD_FROM_ENV);
        String keyFile =
                environment.getOrDefault("SWITCHBOARD_ENCRYPTION_KEY_FILE", "").trim();
        values.put(
                KEY_FILE,
                keyFile.isEmpty()
                        ? home.resolve("conf").resolve("encryption.key").toString()
                        : workingDirectory
                                .resolve(keyFile)
                                .toAbsolutePath()
                                .normalize()
                                .toString());
        return values;
    }
}
