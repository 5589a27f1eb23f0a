package dev.switchboard.rest.internal;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorLogLine;
import dev.switchboard.host.api.ConnectorLogs;
import dev.switchboard.host.api.JsonViews;

/**
 * {@code GET /connectors/{id}/logs?since=&level=}: the connector's recent log lines, oldest first, as
 * {@code [{time, level, logger, message, version, traceId}]}.
 */
final class LogsEndpoint {

    private final ConnectorLogs logs;
    private final ConnectorCatalog catalog;
    private final JsonViews views;
    private final ResponseWriter writer;

    LogsEndpoint(ConnectorLogs logs, ConnectorCatalog catalog, JsonViews views, ResponseWriter writer) {
        this.logs = logs;
        this.catalog = catalog;
        this.views = views;
        this.writer = writer;
    }

    void lines(ApiCall call) throws IOException {
        String id = call.path("id");
        Instant since = since(call.query("since"));
        ConnectorLogLine.Level level = level(call.query("level"));
        List<ConnectorLogLine> lines = logs.lines(id, since, level);
        if (lines.isEmpty()
                && catalog.snapshot().versionsOf(id).isEmpty()
                && logs.lines(id, null, null).isEmpty()) {
            throw ApiError.notFound("ConnectorNotFound", "There is no connector '" + id + "'.");
        }
        ArrayNode list = views.mapper().createArrayNode();
        for (ConnectorLogLine line : lines) {
            list.add(views.logLine(line));
        }
        writer.json(call.response(), 200, list);
    }

    private static Instant since(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(
                    "InvalidQuery", "since must be an ISO-8601 instant such as " + "2026-12-01T00:00:00Z.");
        }
    }

    private static ConnectorLogLine.Level level(String text) {
        if (text == null) {
            return null;
        }
        return ConnectorLogLine.Level.parse(text)
                .orElseThrow(
                        () -> ApiError.badRequest(
                                "InvalidQuery",
                                "level must be one of ERROR, WARN, INFO, DEBUG, TRACE (the lines of that level and more severe)."));
    }
}
