/**
 * The Switchboard connector contract: the Java twin of a Logic Apps built-in "service provider".
 * <p>
 * A connector bundle registers a {@link dev.switchboard.connector.api.ServiceOperationsProvider} service (and, for
 * triggers, a {@link dev.switchboard.connector.api.ServiceOperationsTriggerProvider}); the host reads its metadata
 * and operations once per registration and dispatches invocations to it. Everything a connector author needs is in
 * this package; a connector depends on nothing else of Switchboard.
 * <p>
 * 1.1.0 adds the trigger binding runtime: {@link dev.switchboard.connector.api.TriggerBinding} (implemented by
 * whoever runs a binding type) and what the host hands it, {@link dev.switchboard.connector.api.TriggerContext},
 * {@link dev.switchboard.connector.api.EventSink} and {@link dev.switchboard.connector.api.CheckpointStore}.
 * <p>
 * 1.2.0 adds {@link dev.switchboard.connector.api.NonBlocking}: a provider that never blocks in
 * {@code invokeOperation} may say so and be called on the caller's thread.
 * <p>
 * 1.3.0 adds {@link dev.switchboard.connector.api.TriggerBinding#startPosition} (a subscription's starting position,
 * fixed and stored when it is created) and {@link dev.switchboard.connector.api.TriggerContext#failing} /
 * {@link dev.switchboard.connector.api.TriggerContext#recovered} (a running binding that cannot read its source),
 * all default methods.
 * <p>
 * 1.4.0 adds {@link dev.switchboard.connector.api.TraceContext} (W3C {@code traceparent}: parse, new trace, child
 * span) and {@link dev.switchboard.connector.api.ServiceOperationRequest#traceContext()} /
 * {@link dev.switchboard.connector.api.ServiceOperationRequest#withTraceContext}: the host puts the invocation's span
 * into the request's {@code traceparent} header, and a connector that calls out sends a child span of it.
 * <p>
 * 1.5.0 adds {@link dev.switchboard.connector.api.CompletionFailures#unwrap}: the failure inside a completion
 * stage's wrappers, as the host reports it.
 */
@Export
@Version("1.5.0")
package dev.switchboard.connector.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
