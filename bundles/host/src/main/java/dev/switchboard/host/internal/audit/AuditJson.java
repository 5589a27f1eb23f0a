package dev.switchboard.host.internal.audit;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.AuditEntry;

/**
 * One entry as one JSON line: {@code {"at":"2026-12-03T10:15:30.123Z","who":..,"action":..,"target":..,
 * "client":..,"outcome":..,"details":{..}}}. Jackson escapes control characters in strings, so a value can never
 * end the line early or forge a second entry.
 * <p>
 * A line stays small whatever a caller passes (a target may be a request path an anonymous client chose): every
 * string is cut at {@value #MAX_CHARS} characters (ending in {@code …}) and details beyond {@value #MAX_DETAILS}
 * are left out.
 */
final class AuditJson {

    static final int MAX_CHARS = 1000;
    static final int MAX_DETAILS = 32;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditJson() {}

    /** The entry's line, with its {@code \n}. */
    static byte[] line(AuditEntry entry) throws JsonProcessingException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("at", entry.at().toString());
        node.put("who", cut(entry.who()));
        node.put("action", cut(entry.action()));
        node.put("target", cut(entry.target()));
        node.put("client", cut(entry.client()));
        node.put("outcome", cut(entry.outcome()));
        ObjectNode details = node.putObject("details");
        entry.details().entrySet().stream()
                .limit(MAX_DETAILS)
                .forEach(d -> details.put(cut(d.getKey()), cut(d.getValue())));
        byte[] json = MAPPER.writeValueAsBytes(node);
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = '\n';
        return line;
    }

    static String cut(String value) {
        return value == null || value.length() <= MAX_CHARS ? value : value.substring(0, MAX_CHARS - 1) + "…";
    }

    /** The entry a line holds (without its {@code \n}), or {@code null} when it holds none. */
    static AuditEntry parse(byte[] line, int length) {
        try {
            JsonNode node = MAPPER.readTree(line, 0, length);
            if (node == null || !node.isObject()) {
                return null;
            }
            String at = text(node, "at");
            String who = text(node, "who");
            String action = text(node, "action");
            String outcome = text(node, "outcome");
            if (at == null || who == null || action == null || outcome == null) {
                return null; // not an entry: AuditEntry requires them
            }
            Map<String, String> details = new LinkedHashMap<>();
            node.path("details")
                    .properties()
                    .forEach(f -> details.put(f.getKey(), f.getValue().asText()));
            return new AuditEntry(
                    Instant.parse(at), who, action, text(node, "target"), text(node, "client"), outcome, details);
        } catch (IOException | DateTimeParseException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? null : value.asText();
    }
}
