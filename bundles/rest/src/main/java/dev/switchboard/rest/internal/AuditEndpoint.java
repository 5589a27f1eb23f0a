package dev.switchboard.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.api.AuditLog;

/** {@code GET /audit?since=&limit=}: the management actions recorded, oldest first (admin only). */
final class AuditEndpoint {

    private static final int DEFAULT_LIMIT = 1000;
    private static final int MAX_LIMIT = 10_000;

    private final Supplier<AuditLog> log;
    private final ObjectMapper mapper;
    private final ResponseWriter writer;

    AuditEndpoint(Supplier<AuditLog> log, ObjectMapper mapper, ResponseWriter writer) {
        this.log = log;
        this.mapper = mapper;
        this.writer = writer;
    }

    void since(ApiCall call) throws IOException {
        Instant since = null;
        String text = call.query("since");
        if (text != null) {
            try {
                since = Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw ApiError.badRequest(
                        "InvalidQuery", "since must be an ISO-8601 instant such as " + "2026-12-01T00:00:00Z.");
            }
        }
        int limit = DEFAULT_LIMIT;
        String limitText = call.query("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ApiError.badRequest("InvalidQuery", "limit must be a number from 1 to " + MAX_LIMIT + ".");
            }
        }
        ArrayNode list = mapper.createArrayNode();
        for (AuditEntry entry : log.get().since(since, limit)) {
            ObjectNode node = list.addObject();
            node.put("at", entry.at().toString())
                    .put("who", entry.who())
                    .put("action", entry.action())
                    .put("target", entry.target())
                    .put("client", entry.client())
                    .put("outcome", entry.outcome());
            ObjectNode details = node.putObject("details");
            for (Map.Entry<String, String> detail : entry.details().entrySet()) {
                details.put(detail.getKey(), detail.getValue());
            }
        }
        writer.json(call.response(), 200, list);
    }
}
