package dev.switchboard.host.api;

/**
 * How an invocation ended, as metrics count it: by the HTTP status class of its answer, with the two ends that are
 * the host's own set apart.
 *
 * @since 1.4.0
 */
public enum CallOutcome {
    /** The connector answered with a status below 400. */
    SUCCESS("2xx"),
    /** The connector or the host refused the call as the caller's fault (400 invalid inputs, 404, ...). */
    CLIENT_ERROR("4xx"),
    /** The connector failed, or answered with a status of 500 or more. */
    SERVER_ERROR("5xx"),
    /** No answer within the invocation timeout (504 {@code Timeout}). */
    TIMEOUT("timeout"),
    /** Not started because the host had no room for it (503 {@code Busy}, 429 rate limited). */
    REJECTED("rejected");

    private final String label;

    CallOutcome(String label) {
        this.label = label;
    }

    /** The value of the {@code outcome} label: {@code 2xx}, {@code 4xx}, {@code 5xx}, {@code timeout}, {@code rejected}. */
    public String label() {
        return label;
    }

    /** The outcome of an answer with this HTTP status. */
    public static CallOutcome ofStatus(int status) {
        if (status == 429) {
            return REJECTED;
        }
        if (status == 504) {
            return TIMEOUT;
        }
        if (status >= 500) {
            return SERVER_ERROR;
        }
        return status >= 400 ? CLIENT_ERROR : SUCCESS;
    }
}
