package dev.switchboard.host.api;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One log line about a connector, as its per-connector buffer keeps it.
 *
 * @param time    when it was logged
 * @param level   its level
 * @param logger  the logger's name (a class name, or the bundle's symbolic name for an OSGi LogService entry)
 * @param message the formatted message, without a stack trace (the exception's class and message are appended)
 * @param version the connector version it is about, {@code null} when the line does not say
 * @param traceId the W3C trace id of the invocation it belongs to, {@code null} outside one
 * @since 1.5.0
 */
public record ConnectorLogLine(
        Instant time, Level level, String logger, String message, String version, String traceId) {

    public ConnectorLogLine {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(message, "message");
    }

    /** Log levels, most severe first. */
    public enum Level {
        ERROR,
        WARN,
        INFO,
        DEBUG,
        TRACE;

        /** Whether a line of this level is shown when asking for {@code minimum} and above. */
        public boolean atLeast(Level minimum) {
            return ordinal() <= minimum.ordinal();
        }

        /** The level named {@code name} (any case; {@code WARNING} is {@code WARN}), if it is one. */
        public static Optional<Level> parse(String name) {
            if (name == null) {
                return Optional.empty();
            }
            String upper = name.trim().toUpperCase(Locale.ROOT);
            if ("WARNING".equals(upper)) {
                upper = "WARN";
            }
            for (Level level : values()) {
                if (level.name().equals(upper)) {
                    return Optional.of(level);
                }
            }
            return Optional.empty();
        }
    }
}
