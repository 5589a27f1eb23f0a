/**
 * What the metrics bundle offers other bundles besides {@code GET /metrics}: the recent calls of each connector
 * version, which the Web Console draws as charts. Implemented by the metrics bundle only.
 * <p>
 * 1.0.0: first version.
 */
@Export
@Version("1.0.0")
package dev.switchboard.metrics.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
