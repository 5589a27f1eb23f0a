package dev.switchboard.tracing.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import dev.switchboard.connector.api.TraceContext;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationTracer;

/**
 * A call as an OpenTelemetry span: a SERVER span named {@code <connector> <operation>} whose trace and span ids are
 * those of the call's {@code traceparent} (the ids the connector's own outbound calls name as their parent), with the
 * connector id, version and operation, the answer's status and the host's error code. Its parent is the caller's span
 * ({@link Invocation#parentSpanId()}, from the {@code traceparent} the caller sent), so the call shows under the
 * caller in the trace; a call that started its trace is a root span. A call whose trace is not sampled
 * ({@code traceparent} flags) records nothing.
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
            SpanBuilder builder = tracer.spanBuilder(invocation.connectorId() + " " + invocation.operationId());
            SpanContext caller = callerSpan(trace, invocation.parentSpanId());
            if (caller.isValid()) {
                builder.setParent(Context.root().with(Span.wrap(caller)));
            } else {
                builder.setNoParent();
            }
            span = builder.setSpanKind(SpanKind.SERVER)
                    .setAttribute(CONNECTOR_ID, invocation.connectorId())
                    .setAttribute(OPERATION, invocation.operationId())
                    .startSpan();
        } finally {
            ids.clear();
        }
        return new OtelCallSpan(span);
    }

    /**
     * The caller's span as a remote parent in the call's trace; invalid (so the call's span is a root) when the call
     * started its trace or the id is malformed.
     */
    private static SpanContext callerSpan(TraceContext trace, String parentSpanId) {
        if (parentSpanId == null) {
            return SpanContext.getInvalid();
        }
        return SpanContext.createFromRemoteParent(
                trace.traceId(),
                parentSpanId,
                trace.sampled() ? TraceFlags.getSampled() : TraceFlags.getDefault(),
                TraceState.getDefault());
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
