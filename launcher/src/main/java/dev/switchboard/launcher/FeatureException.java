package dev.switchboard.launcher;

/** A feature file that cannot be read, or feature files that contradict each other. */
final class FeatureException extends Exception {
    private static final long serialVersionUID = 1L;

    FeatureException(String message) {
        super(message);
    }

    FeatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
