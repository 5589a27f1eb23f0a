package dev.switchboard.host.internal.dispatch;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.internal.logging.InvocationTraces;

/**
 * The call into the provider itself, on whatever thread the dispatcher chose, and the answer made of what the
 * provider returned, threw or completed its stage with. The in-flight count is given back (through {@code release})
 * exactly when the provider is done: when it threw, returned an answered stage, or completed a pending one.
 */
final class ProviderCall {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderCall.class);

    private ProviderCall() {}

    static void run(CallTarget target, PendingCall call, Consumer<PendingCall> release) {
        if (!call.enter()) {
            return; // abandoned: timed out while waiting for a thread
        }
        // the provider's lines and the host's about this call (a failure it answered with) are the connector's
        try (ConnectorLogContext logContext = InvocationTraces.logContext(target.entry(), call.invocation())) {
            callProvider(target, call, release);
        }
    }

    private static void callProvider(CallTarget target, PendingCall call, Consumer<PendingCall> release) {
        CompletableFuture<ServiceOperationResponse> answer = call.answer();
        Invocation invocation = call.invocation();
        CompletionStage<ServiceOperationResponse> stage;
        try {
            stage = target.registration()
                    .provider()
                    .invokeOperation(target.operation().name(), invocation.connection(), invocation.request());
        } catch (RuntimeException | LinkageError | AssertionError e) {
            release.accept(call);
            complete(target, answer, null, e);
            return;
        }
        if (stage == null) {
            release.accept(call);
            fail(
                    target,
                    answer,
                    InvocationFailures.connectorError(target.label() + " returned no result "
                            + "(invokeOperation returned null instead of a CompletionStage)"));
            return;
        }
        // exactly CompletableFuture: a subclass such as the one of minimalCompletionStage() throws from isDone()
        if (stage.getClass() == CompletableFuture.class
                && stage instanceof CompletableFuture<ServiceOperationResponse> done
                && done.isDone()
                && !done.isCompletedExceptionally()) {
            // answered at once (the usual case for a non-blocking connector): no completion callback to set up
            release.accept(call);
            complete(target, answer, done.join(), null);
            return;
        }
        try {
            // in flight until the provider is done, even when the caller got 504 before: see PendingCall
            stage.whenComplete((response, failure) -> {
                release.accept(call);
                try (ConnectorLogContext logContext = InvocationTraces.logContext(target.entry(), invocation)) {
                    complete(target, answer, response, failure); // its WARN is a line about the connector
                }
            });
        } catch (RuntimeException e) {
            release.accept(call);
            complete(target, answer, null, e);
        }
    }

    private static void complete(
            CallTarget target,
            CompletableFuture<ServiceOperationResponse> answer,
            ServiceOperationResponse response,
            Throwable failure) {
        if (failure != null) {
            fail(target, answer, InvocationFailures.fromConnector(failure));
        } else if (response == null) {
            fail(
                    target,
                    answer,
                    InvocationFailures.connectorError(
                            target.label() + " completed without a response (null ServiceOperationResponse)"));
        } else {
            answer.complete(response);
        }
    }

    private static void fail(
            CallTarget target, CompletableFuture<ServiceOperationResponse> answer, InvocationException failure) {
        if (answer.completeExceptionally(failure)) {
            if (failure.status() >= 500) {
                LOG.warn(
                        "{} failed with {} {}: {}",
                        target.label(),
                        failure.status(),
                        failure.code(),
                        failure.getMessage());
            } else {
                LOG.debug(
                        "{} failed with {} {}: {}",
                        target.label(),
                        failure.status(),
                        failure.code(),
                        failure.getMessage());
            }
        }
    }
}
