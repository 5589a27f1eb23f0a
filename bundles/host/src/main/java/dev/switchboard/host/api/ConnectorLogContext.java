package dev.switchboard.host.api;

import org.slf4j.MDC;

import dev.switchboard.connector.api.TraceContext;

/**
 * The SLF4J MDC values that tie a log line to a connector and a trace, set while the host works for a connector (an
 * invocation, a trigger binding or a webhook delivery). The launcher's logging appends them to the line
 * ({@code [traceId=… connector=id@version]}) and the host's per-connector log buffers ({@link ConnectorLogs}) file the
 * line under the connector. Lines the connector logs itself on that thread carry them too.
 * <p>
 * A scope restores what was there before when closed, so scopes nest (an inline call on a request thread).
 *
 * @since 1.5.0
 */
public final class ConnectorLogContext implements AutoCloseable {

    /** MDC key: the connector id. */
    public static final String CONNECTOR = "connector";
    /** MDC key: the connector version. */
    public static final String VERSION = "connector.version";
    /** MDC key: the W3C trace id (32 hex digits). */
    public static final String TRACE_ID = "traceId";
    /** MDC key: the span id of the work in progress (16 hex digits). */
    public static final String SPAN_ID = "spanId";

    private static final String[] KEYS = {CONNECTOR, VERSION, TRACE_ID, SPAN_ID};

    private final String[] previous = new String[KEYS.length];

    private ConnectorLogContext(String connectorId, String version, String traceId, String spanId) {
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
        }
        set(CONNECTOR, connectorId);
        set(VERSION, version);
        set(TRACE_ID, traceId);
        set(SPAN_ID, spanId);
    }

    /**
     * Puts the connector, its version and the trace into the MDC of this thread until {@link #close()}; a
     * {@code null} argument removes its key for the scope.
     */
    public static ConnectorLogContext open(String connectorId, String version, TraceContext trace) {
        return new ConnectorLogContext(
                connectorId, version, trace == null ? null : trace.traceId(), trace == null ? null : trace.spanId());
    }

    /** {@link #open(String, String, TraceContext)} with the trace's ids as they are (already checked). */
    public static ConnectorLogContext open(String connectorId, String version, String traceId, String spanId) {
        return new ConnectorLogContext(connectorId, version, traceId, spanId);
    }

    @Override
    public void close() {
        for (int i = 0; i < KEYS.length; i++) {
            set(KEYS[i], previous[i]);
        }
    }

    private static void set(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }
}
