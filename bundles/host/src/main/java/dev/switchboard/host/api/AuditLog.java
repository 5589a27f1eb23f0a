package dev.switchboard.host.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/** Appends management actions to the audit trail; never given a secret value. */
@ProviderType
public interface AuditLog {
    /** Appends one entry; never throws (a failure to write is logged once per burst at ERROR, the caller goes on). */
    void record(AuditEntry entry);

    /** Entries at or after {@code since} (null: from the oldest kept), oldest first, at most {@code limit}. */
    List<AuditEntry> since(Instant since, int limit);
}
