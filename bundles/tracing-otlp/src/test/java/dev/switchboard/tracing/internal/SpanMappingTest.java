package dev.switchboard.tracing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.After;
import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationTracer.CallSpan;

public class SpanMappingTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final CallIds ids = new CallIds();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .setIdGenerator(ids)
            .addSpanProcessor(SimpleSpanProcessor.create(exported))
            .build();
    private final SpanMapping mapping = new SpanMapping(provider.get("test"), ids);

    @After
    public void close() {
        provider.close();
    }

    private static Invocation invocation(String traceparent) {
        return new Invocation(
                "greeter", null, "greet", null, new ServiceOperationRequest(null, Map.of("traceparent", traceparent)));
    }

    @Test
    public void aCallIsAServerSpanWithTheIdsOfItsTraceparentAndTheConnectorAttributes() {
        CallSpan span = mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01"));
        span.resolved("1.0.0");
        span.ended(200, null, null);

        List<SpanData> spans = exported.getFinishedSpanItems();
        assertEquals(1, spans.size());
        SpanData data = spans.get(0);
        assertEquals(TRACE_ID, data.getTraceId());
        assertEquals(SPAN_ID, data.getSpanId());
        assertEquals("greeter greet", data.getName());
        assertEquals(SpanKind.SERVER, data.getKind());
        assertEquals("greeter", data.getAttributes().get(SpanMapping.CONNECTOR_ID));
        assertEquals("1.0.0", data.getAttributes().get(SpanMapping.CONNECTOR_VERSION));
        assertEquals("greet", data.getAttributes().get(SpanMapping.OPERATION));
        assertEquals(Long.valueOf(200), data.getAttributes().get(SpanMapping.STATUS));
        assertNull(data.getAttributes().get(SpanMapping.ERROR_TYPE));
        assertEquals(StatusCode.UNSET, data.getStatus().getStatusCode());
        assertTrue(data.getEndEpochNanos() >= data.getStartEpochNanos());
    }

    @Test
    public void theCallersSpanIsTheParentOfTheExportedSpan() {
        String callerSpan = "b7ad6b7169203331";
        CallSpan span = mapping.started(
                invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01").withParentSpanId(callerSpan));
        span.ended(200, null, null);

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals(TRACE_ID, data.getTraceId());
        assertEquals(SPAN_ID, data.getSpanId());
        assertEquals(callerSpan, data.getParentSpanId());
        assertTrue(
                "the parent is the caller's, in another process",
                data.getParentSpanContext().isRemote());
        assertEquals(TRACE_ID, data.getParentSpanContext().getTraceId());
    }

    @Test
    public void aCallThatStartedItsTraceIsARootSpan() {
        mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01")).ended(200, null, null);

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertFalse(data.getParentSpanContext().isValid());
    }

    @Test
    public void aMalformedParentSpanIdIsIgnored() {
        mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01").withParentSpanId("not-hex"))
                .ended(200, null, null);

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals(SPAN_ID, data.getSpanId());
        assertFalse(data.getParentSpanContext().isValid());
    }

    @Test
    public void aTimeoutIsAnErrorSpanWithTheHostsCode() {
        CallSpan span = mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01"));
        span.ended(504, "Timeout", "No answer within 60000 ms");

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals(Long.valueOf(504), data.getAttributes().get(SpanMapping.STATUS));
        assertEquals("Timeout", data.getAttributes().get(SpanMapping.ERROR_TYPE));
        assertEquals(StatusCode.ERROR, data.getStatus().getStatusCode());
        assertEquals("Timeout: No answer within 60000 ms", data.getStatus().getDescription());
        assertNull(
                "a call that never resolved has no version",
                data.getAttributes().get(SpanMapping.CONNECTOR_VERSION));
    }

    @Test
    public void aRefusalAsTheCallersFaultIsNotAnErrorSpan() {
        CallSpan span = mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01"));
        span.ended(400, "InvalidInputs", "name is required");

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals("InvalidInputs", data.getAttributes().get(SpanMapping.ERROR_TYPE));
        assertEquals(StatusCode.UNSET, data.getStatus().getStatusCode());
    }

    @Test
    public void aConnectorsOwn5xxAnswerIsAnErrorSpanTypedByItsStatus() {
        CallSpan span = mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01"));
        span.ended(502, null, null);

        SpanData data = exported.getFinishedSpanItems().get(0);
        assertEquals("502", data.getAttributes().get(SpanMapping.ERROR_TYPE));
        assertEquals(StatusCode.ERROR, data.getStatus().getStatusCode());
    }

    @Test
    public void anUnsampledTraceRecordsNothing() {
        assertNull(mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-00")));
        assertTrue(exported.getFinishedSpanItems().isEmpty());
    }

    @Test
    public void otherSpansStillGetRandomIds() {
        mapping.started(invocation("00-" + TRACE_ID + "-" + SPAN_ID + "-01")).ended(200, null, null);
        provider.get("test").spanBuilder("other").startSpan().end();

        SpanData other = exported.getFinishedSpanItems().get(1);
        assertFalse(TRACE_ID.equals(other.getTraceId()));
        assertFalse(SPAN_ID.equals(other.getSpanId()));
    }
}
