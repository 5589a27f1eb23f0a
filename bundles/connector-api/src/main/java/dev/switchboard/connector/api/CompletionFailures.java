package dev.switchboard.connector.api;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a {@link java.util.concurrent.CompletionStage} or {@link java.util.concurrent.Future} really failed with: the
 * one unwrapping the host, its front ends and connectors share. Since 1.5.0.
 */
public final class CompletionFailures {

    private CompletionFailures() {}

    /**
     * The failure inside any {@link CompletionException} and {@link ExecutionException} wrappers; a wrapper without a
     * cause is returned as it is, and {@code null} stays {@code null}.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }
}
