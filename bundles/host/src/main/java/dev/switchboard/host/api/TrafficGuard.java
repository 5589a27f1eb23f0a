package dev.switchboard.host.api;

import java.time.Duration;

/**
 * When to move all traffic of a {@link TrafficSplit} back to the previous version: once the newest version of the
 * split has answered at least {@code minCalls} calls within the last {@code window} and more than {@code errorRate} of
 * them failed with a 5xx status or timed out.
 *
 * @param errorRate the share of failed calls beyond which the split rolls back, above 0 and at most 1
 * @param window    how far back calls count, positive
 * @param minCalls  calls within the window before the rate is looked at, at least 1
 * @since 1.5.0
 */
public record TrafficGuard(double errorRate, Duration window, int minCalls) {

    /**
     * A window as the REST API and the shell write it: a number with a unit ({@code 500ms}, {@code 60s},
     * {@code 5m}, {@code 1h}) or an ISO-8601 duration ({@code PT60S}).
     *
     * @throws IllegalArgumentException when it is neither
     */
    public static Duration parseWindow(String text) {
        String t = text == null ? "" : text.trim();
        try {
            if (t.regionMatches(true, 0, "PT", 0, 2)) {
                return Duration.parse(t);
            }
            int unit = 0;
            while (unit < t.length() && (Character.isDigit(t.charAt(unit)) || t.charAt(unit) == '.')) {
                unit++;
            }
            double amount = Double.parseDouble(t.substring(0, unit));
            long millis = switch (t.substring(unit).trim()) {
                case "ms" -> Math.round(amount);
                case "s" -> Math.round(amount * 1_000);
                case "m" -> Math.round(amount * 60_000);
                case "h" -> Math.round(amount * 3_600_000);
                default -> throw new IllegalArgumentException("no unit");
            };
            return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + t + "' is not a duration: write 500ms, 60s, 5m, 1h or PT60S", e);
        }
    }

    /** The window as {@link #parseWindow} reads it back: {@code 60s}, {@code 500ms}. */
    public String windowText() {
        long millis = window.toMillis();
        return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
    }
}
