/**
 * The host's own service API: what the REST API, the Web Console plugin and the shell use to read the connector
 * catalog, invoke operations, keep named connections and see the deploy folder. Implemented by the host bundle only.
 * <p>
 * 1.2.0 adds {@link dev.switchboard.host.api.AuditLog} and {@link dev.switchboard.host.api.AuditEntry}: the audit
 * trail of management actions ({@code $SWITCHBOARD_HOME/data/audit/}), written by the host for the deploy folder
 * and rollbacks and by the front ends (REST API, console, shell) for what they are asked to do.
 * <p>
 * 1.3.0 adds the {@link dev.switchboard.host.api.DeploymentState}s {@code PENDING} (not picked up yet),
 * {@code DUPLICATE} (a second file of a bundle another file serves), {@code NO_CONNECTOR} (a bundle that uses the
 * connector API but registers no connector) and {@code APPLIED} (a configuration file), and
 * {@link dev.switchboard.host.api.Deployment#pid()}: configuration files are listed too.
 * <p>
 * 1.4.0 adds {@link dev.switchboard.host.api.InvocationListener} (with its
 * {@link dev.switchboard.host.api.InvocationListener.CallMeter}) and {@link dev.switchboard.host.api.CallOutcome},
 * through which the dispatcher reports every call's outcome and duration, and
 * {@link dev.switchboard.host.api.DispatcherLoad}, the dispatcher's active and queued calls: for metrics.
 * <p>
 * 1.5.0 adds {@link dev.switchboard.host.api.ConnectorLogContext} (the MDC keys and scope that tie a log line to a
 * connector version and a W3C trace) and {@link dev.switchboard.host.api.ConnectorLogs} with
 * {@link dev.switchboard.host.api.ConnectorLogLine}: the recent log lines of each connector.
 * Also in 1.5.0: {@link dev.switchboard.host.api.InvocationException#retryAfterSeconds()}, the Retry-After advice of
 * 429 RateLimited and 503 ConnectorBusy (per-connector bulkheads and rate limits), and
 * {@link dev.switchboard.host.api.Invocation#connectionName()}: the stored connection a call uses, for rate limits per
 * named connection;
 * {@link dev.switchboard.host.api.BulkheadLoad} and {@link dev.switchboard.host.api.DispatcherLoad#bulkheads()}:
 * each connector's bulkhead (active, queued, rejected) for metrics; and canary traffic:
 * {@link dev.switchboard.host.api.TrafficControl} with {@link dev.switchboard.host.api.TrafficSplit},
 * {@link dev.switchboard.host.api.TrafficGuard}, {@link dev.switchboard.host.api.TrafficStatus},
 * {@link dev.switchboard.host.api.TrafficRollback} and {@link dev.switchboard.host.api.TrafficException}.
 * <p>
 * 1.6.0 adds one error model and one view service: {@link dev.switchboard.host.api.Failure} (with its
 * {@link dev.switchboard.host.api.Failure.Reason}) and its unchecked base
 * {@link dev.switchboard.host.api.FailureException}, which {@link dev.switchboard.host.api.InvocationException} now
 * extends (it gains constructors taking a reason, with or without Retry-After advice);
 * {@link dev.switchboard.host.api.Failures}, the one mapping of a failure (a {@link dev.switchboard.host.api.TrafficException}
 * included) to an HTTP status and {@link dev.switchboard.host.api.ErrorBody}; and
 * {@link dev.switchboard.host.api.JsonViews}, the JSON views (connectors, deployments, errors, traffic splits, log
 * lines) and strict mapper the REST API, console and shell share.
 * Also in 1.6.0: {@link dev.switchboard.host.api.InvocationTracer} (with its
 * {@link dev.switchboard.host.api.InvocationTracer.CallSpan}): the dispatcher reports each call's start, resolved
 * version and answer, for a bundle that exports spans (OpenTelemetry) without the host depending on it.
 * <p>
 * 1.7.0 adds {@link dev.switchboard.host.api.Invocation#parentSpanId()} (the caller's span, the parent of the call's)
 * with {@link dev.switchboard.host.api.Invocation#withParentSpanId(String)}, so that an exported span has the caller's
 * span as its parent; and {@link dev.switchboard.host.api.Rollback#auditDetails()}, the one audit record of a rollback.
 * <p>
 * 1.8.0 adds {@link dev.switchboard.host.api.DeploymentFiles} (with its
 * {@link dev.switchboard.host.api.DeploymentFiles.Written}) and {@link dev.switchboard.host.api.DeploymentException}:
 * files put into and taken out of the deploy folder by the front ends ({@code PUT}/{@code DELETE
 * /api/deployments/{file}}, the console's upload), checked before they are written; and
 * {@link dev.switchboard.host.api.DeploymentInventory#unsettled()}, the files still on their way, which a readiness
 * check can poll during a start of thousands of connectors without a full report each time; and
 * {@link dev.switchboard.host.api.ConnectorCatalog#publishing()}, whether registrations wait to be published.
 */
@Export
@Version("1.8.0")
package dev.switchboard.host.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
