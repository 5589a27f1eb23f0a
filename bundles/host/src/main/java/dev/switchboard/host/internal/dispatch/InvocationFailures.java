package dev.switchboard.host.internal.dispatch;

import java.util.List;

import dev.switchboard.connector.api.CompletionFailures;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.InvocationException;

/** Turns whatever a connector failed with into the {@link InvocationException} a caller sees. */
final class InvocationFailures {

    private InvocationFailures() {
    }

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

    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
