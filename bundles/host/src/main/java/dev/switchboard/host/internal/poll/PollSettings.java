package dev.switchboard.host.internal.poll;

/** The scheduler's settings, from {@link PollSchedulerConfiguration}, checked and bounded. */
record PollSettings(int threads, int spareThreads, long pollTimeoutMs, long retryDelayMs) {

    static final int MAX_THREADS = 64;

    PollSettings {
        threads = Math.min(MAX_THREADS, Math.max(1, threads));
        spareThreads = Math.min(MAX_THREADS, Math.max(0, spareThreads));
        pollTimeoutMs = Math.max(100, pollTimeoutMs);
        retryDelayMs = Math.max(10, retryDelayMs);
    }

    static PollSettings of(PollSchedulerConfiguration config) {
        return new PollSettings(
                config.threads(), config.spare_threads(), config.poll_timeout_ms(), config.retry_delay_ms());
    }

    /** How often the watchdog looks for polls over their time limit. */
    long watchPeriodMs() {
        return Math.max(25, Math.min(1000, pollTimeoutMs / 4));
    }
}
