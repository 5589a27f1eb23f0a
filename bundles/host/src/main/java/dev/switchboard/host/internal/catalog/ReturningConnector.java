package dev.switchboard.host.internal.catalog;

import dev.switchboard.host.api.BundleInfo;

/**
 * A connector version whose provider was unregistered while its bundle stayed installed: most likely the bundle is
 * being updated (FileInstall replaces a jar by stopping, updating and restarting it), so callers wait for it instead
 * of failing. Only names and numbers: it never holds the provider, so an old class loader can go.
 *
 * @param id      the connector id it had
 * @param version the version it had
 * @param bundle  the bundle it came from (the same bundle id comes back after an update)
 */
public record ReturningConnector(String id, String version, BundleInfo bundle) {

    /** For messages: {@code greeter@1.0.0 (bundle dev.example.greeter, id 12)}. */
    public String describe() {
        return id + "@" + version + " (bundle " + bundle.symbolicName() + ", id " + bundle.id() + ")";
    }
}
