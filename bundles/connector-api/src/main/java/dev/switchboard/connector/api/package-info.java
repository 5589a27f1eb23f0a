/**
 * The Switchboard connector contract: the Java twin of a Logic Apps built-in "service provider".
 * <p>
 * A connector bundle registers a {@link dev.switchboard.connector.api.ServiceOperationsProvider} service (and, for
 * triggers, a {@link dev.switchboard.connector.api.ServiceOperationsTriggerProvider}); the host reads its metadata
 * and operations once per registration and dispatches invocations to it. Everything a connector author needs is in
 * this package; a connector depends on nothing else of Switchboard.
 */
@Export
@Version("1.0.0")
package dev.switchboard.connector.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
