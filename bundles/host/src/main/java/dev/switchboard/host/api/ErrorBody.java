package dev.switchboard.host.api;

import java.util.List;

/**
 * The error body every front end answers a failure with, {@code {"error":{"code","message","details":[{"target",
 * "message"}]}}}: serialize it with any Jackson {@code ObjectMapper}. Built by {@link Failures#body}. Since 1.6.0.
 *
 * @param error what went wrong
 */
public record ErrorBody(Content error) {

    /**
     * @param code    {@link Failure#code()}
     * @param message {@link Failure#getMessage()}
     * @param details {@link Failure#details()}
     */
    public record Content(String code, String message, List<ErrorDetail> details) {

        public Content {
            details = details == null ? List.of() : List.copyOf(details);
        }
    }
}
