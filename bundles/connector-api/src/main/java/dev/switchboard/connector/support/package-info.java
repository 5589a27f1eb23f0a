/**
 * Support for connector authors: the parts every connector with a manifest or a polling trigger would otherwise write
 * again. Nothing here is required; a connector may implement {@code dev.switchboard.connector.api} directly.
 * <ul>
 * <li>{@link dev.switchboard.connector.support.ManifestConnector}: a provider whose service and operations come from
 * a {@link dev.switchboard.connector.api.ConnectorManifest}, with the invoke wrapper (a synchronous failure becomes a
 * failed stage) and the standard "no such operation" failure.</li>
 * <li>{@link dev.switchboard.connector.support.ManifestTriggerConnector}: the same for a connector that also runs its
 * one trigger binding (type, trigger operation, connection information).</li>
 * <li>{@link dev.switchboard.connector.support.PollScheduler}: the host's one shared scheduler on which every
 * polling trigger runs (a DS service; reference it, never start a thread per subscription), with
 * {@link dev.switchboard.connector.support.Pollers} (a connector's running subscriptions, closed together) and
 * {@link dev.switchboard.connector.support.Backoff} (the doubling delay after failed polls).</li>
 * <li>{@link dev.switchboard.connector.support.TriggerConnection}: a binding's connection information (the connection
 * parameters as JSON) written and read back.</li>
 * </ul>
 * 1.0.0: first version.
 */
@Export
@Version("1.0.0")
package dev.switchboard.connector.support;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
