package dev.switchboard.tracing.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;

import dev.switchboard.connector.api.TraceContext;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationTracer;

/**
 * A call as an OpenTelemetry span: a SERVER span named {@code <connector> <operation>} whose trace and span ids are
 * those of the call's {@code traceparent} (the ids the connector's own outbound calls name as their parent), with the
 * connector id, version and operation, the answer's status and the host's error code. A call whose trace is not
 * sampled ({@code traceparent} flags) records nothing.
 */
final class SpanMapping implements InvocationTracer {

    static final AttributeKey<String> CONNECTOR_ID = AttributeKey.stringKey("switchboard.connector.id");
    static final AttributeKey<String> CONNECTOR_VERSION = AttributeKey.stringKey("switchboard.connector.version");
    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("switchboard.operation");
    static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final Tracer tracer;
    private final CallIds ids;

    SpanMapping(Tracer tracer, CallIds ids) {
        this.tracer = tracer;
        this.ids = ids;
    }

    @Override
    public CallSpan started(Invocation invocation) {
        TraceContext trace = invocation.request().traceContext().orElse(null);
        if (trace == null || !trace.sampled()) {
            return null;
        }
        ids.set(trace.traceId(), trace.spanId());
        Span span;
        try {
            span = tracer.spanBuilder(invocation.connectorId() + " " + invocation.operationId())
                    .setNoParent()
                    .setSpanKind(SpanKind.SERVER)
                    .setAttribute(CONNECTOR_ID, invocation.connectorId())
                    .setAttribute(OPERATION, invocation.operationId())
                    .startSpan();
        } finally {
            ids.clear();
        }
        return new OtelCallSpan(span);
    }

    private record OtelCallSpan(Span span) implements CallSpan {

        @Override
        public void resolved(String version) {
            span.setAttribute(CONNECTOR_VERSION, version);
        }

        @Override
        public void ended(int status, String errorCode, String errorMessage) {
            span.setAttribute(STATUS, (long) status);
            if (errorCode != null) {
                span.setAttribute(ERROR_TYPE, errorCode);
            } else if (status >= 500) {
                span.setAttribute(ERROR_TYPE, Integer.toString(status));
            }
            if (status >= 500) {
                span.setStatus(
                        StatusCode.ERROR,
                        errorCode == null
                                ? "HTTP " + status
                                : errorMessage == null ? errorCode : errorCode + ": " + errorMessage);
            }
            span.end();
        }
    }
}
