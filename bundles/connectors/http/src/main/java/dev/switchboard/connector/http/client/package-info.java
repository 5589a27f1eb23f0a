/**
 * The HTTP connector's client for other bundles: send one request the way {@code sendRequest} does (timeouts, size
 * limits, TLS, redirects not followed, private addresses refused when configured, credentials only to the base
 * URL's origin, header values checked) without going through the catalog.
 * <p>
 * 1.0.0: {@link dev.switchboard.connector.http.client.HttpRequestSender} and
 * {@link dev.switchboard.connector.http.client.OutboundRequest}.
 */
@Export
@Version("1.0.0")
package dev.switchboard.connector.http.client;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
