package dev.switchboard.host.api;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;

public class AuditEntryTest {

    private static final Instant AT = Instant.parse("2026-12-03T10:15:30Z");

    @Test
    public void detailsAreCopiedUnmodifiableInTheirOrder() {
        Map<String, String> details = new java.util.LinkedHashMap<>();
        details.put("b", "2");
        details.put("a", "1");
        AuditEntry entry = new AuditEntry(AT, "admin", "connection.put", "prod", null, "success", details);
        details.put("c", "3");
        assertEquals(List.of("b", "a"), List.copyOf(entry.details().keySet()));
        try {
            entry.details().put("x", "y");
            fail("unmodifiable");
        } catch (UnsupportedOperationException expected) {
            // as it should be
        }
        assertNull(entry.client());
        assertEquals(Map.of(), new AuditEntry(AT, "admin", "a.b", null, null, "success", null).details());
    }

    @Test
    public void requiredFieldsAndDetailEntriesAreNeverNull() {
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("k", null);
        List<Runnable> invalid = List.of(
                () -> new AuditEntry(null, "admin", "a.b", "t", null, "success", Map.of()),
                () -> new AuditEntry(AT, null, "a.b", "t", null, "success", Map.of()),
                () -> new AuditEntry(AT, "admin", null, "t", null, "success", Map.of()),
                () -> new AuditEntry(AT, "admin", "a.b", "t", null, null, Map.of()),
                () -> new AuditEntry(AT, "admin", "a.b", "t", null, "success", nullValue));
        for (Runnable r : invalid) {
            try {
                r.run();
                fail("expected a NullPointerException");
            } catch (NullPointerException expected) {
                // as it should be
            }
        }
    }
}
