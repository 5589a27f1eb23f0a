package dev.switchboard.connector.file.internal;

/** The connector's settings, from {@link FileConnectorConfiguration}. */
record Limits(
        long maxReadBytes,
        long maxWriteBytes,
        int maxListEntries,
        int triggerBatchSize,
        boolean allowHardLinks,
        long triggerBackoffMaxMs) {

    static final long DEFAULT_TRIGGER_BACKOFF_MAX_MS = 60_000;
    static final Limits DEFAULTS = new Limits(10L * 1024 * 1024, 10L * 1024 * 1024, 10_000, 100, false);

    Limits {
        if (maxReadBytes < 1 || maxWriteBytes < 1 || maxListEntries < 1 || triggerBatchSize < 1) {
            throw new IllegalArgumentException("file connector limits must be positive");
        }
        triggerBackoffMaxMs = Math.max(1000, triggerBackoffMaxMs);
    }

    /** The default backoff cap. */
    Limits(long maxReadBytes, long maxWriteBytes, int maxListEntries, int triggerBatchSize, boolean allowHardLinks) {
        this(
                maxReadBytes,
                maxWriteBytes,
                maxListEntries,
                triggerBatchSize,
                allowHardLinks,
                DEFAULT_TRIGGER_BACKOFF_MAX_MS);
    }

    /** Hard links refused, the default backoff cap. */
    Limits(long maxReadBytes, long maxWriteBytes, int maxListEntries, int triggerBatchSize) {
        this(maxReadBytes, maxWriteBytes, maxListEntries, triggerBatchSize, false);
    }

    static Limits of(FileConnectorConfiguration config) {
        return new Limits(
                config.max_read_bytes(),
                config.max_write_bytes(),
                config.max_list_entries(),
                config.trigger_batch_size(),
                config.allow_hard_links(),
                config.trigger_backoff_max_ms());
    }
}
