package dev.switchboard.connector.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import dev.switchboard.connector.api.ServiceOperationsProvider;
import dev.switchboard.connector.validation.ConnectorBundleCheck;
import dev.switchboard.connector.validation.ManifestCheck;
import dev.switchboard.connector.validation.ManifestCheckResult;

/**
 * The host's own manifest checks, before deploy: {@link #assertAccepted} runs the very {@link ManifestCheck} the
 * host's catalog runs when a connector registers, and fails with the reason {@code /api/connectors} and
 * {@code /api/deployments} would show; {@link #assertConnectorBundle} reads a built jar's headers as the host does.
 * <pre>
 * &#64;Test
 * void manifestIsWhatTheHostAccepts() {
 *     ManifestAssertions.assertAccepted(new WeatherConnector());
 * }
 * </pre>
 */
public final class ManifestAssertions {

    private static final ManifestCheck CHECK = new ManifestCheck();

    private ManifestAssertions() {}

    /**
     * Checks {@code provider}'s manifest as the host does: connector id, operation names (unique), inputs and outputs
     * JSON Schemas (valid, offline), and, stricter than the host, what it only logs: connection parameter types,
     * trigger kinds, and the {@code ServiceOperationsTriggerProvider} side of a connector with triggers.
     *
     * @return the result, with the compiled inputs schemas
     * @throws AssertionError naming the first mistake in the host's words, or every warning
     */
    public static ManifestCheckResult assertAccepted(ServiceOperationsProvider provider) {
        ManifestCheckResult result = CHECK.check(provider);
        String label = result.id() != null
                ? "connector '" + result.id() + "'"
                : provider.getClass().getName();
        if (result.isFailed()) {
            throw new AssertionError("The host would list " + label + " as FAILED: " + result.failure());
        }
        if (!result.warnings().isEmpty()) {
            throw new AssertionError(
                    "The host would load " + label + " but warn: " + String.join("; ", result.warnings()));
        }
        return result;
    }

    /** The first mistake the host would report for {@code provider}, or its warnings; {@code null} when none. */
    public static String problemOf(ServiceOperationsProvider provider) {
        ManifestCheckResult result = CHECK.check(provider);
        if (result.isFailed()) {
            return result.failure();
        }
        return result.warnings().isEmpty() ? null : String.join("; ", result.warnings());
    }

    /**
     * Checks a built connector jar's manifest headers: an OSGi bundle, and, when it imports the connector API, a
     * {@code Service-Component} header (a provider class without {@code @Component} gives a bundle that starts and
     * registers nothing: the host lists it as {@code NO_CONNECTOR} with the same words).
     *
     * @throws AssertionError naming the problem
     */
    public static void assertConnectorBundle(Path jar) {
        String problem = ConnectorBundleCheck.problem(headers(jar));
        if (problem != null) {
            throw new AssertionError(jar.getFileName() + ": " + problem);
        }
    }

    static Map<String, String> headers(Path jar) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Map<String, String> headers = new LinkedHashMap<>();
            if (manifest != null) {
                for (Map.Entry<Object, Object> e : manifest.getMainAttributes().entrySet()) {
                    headers.put(((Attributes.Name) e.getKey()).toString(), String.valueOf(e.getValue()));
                }
            }
            return headers;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
