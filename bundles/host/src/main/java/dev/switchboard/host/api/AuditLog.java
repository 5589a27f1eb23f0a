package dev.switchboard.host.api;

import java.time.Instant;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Appends management actions to the audit trail; never given a secret value.
 * <p>
 * Callers pass names, ids and outcomes only: never a password, a token, a connection parameter value or a
 * configuration property value. The host keeps the trail as JSON lines under {@code $SWITCHBOARD_HOME/data/audit/}
 * (an in-memory ring when there is no home), each string cut at 1,000 characters.
 */
@ProviderType
public interface AuditLog {

    /**
     * Appends one entry; never throws (a failure to write is logged once per burst at ERROR, the caller goes on).
     *
     * @param entry what was done, by whom, with what outcome
     */
    void record(AuditEntry entry);

    /**
     * Entries at or after {@code since} (null: from the oldest kept), oldest first, at most {@code limit}.
     * <p>
     * "Oldest first" is the order the entries were written in, which is the order of their {@code at} up to the
     * moments between a caller taking the time and its entry being written. {@code limit} is capped by the host
     * (10,000); zero or less gives an empty list.
     *
     * @param since the earliest {@link AuditEntry#at() at} wanted, or {@code null}
     * @param limit the most entries wanted
     * @return the entries, an unmodifiable list
     * @throws IllegalStateException when the trail cannot be read (its message names the folder and the cause)
     */
    List<AuditEntry> since(Instant since, int limit);
}
