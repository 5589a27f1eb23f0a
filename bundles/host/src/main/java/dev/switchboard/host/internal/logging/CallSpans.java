package dev.switchboard.host.internal.logging;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ServiceOperationResponse;
import dev.switchboard.host.api.Invocation;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.InvocationTracer;
import dev.switchboard.host.api.InvocationTracer.CallSpan;

/**
 * Starts the span of a call when an {@link InvocationTracer} is registered and ends it with the call's answer,
 * whoever gives it: one hook in the dispatcher. A tracer that fails is logged and never fails the call.
 */
public final class CallSpans {

    private static final Logger LOG = LoggerFactory.getLogger(CallSpans.class);

    private CallSpans() {}

    /**
     * The span of {@code invocation}, ended when {@code answer} completes; {@code null} without a tracer (no cost on
     * the dispatch path then).
     */
    public static CallSpan start(
            InvocationTracer tracer, Invocation invocation, CompletableFuture<ServiceOperationResponse> answer) {
        if (tracer == null) {
            return null;
        }
        CallSpan span;
        try {
            span = tracer.started(invocation);
        } catch (RuntimeException e) {
            LOG.warn("The invocation tracer failed to start a span; the call goes on untraced", e);
            return null;
        }
        if (span != null) {
            answer.whenComplete((response, failure) -> end(span, response, failure));
        }
        return span;
    }

    /** Tells {@code span} the version the call resolved to; nothing when {@code span} is {@code null}. */
    public static void resolved(CallSpan span, String version) {
        if (span != null) {
            try {
                span.resolved(version);
            } catch (RuntimeException e) {
                LOG.warn("The invocation tracer failed on a resolved call", e);
            }
        }
    }

    static void end(CallSpan span, ServiceOperationResponse response, Throwable failure) {
        try {
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof InvocationException e) {
                span.ended(e.status(), e.code(), e.getMessage());
            } else if (cause != null) {
                span.ended(500, "InternalError", cause.getClass().getName());
            } else if (response == null) {
                span.ended(500, "ConnectorError", "No response");
            } else {
                span.ended(response.statusCode(), null, null);
            }
        } catch (RuntimeException e) {
            LOG.warn("The invocation tracer failed to end a span", e);
        }
    }
}
