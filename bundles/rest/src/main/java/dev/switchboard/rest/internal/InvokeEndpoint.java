package dev.switchboard.rest.internal;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.OperationInvoker;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code POST /connectors/{id}/operations/{operationId}/invoke[?version=]}. The body is read on the request thread;
 * the request then goes asynchronous, so no server thread waits while the connector runs, and the answer is written
 * on a server thread once the invoker's stage completes.
 */
final class InvokeEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(InvokeEndpoint.class);

    private final OperationInvoker invoker;
    private final RequestBodyReader bodyReader;
    private final InvocationParser parser;
    private final ResponseWriter writer;

    InvokeEndpoint(OperationInvoker invoker, RequestBodyReader bodyReader, InvocationParser parser,
                   ResponseWriter writer) {
        this.invoker = invoker;
        this.bodyReader = bodyReader;
        this.parser = parser;
        this.writer = writer;
    }

    void invoke(ApiCall call) throws IOException {
        String version = call.query("version");
        ConnectorSelector.checkVersionSpec(version);
        byte[] body = bodyReader.read(call.request());
        Invocation invocation = parser.parse(body, call.path("id"), version, call.path("operationId"));

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

    private void answer(AsyncContext async, HttpServletResponse response, Invocation invocation,
                        ServiceOperationResponse result, Throwable failure) {
        Runnable write = () -> {
            try {
                write(response, invocation, result, failure);
            } catch (IOException e) {
                LOG.debug("Could not send the result of {} of connector {}: {}", invocation.operationId(),
                        invocation.connectorId(), e.toString());
            } catch (RuntimeException e) {
                LOG.error("Could not send the result of {} of connector {}", invocation.operationId(),
                        invocation.connectorId(), e);
            } finally {
                complete(async);
            }
        };
        try {
            // off the invoker's thread: a slow client must not hold a connector thread
            async.start(write);
        } catch (RuntimeException e) {
            write.run();
        }
    }

    private void write(HttpServletResponse response, Invocation invocation, ServiceOperationResponse result,
                       Throwable failure) throws IOException {
        if (failure == null && result != null) {
            writer.json(response, 200, result);
            return;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof InvocationException e) {
            writer.error(response, toApiError(e));
            return;
        }
        if (cause == null) {
            cause = new IllegalStateException("the invoker completed without a response");
        }
        LOG.error("Invoking {} of connector {} failed unexpectedly", invocation.operationId(),
                invocation.connectorId(), cause);
        writer.error(response, ApiError.internal());
    }

    private static ApiError toApiError(InvocationException e) {
        int status = e.status() >= 400 && e.status() <= 599 ? e.status() : 500;
        String code = e.code() == null || e.code().isBlank() ? "InvocationFailed" : e.code();
        String message = e.getMessage() == null ? "The invocation failed." : e.getMessage();
        return new ApiError(status, code, message, e.details(), Map.of());
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
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
