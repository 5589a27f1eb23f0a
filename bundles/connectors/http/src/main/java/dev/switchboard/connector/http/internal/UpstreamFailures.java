package dev.switchboard.connector.http.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.concurrent.CancellationException;
import javax.net.ssl.SSLException;

import dev.switchboard.connector.api.CompletionFailures;
import dev.switchboard.connector.api.ServiceOperationException;

/**
 * Turns what the JDK client failed with into the status the caller sees: 502 when the upstream could not be reached
 * or broke the exchange, 504 when it was too slow. Messages name the method and {@code scheme://host:port} only:
 * a path or query may carry a secret, and the JDK's own messages are not repeated.
 */
final class UpstreamFailures {

    static final String UNREACHABLE = "UpstreamUnreachable";
    static final String TIMEOUT = "UpstreamTimeout";
    static final String TLS = "UpstreamTlsError";
    static final String EXCHANGE = "UpstreamError";
    static final String TOO_LARGE = "ResponseTooLarge";

    private UpstreamFailures() {}

    /** Where a request goes, without path, query or user info. */
    static String origin(URI uri) {
        int port = uri.getPort();
        return uri.getScheme() + "://" + uri.getHost() + (port < 0 ? "" : ":" + port);
    }

    static ServiceOperationException timeout(String method, URI target, long seconds) {
        return new ServiceOperationException(
                504, TIMEOUT, method + " " + origin(target) + " did not complete within " + seconds + " s");
    }

    static ServiceOperationException map(
            Throwable failure, String method, URI target, long timeoutSeconds, long connectTimeoutSeconds) {
        String label = method + " " + origin(target);
        // the JDK client reports a name it cannot resolve as a ConnectException caused by UnresolvedAddressException:
        // look for the lookup failure down the whole chain before taking the ConnectException for a refused connection
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return new ServiceOperationException(
                        502,
                        UNREACHABLE,
                        label + ": could not resolve host " + target.getHost()
                                + " (check the host name, and the DNS of the machine Switchboard runs on)");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ServiceOperationException known) {
                return known;
            }
            if (t instanceof ResponseTooLargeException tooLarge) {
                return new ServiceOperationException(
                        502,
                        TOO_LARGE,
                        "The response to " + label + " is larger than the limit of " + tooLarge.limit() + " bytes");
            }
            if (t instanceof HttpConnectTimeoutException) {
                return new ServiceOperationException(
                        504, TIMEOUT, label + ": could not connect within " + connectTimeoutSeconds + " s");
            }
            if (t instanceof HttpTimeoutException || t instanceof CancellationException) {
                return timeout(method, target, timeoutSeconds);
            }
            if (t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof PortUnreachableException) {
                return new ServiceOperationException(
                        502, UNREACHABLE, label + ": could not connect (connection refused or host unreachable)");
            }
            if (t instanceof SSLException) {
                return new ServiceOperationException(502, TLS, label + ": the TLS handshake or session failed");
            }
        }
        Throwable cause = CompletionFailures.unwrap(failure);
        return new ServiceOperationException(
                502,
                EXCHANGE,
                label + ": the exchange failed (" + cause.getClass().getSimpleName() + ")");
    }
}
