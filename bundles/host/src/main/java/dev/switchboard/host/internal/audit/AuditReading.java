package dev.switchboard.host.internal.audit;

import java.util.List;

import dev.switchboard.host.api.AuditEntry;

/**
 * What a read of the audit trail found.
 *
 * @param entries the entries, oldest first
 * @param corrupt how many lines could not be read as an entry (skipped)
 * @param example the file and line number of the first corrupt line, or {@code null}
 */
record AuditReading(List<AuditEntry> entries, int corrupt, String example) {

    AuditReading {
        entries = List.copyOf(entries);
    }
}
