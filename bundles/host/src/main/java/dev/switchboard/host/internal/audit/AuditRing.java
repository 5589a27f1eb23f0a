package dev.switchboard.host.internal.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.host.api.AuditEntry;

/** The last {@code capacity} entries in memory: the audit trail of a host without a home folder (tests, embedding). */
final class AuditRing implements AuditStore {

    private final int capacity;
    private final ArrayDeque<AuditEntry> entries;

    AuditRing(int capacity) {
        this.capacity = capacity;
        this.entries = new ArrayDeque<>(capacity);
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
        }
        entries.addLast(entry);
    }

    @Override
    public synchronized AuditReading read(Instant since, int limit) {
        List<AuditEntry> found = new ArrayList<>();
        for (AuditEntry entry : entries) {
            if (found.size() >= limit) {
                break;
            }
            if (since == null || !entry.at().isBefore(since)) {
                found.add(entry);
            }
        }
        return new AuditReading(found, 0, null);
    }

    @Override
    public void prune(LocalDate today, int days) {
        // bounded by its capacity
    }

    @Override
    public String describe() {
        return "memory (the last " + capacity + " entries, lost at stop)";
    }

    @Override
    public void close() {
        // nothing held
    }
}
