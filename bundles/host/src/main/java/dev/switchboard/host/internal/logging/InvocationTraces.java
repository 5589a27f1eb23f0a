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

    private InvocationTraces() {
    }

    /** {@code invocation}, or a copy with a new trace when its request has no well-formed {@code traceparent}. */
    public static Invocation traced(Invocation invocation) {
        if (invocation.request().traceContext().isPresent()) {
            return invocation;
        }
        return invocation.withRequest(invocation.request().withTraceContext(TraceContext.newTrace()));
    }

    /** The log context of a call of {@code entry}: close it when the work on this thread is done. */
    public static ConnectorLogContext logContext(ConnectorEntry entry, Invocation invocation) {
        return ConnectorLogContext.open(entry.id(), entry.version(),
                invocation.request().traceContext().orElse(null));
    }
}
