package dev.switchboard.connector.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.Test;

public class TraceContextTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    public void aWellFormedTraceparentIsReadFieldByField() {
        TraceContext trace = TraceContext.parse(VALID).orElseThrow();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", trace.traceId());
        assertEquals("00f067aa0ba902b7", trace.spanId());
        assertTrue(trace.sampled());
        assertEquals(VALID, trace.traceparent());
    }

    @Test
    public void malformedValuesAreEmptyNeverAnError() {
        String[] bad = {
            null,
            "",
            "garbage",
            VALID.toUpperCase(),
            VALID + "-extra",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
        };
        for (String value : bad) {
            assertFalse(String.valueOf(value), TraceContext.parse(value).isPresent());
            assertFalse(String.valueOf(value), TraceContext.isWellFormed(value));
        }
        assertTrue(TraceContext.isWellFormed(" " + VALID + " "));
        assertEquals(VALID, TraceContext.parse(" " + VALID + " ").orElseThrow().traceparent());
    }

    @Test
    public void aHigherVersionIsReadByItsFirstFourFields() {
        TraceContext trace = TraceContext.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-more")
                .orElseThrow();
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", trace.traceId());
        assertFalse(trace.sampled());
    }

    @Test
    public void aNewTraceIsWellFormedAndDiffersEachTime() {
        TraceContext a = TraceContext.newTrace();
        TraceContext b = TraceContext.newTrace();
        assertEquals(a, TraceContext.parse(a.traceparent()).orElseThrow());
        assertNotEquals(a.traceId(), b.traceId());
        assertTrue(a.sampled());
    }

    @Test
    public void aChildKeepsTheTraceAndFlagsWithANewSpan() {
        TraceContext parent = TraceContext.parse(VALID).orElseThrow();
        TraceContext child = parent.child();
        assertEquals(parent.traceId(), child.traceId());
        assertEquals(parent.flags(), child.flags());
        assertNotEquals(parent.spanId(), child.spanId());
        assertEquals(child, TraceContext.parse(child.traceparent()).orElseThrow());
    }

    @Test
    public void theRequestReadsItsTraceparentHeaderInAnyCaseAndReplacesIt() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("TraceParent", VALID);
        headers.put("X-Other", "1");
        ServiceOperationRequest request = new ServiceOperationRequest(null, headers);
        assertEquals(
                "4bf92f3577b34da6a3ce929d0e0e4736",
                request.traceContext().orElseThrow().traceId());

        TraceContext next = TraceContext.newTrace();
        ServiceOperationRequest replaced = request.withTraceContext(next);
        assertEquals(next, replaced.traceContext().orElseThrow());
        assertEquals(2, replaced.headers().size());
        assertEquals("1", replaced.headers().get("X-Other"));
        assertFalse(ServiceOperationRequest.of(null).traceContext().isPresent());
    }
}
