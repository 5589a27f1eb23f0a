package dev.switchboard.host.internal.logging;

import dev.switchboard.connector.api.TraceContext;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.Invocation;

/**
 * The trace of an invocation: every call the dispatcher makes carries a W3C {@code traceparent} in its request (the
 * REST API puts the caller's, or a new one; the console and the shell send none, and get a new one here), and the
 * provider runs with its connector, version and trace in the MDC.
 */
public final class InvocationTraces {

    /** {@code 00-<32>-<16>-<2>}. */
    private static final int TRACEPARENT_LENGTH = 55;

    private InvocationTraces() {}

    /** {@code invocation}, or a copy with a new trace when its request has no well-formed {@code traceparent}. */
    public static Invocation traced(Invocation invocation) {
        String value = invocation.request().headers().get(TraceContext.HEADER);
        if (value != null
                ? TraceContext.isWellFormed(value)
                : invocation.request().traceContext().isPresent()) {
            return invocation; // the REST API's case: checked without parsing
        }
        return invocation.withRequest(invocation.request().withTraceContext(TraceContext.newTrace()));
    }

    /** The log context of a call of {@code entry}: close it when the work on this thread is done. */
    public static ConnectorLogContext logContext(ConnectorEntry entry, Invocation invocation) {
        return logContext(entry.id(), entry.version(), invocation);
    }

    /**
     * The log context of a call of connector {@code connectorId} ({@code version} {@code null} while the call is not
     * bound to one), so that the host's lines about the call are the connector's too: close it after logging.
     */
    public static ConnectorLogContext logContext(String connectorId, String version, Invocation invocation) {
        String value = invocation.request().headers().get(TraceContext.HEADER);
        if (value != null && value.length() == TRACEPARENT_LENGTH) {
            // written or checked by traced(): the ids at their places, without parsing it again on every call
            return ConnectorLogContext.open(connectorId, version, value.substring(3, 35), value.substring(36, 52));
        }
        return ConnectorLogContext.open(
                connectorId, version, invocation.request().traceContext().orElse(null));
    }
}
