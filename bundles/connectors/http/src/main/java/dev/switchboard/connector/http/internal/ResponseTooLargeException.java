package dev.switchboard.connector.http.internal;

import java.io.IOException;

/** The upstream response body is larger than the configured limit. */
final class ResponseTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    ResponseTooLargeException(long limit) {
        super("The response body is larger than " + limit + " bytes");
        this.limit = limit;
    }

    long limit() {
        return limit;
    }
}
