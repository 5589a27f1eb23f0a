/**
 * The host's own service API: what the REST API, the Web Console plugin and the shell use to read the connector
 * catalog, invoke operations, keep named connections and see the deploy folder. Implemented by the host bundle only.
 */
@Export
@Version("1.2.0")
package dev.switchboard.host.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
