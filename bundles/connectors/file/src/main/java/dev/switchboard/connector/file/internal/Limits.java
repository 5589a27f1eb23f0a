package dev.switchboard.connector.file.internal;

/** The connector's limits, from {@link FileConnectorConfiguration}. */
record Limits(long maxReadBytes, long maxWriteBytes, int maxListEntries, int triggerBatchSize) {

    static final Limits DEFAULTS = new Limits(10L * 1024 * 1024, 10L * 1024 * 1024, 10_000, 100);

    Limits {
        if (maxReadBytes < 1 || maxWriteBytes < 1 || maxListEntries < 1 || triggerBatchSize < 1) {
            throw new IllegalArgumentException("file connector limits must be positive");
        }
    }

    static Limits of(FileConnectorConfiguration config) {
        return new Limits(config.max_read_bytes(), config.max_write_bytes(), config.max_list_entries(),
                config.trigger_batch_size());
    }
}
