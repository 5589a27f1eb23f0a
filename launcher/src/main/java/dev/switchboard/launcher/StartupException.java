package dev.switchboard.launcher;

/** A launch that cannot go on; the message is written for the person who started it. */
final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
