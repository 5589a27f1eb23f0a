package dev.switchboard.host.internal.dispatch;

import java.util.List;

import dev.switchboard.connector.api.CompletionFailures;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failure.Reason;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.InvocationException;

/** Turns whatever a connector failed with into the {@link InvocationException} a caller sees. */
final class InvocationFailures {

    private InvocationFailures() {}

    /**
     * A {@link ServiceOperationException} keeps its status, code and message; anything else is the connector's
     * fault and becomes 502 with the exception's class and message.
     */
    static InvocationException fromConnector(Throwable failure) {
        Throwable cause = CompletionFailures.unwrap(failure);
        if (cause instanceof InvocationException invocation) {
            return invocation;
        }
        if (cause instanceof ServiceOperationException operation) {
            return Failures.of(operation);
        }
        return new InvocationException(502, "ConnectorError", describe(cause), List.of(), cause);
    }

    static InvocationException connectorError(String message) {
        return new InvocationException(502, "ConnectorError", message);
    }

    static InvocationException failure(int status, String code, String message, List<ErrorDetail> details) {
        return new InvocationException(status, code, message, details, null);
    }

    /** The host failed, not the connector nor the caller: 500 InternalError, naming the failure. */
    static InvocationException internal(RuntimeException e) {
        return new InvocationException(
                500, "InternalError", "The host could not dispatch the call: " + describe(e), List.of(), e);
    }

    static InvocationException shuttingDown() {
        return new InvocationException(Reason.UNAVAILABLE, "ShuttingDown", "The host is stopping; try again later");
    }

    /** The shared pool and its queue are full. */
    static InvocationException poolBusy(DispatcherSettings settings) {
        return new InvocationException(
                Reason.UNAVAILABLE,
                "Busy",
                "All " + settings.maxThreads() + " connector threads are busy and " + settings.queueCapacity()
                        + " calls are waiting; try again later",
                1);
    }

    /** The connector's bulkhead and its queue are full. */
    static InvocationException connectorBusy(ConnectorBulkhead bulkhead) {
        return new InvocationException(
                Reason.UNAVAILABLE,
                "ConnectorBusy",
                "Connector " + bulkhead.connector()
                        + " is busy: it has " + bulkhead.maxConcurrent() + " calls running and "
                        + bulkhead.queueCapacity()
                        + " waiting, its limits (" + ConnectorLimits.PID
                        + " max.concurrent and queue.capacity); try again later",
                1);
    }

    static InvocationException rateLimited(String connector, CallRateLimit limit) {
        return new InvocationException(
                Reason.TOO_MANY_REQUESTS,
                "RateLimited",
                (limit.connection() != null
                                ? "Connection '" + limit.connection() + "' of connector " + connector
                                : "Connector " + connector)
                        + " accepts " + limit.ratePerSecond() + " calls per second (bursts of " + limit.burst() + ", "
                        + ConnectorLimits.PID + " rate.per.second and burst); try again in " + limit.retryAfterSeconds()
                        + " s",
                limit.retryAfterSeconds());
    }

    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
