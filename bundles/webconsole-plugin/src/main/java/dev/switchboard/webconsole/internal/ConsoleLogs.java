package dev.switchboard.webconsole.internal;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.host.api.ConnectorLogLine;
import dev.switchboard.host.api.ConnectorLogs;

/**
 * {@code logs.json?id=&level=}: the connector page's "Recent log lines", newest first, at most {@value #SHOWN}; the
 * same lines as {@code GET /api/connectors/{id}/logs}. An unknown level shows everything.
 */
final class ConsoleLogs {

    static final int SHOWN = 200;

    private ConsoleLogs() {
    }

    static ObjectNode json(ObjectMapper mapper, ConnectorLogs logs, String id, String level) {
        ConnectorLogLine.Level minimum = ConnectorLogLine.Level.parse(level).orElse(null);
        List<ConnectorLogLine> lines = logs.lines(id, null, minimum);
        ObjectNode body = mapper.createObjectNode();
        body.put("id", id).put("total", lines.size());
        ArrayNode list = body.putArray("lines");
        for (int i = lines.size() - 1; i >= 0 && list.size() < SHOWN; i--) {
            ConnectorLogLine line = lines.get(i);
            list.addObject().put("time", line.time().toString()).put("level", line.level().name())
                    .put("logger", line.logger()).put("message", line.message()).put("version", line.version())
                    .put("traceId", line.traceId());
        }
        return body;
    }
}
