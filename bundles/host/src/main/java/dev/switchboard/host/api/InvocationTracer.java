package dev.switchboard.host.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told about every call the host's dispatcher accepts, to record it as a span of the call's W3C trace (the span of
 * the call is the {@code traceparent} of {@code invocation.request()}: the REST API derives it from the caller's, the
 * dispatcher creates one for callers that send none). The host itself depends on no tracing library: an exporter
 * bundle registers this service.
 *
 * @since 1.6.0
 */
@ConsumerType
public interface InvocationTracer {

    /**
     * A call was accepted, on the caller's thread. Must not block.
     *
     * @param invocation the call, its request carrying the call's {@code traceparent}
     * @return the span to complete, or {@code null} to record nothing for this call
     */
    CallSpan started(Invocation invocation);

    /** The span of one call, ended exactly once. */
    @ConsumerType
    interface CallSpan {

        /**
         * The call resolved to this connector version (again, with the version it ends with, when it waited for a
         * connector being replaced).
         */
        void resolved(String version);

        /**
         * The call was answered, on the thread that answered it (the caller's, a connector thread or the timeout
         * sweep). Must not block.
         *
         * @param status       the HTTP status of the answer (the connector's, or the host's own refusal)
         * @param errorCode    {@code null} when the connector answered; else the host's code ({@code Timeout},
         *                     {@code Busy}, {@code ConnectorError}, {@code InvalidInputs}, ...)
         * @param errorMessage {@code null} when the connector answered; else the message of the host's answer
         *                     (never holds connection parameter values)
         */
        void ended(int status, String errorCode, String errorMessage);
    }
}
