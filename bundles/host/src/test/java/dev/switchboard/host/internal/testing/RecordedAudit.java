package dev.switchboard.host.internal.testing;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;

/** An audit log that keeps what it is given, for tests that check what a component records. */
public final class RecordedAudit implements AuditLog {

    private final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

    @Override
    public void record(AuditEntry entry) {
        entries.add(entry);
    }

    @Override
    public List<AuditEntry> since(Instant since, int limit) {
        return entries.stream()
                .filter(e -> since == null || !e.at().isBefore(since))
                .limit(limit)
                .toList();
    }

    public List<AuditEntry> entries() {
        return List.copyOf(entries);
    }
}
