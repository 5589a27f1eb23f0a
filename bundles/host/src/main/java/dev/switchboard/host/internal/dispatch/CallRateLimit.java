package dev.switchboard.host.internal.dispatch;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * The rate limit of one connector: resilience4j's {@link RateLimiter}, never waiting (a call over the limit is
 * refused at once with the time after which to try again).
 * <p>
 * resilience4j hands out {@code limitForPeriod} permissions per {@code limitRefreshPeriod}, unused ones not carried
 * beyond {@code limitForPeriod}: with {@code limitForPeriod = burst} and {@code limitRefreshPeriod = burst / rate}
 * that is a token bucket of {@code burst} tokens refilled as a whole every period, so the long-run rate is
 * {@code rate} and at most {@code burst} calls pass at once.
 */
final class CallRateLimit {

    private final String connector;
    private final String connection;
    private final RateLimiter limiter;
    private final double ratePerSecond;
    private final int burst;
    private final long retryAfterSeconds;

    CallRateLimit(String connector, double ratePerSecond, int burst) {
        this(connector, null, ratePerSecond, burst);
    }

    /** @param connection the stored connection it limits, {@code null} for the whole connector */
    CallRateLimit(String connector, String connection, double ratePerSecond, int burst) {
        if (!(ratePerSecond > 0)) {
            throw new IllegalArgumentException("rate.per.second must be positive: " + ratePerSecond);
        }
        this.connector = connector;
        this.connection = connection;
        this.ratePerSecond = ratePerSecond;
        this.burst = burst > 0 ? burst : (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.ceil(ratePerSecond)));
        long periodNanos = Math.max(1, Math.round(this.burst / ratePerSecond * 1e9));
        this.limiter = RateLimiter.of(
                "connector-" + connector + (connection == null ? "" : "-" + connection),
                RateLimiterConfig.custom()
                        .limitForPeriod(this.burst)
                        .limitRefreshPeriod(Duration.ofNanos(periodNanos))
                        .timeoutDuration(Duration.ZERO)
                        .writableStackTraceEnabled(false)
                        .build());
        // a refused call waits at most until the next refill
        this.retryAfterSeconds = Math.max(1, (periodNanos + 999_999_999L) / 1_000_000_000L);
    }

    /** {@code true} when the call may go ahead; never waits. */
    boolean tryAcquire() {
        return limiter.acquirePermission();
    }

    /** For Retry-After: the longest a refused caller has to wait, in whole seconds (at least 1). */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    String connector() {
        return connector;
    }

    String connection() {
        return connection;
    }

    double ratePerSecond() {
        return ratePerSecond;
    }

    int burst() {
        return burst;
    }

    boolean sameAs(double rate, int burstSetting) {
        return rate == ratePerSecond && (burstSetting > 0 ? burstSetting : burst) == burst;
    }
}
