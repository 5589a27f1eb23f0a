package dev.switchboard.host.internal.logging;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.Test;

import dev.switchboard.connector.api.ServiceOperationRequest;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.InvocationTracer;

public class CallSpansTest {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final InvocationTracer tracer = invocation -> new InvocationTracer.CallSpan() {
        @Override
        public void resolved(String version) {
            events.add("resolved " + version);
        }

        @Override
        public void ended(int status, String errorCode, String errorMessage) {
            events.add("ended " + status + " " + errorCode + " " + errorMessage);
        }
    };

    private static Invocation invocation() {
        return new Invocation("greeter", null, "greet", null, new ServiceOperationRequest(null, Map.of()));
    }

    @Test
    public void withoutATracerThereIsNoSpan() {
        assertNull(CallSpans.start(null, invocation(), new CompletableFuture<>()));
        CallSpans.resolved(null, "1.0.0"); // no-op, no exception
    }

    @Test
    public void theSpanEndsWithTheConnectorsAnswer() {
        CompletableFuture<ServiceOperationResponse> answer = new CompletableFuture<>();
        InvocationTracer.CallSpan span = CallSpans.start(tracer, invocation(), answer);
        CallSpans.resolved(span, "1.0.0");
        answer.complete(new ServiceOperationResponse(201, Map.of(), null));
        assertEquals(List.of("resolved 1.0.0", "ended 201 null null"), events);
    }

    @Test
    public void theSpanEndsWithTheHostsRefusal() {
        CompletableFuture<ServiceOperationResponse> answer = new CompletableFuture<>();
        CallSpans.start(tracer, invocation(), answer);
        answer.completeExceptionally(new InvocationException(504, "Timeout", "No answer within 10 ms"));
        assertEquals(List.of("ended 504 Timeout No answer within 10 ms"), events);
    }

    @Test
    public void aFailingTracerNeverFailsTheCall() {
        InvocationTracer broken = invocation -> {
            throw new IllegalStateException("broken");
        };
        CompletableFuture<ServiceOperationResponse> answer = new CompletableFuture<>();
        assertNull(CallSpans.start(broken, invocation(), answer));
        answer.complete(new ServiceOperationResponse(200, Map.of(), null));
        assertEquals(200, answer.join().statusCode());
    }
}
