package dev.switchboard.tracing.internal;

import io.opentelemetry.sdk.trace.IdGenerator;

/**
 * The ids of the span being started: the host already chose them (the call's {@code traceparent}), so the SDK takes
 * them from here instead of making new ones. Set on the thread that starts the span, just before, and cleared after:
 * {@code SpanBuilder.startSpan()} asks for them synchronously on that thread.
 */
final class CallIds implements IdGenerator {

    private static final IdGenerator RANDOM = IdGenerator.random();

    private final ThreadLocal<String[]> next = new ThreadLocal<>();

    /** The trace and span id of the next span started on this thread. */
    void set(String traceId, String spanId) {
        next.set(new String[] {traceId, spanId});
    }

    void clear() {
        next.remove();
    }

    @Override
    public String generateSpanId() {
        String[] ids = next.get();
        return ids != null ? ids[1] : RANDOM.generateSpanId();
    }

    @Override
    public String generateTraceId() {
        String[] ids = next.get();
        return ids != null ? ids[0] : RANDOM.generateTraceId();
    }
}
