package dev.switchboard.host.internal.audit;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

import dev.switchboard.host.api.AuditEntry;

/** Where the audit trail is kept: daily files, or a ring in memory when the host has no home folder. */
interface AuditStore extends AutoCloseable {

    void append(AuditEntry entry) throws IOException;

    /** Entries at or after {@code since} ({@code null}: all kept), in the order written, at most {@code limit}. */
    AuditReading read(Instant since, int limit) throws IOException;

    /** Drops what is older than {@code days} days before {@code today} (UTC); {@code days <= 0} keeps everything. */
    void prune(LocalDate today, int days) throws IOException;

    /** Where the entries go, for log lines. */
    String describe();

    @Override
    void close();
}
