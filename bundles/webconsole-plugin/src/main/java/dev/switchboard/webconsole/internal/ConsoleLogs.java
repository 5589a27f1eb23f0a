package dev.switchboard.webconsole.internal;

import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.ConnectorLogLine;
import dev.switchboard.host.api.ConnectorLogs;
import dev.switchboard.host.api.JsonViews;

/**
 * {@code logs.json?id=&level=}: the connector page's "Recent log lines", newest first, at most {@value #SHOWN}; the
 * same lines, in the same JSON ({@link JsonViews#logLine}), as {@code GET /api/connectors/{id}/logs}. An unknown level shows everything.
 */
final class ConsoleLogs {

    static final int SHOWN = 200;

    private ConsoleLogs() {}

    static ObjectNode json(JsonViews views, ConnectorLogs logs, String id, String level) {
        ConnectorLogLine.Level minimum = ConnectorLogLine.Level.parse(level).orElse(null);
        List<ConnectorLogLine> lines = logs.lines(id, null, minimum);
        ObjectNode body = views.mapper().createObjectNode();
        body.put("id", id).put("total", lines.size());
        ArrayNode list = body.putArray("lines");
        for (int i = lines.size() - 1; i >= 0 && list.size() < SHOWN; i--) {
            list.add(views.logLine(lines.get(i)));
        }
        return body;
    }
}
