package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.CompletionFailures;
import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.connector.api.TraceContext;
import dev.switchboard.host.api.Failure;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.OperationInvoker;

/**
 * {@code POST /connectors/{id}/operations/{operationId}/invoke[?version=]}. The body is read on the request thread;
 * the request then goes asynchronous, so no server thread waits while the connector runs. The answer is written by
 * whichever thread completes the invoker's stage when it fits the response buffer (Jetty then sends it without
 * blocking that thread), else on a server thread.
 */
final class InvokeEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(InvokeEndpoint.class);
    static final String TRACE_ID_HEADER = "X-Trace-Id";

    private final OperationInvoker invoker;
    private final RequestBodyReader bodyReader;
    private final InvocationParser parser;
    private final ResponseWriter writer;

    InvokeEndpoint(
            OperationInvoker invoker, RequestBodyReader bodyReader, InvocationParser parser, ResponseWriter writer) {
        this.invoker = invoker;
        this.bodyReader = bodyReader;
        this.parser = parser;
        this.writer = writer;
    }

    void invoke(ApiCall call) throws IOException {
        String version = call.query("version");
        ConnectorSelector.checkVersionSpec(version);
        byte[] body = bodyReader.read(call.request());
        Invocation invocation = traced(call, parser.parse(body, call.path("id"), version, call.path("operationId")));

        AsyncContext async = call.request().startAsync();
        // the invoker's stage always completes within the dispatcher's own timeout, which is configured there
        async.setTimeout(0);
        CompletionStage<ServiceOperationResponse> stage;
        try {
            stage = invoker.invoke(invocation);
            if (stage == null) {
                stage = CompletableFuture.failedFuture(new IllegalStateException("the invoker returned no stage"));
            }
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((response, failure) -> answer(async, call.response(), invocation, response, failure));
    }

    /**
     * The call's span: a child of the caller's W3C {@code traceparent} (the HTTP header, else one in the body's
     * {@code headers}), or a new trace when there is none or it is malformed. It goes to the connector in the
     * request's {@code traceparent} and back to the caller as {@code traceparent} and {@code X-Trace-Id}; the caller's
     * span id goes with the invocation, the parent of the exported span.
     */
    private static Invocation traced(ApiCall call, Invocation invocation) {
        TraceContext parent = TraceContext.parse(call.request().getHeader(TraceContext.HEADER))
                .or(() -> invocation.request().traceContext())
                .orElse(null);
        TraceContext span = parent == null ? TraceContext.newTrace() : parent.child();
        call.response().setHeader(TraceContext.HEADER, span.traceparent());
        call.response().setHeader(TRACE_ID_HEADER, span.traceId());
        Invocation traced = invocation.withRequest(invocation.request().withTraceContext(span));
        return parent == null ? traced : traced.withParentSpanId(parent.spanId());
    }

    private void answer(
            AsyncContext async,
            HttpServletResponse response,
            Invocation invocation,
            ServiceOperationResponse result,
            Throwable failure) {
        Reply reply = reply(invocation, result, failure);
        boolean buffered = reply.body().length <= response.getBufferSize();
        Runnable write = () -> {
            try {
                reply.headers().forEach(response::setHeader);
                if (buffered) {
                    writer.buffered(response, reply.status(), reply.body());
                } else {
                    writer.bytes(response, reply.status(), reply.body());
                }
            } catch (IOException e) {
                LOG.debug(
                        "Could not send the result of {} of connector {}: {}",
                        invocation.operationId(),
                        invocation.connectorId(),
                        e.toString());
            } catch (RuntimeException e) {
                LOG.error(
                        "Could not send the result of {} of connector {}",
                        invocation.operationId(),
                        invocation.connectorId(),
                        e);
            } finally {
                complete(async);
            }
        };
        if (buffered) {
            // fits the response buffer: written to memory here, sent by Jetty without blocking this thread, so a
            // slow client cannot hold it; saves a hop to a server thread (see BENCHMARKS.md)
            write.run();
            return;
        }
        try {
            // larger: written on a server thread, as a slow client must not hold a connector thread
            async.start(write);
        } catch (RuntimeException e) {
            write.run();
        }
    }

    /** An answer, serialized, with the headers of an error answer (such as {@code Retry-After}). */
    private record Reply(int status, byte[] body, Map<String, String> headers) {}

    private Reply reply(Invocation invocation, ServiceOperationResponse result, Throwable failure) {
        try {
            if (failure == null && result != null) {
                return new Reply(200, writer.serialize(result), Map.of());
            }
            ApiError error = toApiError(invocation, failure);
            return new Reply(error.status(), writer.serialize(writer.errorBody(error)), error.headers());
        } catch (IOException | RuntimeException e) {
            LOG.error(
                    "Could not serialize the result of {} of connector {}",
                    invocation.operationId(),
                    invocation.connectorId(),
                    e);
            return new Reply(500, writer.serializeQuietly(writer.errorBody(ApiError.internal())), Map.of());
        }
    }

    /** The error answer for a failed invocation; logs what is not the connector's or the caller's doing. */
    private static ApiError toApiError(Invocation invocation, Throwable failure) {
        Failure known = Failures.of(failure);
        if (known != null) {
            return ApiError.of(known);
        }
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause == null) {
            cause = new IllegalStateException("the invoker completed without a response");
        }
        LOG.error(
                "Invoking {} of connector {} failed unexpectedly",
                invocation.operationId(),
                invocation.connectorId(),
                cause);
        return ApiError.internal();
    }

    private static void complete(AsyncContext async) {
        try {
            async.complete();
        } catch (IllegalStateException e) {
            // already completed, for example because the client went away
            LOG.debug("Asynchronous request already completed: {}", e.toString());
        }
    }
}
