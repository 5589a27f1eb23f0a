package dev.switchboard.host.api;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A failure the host reports to a caller, whichever front end (REST API, console, shell) the caller used: a
 * {@link Reason}, a short machine-readable code, a message for a person and optional details. Messages never contain
 * a secret. {@link InvocationException} and the triggers' {@code SubscriptionException} are failures;
 * {@link Failures#of} turns what else a call can fail with (a connector's
 * {@link dev.switchboard.connector.api.ServiceOperationException}, a {@link RollbackException}) into one. How a
 * failure is answered over HTTP is decided only by {@link Failures#status} and {@link Failures#body}. Since 1.6.0.
 */
@ProviderType
public interface Failure {

    /**
     * What kind of failure it is, with the HTTP status it is answered with: front ends map the reason, never the
     * message.
     */
    enum Reason {
        /** The request is malformed or asks for something that cannot be done (400). */
        INVALID_REQUEST(400),
        /** No or wrong credentials (401). */
        UNAUTHENTICATED(401),
        /** Not allowed (403). */
        FORBIDDEN(403),
        /** What the request names does not exist (404). */
        NOT_FOUND(404),
        /** The resource does not take that method (405). */
        METHOD_NOT_ALLOWED(405),
        /** The request conflicts with the current state or a limit on it (409). */
        CONFLICT(409),
        /** The request or its content is too large (413). */
        TOO_LARGE(413),
        /** Well-formed but not processable content (422). */
        UNPROCESSABLE(422),
        /** Too many requests or a full backlog; try again later (429). */
        TOO_MANY_REQUESTS(429),
        /** A failure of ours; the server log has the details (500). */
        INTERNAL(500),
        /** The connector or the system behind it failed (502). */
        UPSTREAM_FAILED(502),
        /** Not available now (stopping, updating, busy, not running); try again later (503). */
        UNAVAILABLE(503),
        /** No answer in time (504). */
        TIMED_OUT(504),
        /** A status a connector chose that none of the others names; {@link Failure#status()} is that status. */
        OTHER(500);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The HTTP status a failure of this reason is answered with. */
        public int status() {
            return status;
        }

        /** The reason of an HTTP error status chosen elsewhere (a connector's): {@link #OTHER} when none names it. */
        public static Reason of(int status) {
            for (Reason reason : values()) {
                if (reason != OTHER && reason.status == status) {
                    return reason;
                }
            }
            return OTHER;
        }
    }

    Reason reason();

    /** A short machine-readable code, for example {@code "ConnectorNotFound"}: {@code {"error":{"code":...}}}. */
    String code();

    /** What went wrong, for a person; never a secret. */
    String getMessage();

    /** The HTTP status: the reason's, or the one a connector chose (400 to 599). */
    default int status() {
        return reason().status();
    }

    /** One entry per problem in the request, for example per failing input; empty when there is none. */
    default List<ErrorDetail> details() {
        return List.of();
    }

    /** Seconds after which the same request may succeed (HTTP {@code Retry-After}), 0 for no advice. */
    default long retryAfterSeconds() {
        return 0;
    }
}
