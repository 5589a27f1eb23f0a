package dev.switchboard.webconsole.internal;

import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.switchboard.metrics.api.CallHistory;

/**
 * {@code /connectors/metrics.json}: per connector version, the series the page draws as sparklines (calls per
 * second, error rate, p99 in ms), one value per bucket, oldest first;
 * {@code {"metrics": false}} without the metrics bundle.
 */
final class CallCharts {

    private CallCharts() {}

    static ObjectNode json(ObjectMapper mapper, List<CallHistory.Series> series) {
        ObjectNode root = mapper.createObjectNode();
        root.put("metrics", series != null);
        ArrayNode list = root.putArray("series");
        if (series == null) {
            return root;
        }
        for (CallHistory.Series s : series) {
            ObjectNode node = list.addObject()
                    .put("connector", s.connectorId())
                    .put("version", s.version())
                    .put("bucketSeconds", s.bucketSeconds());
            node.put("start", s.buckets().isEmpty() ? 0 : s.buckets().get(0).start());
            ArrayNode calls = node.putArray("calls");
            ArrayNode perSecond = node.putArray("callsPerSecond");
            ArrayNode errorRate = node.putArray("errorRate");
            ArrayNode p99 = node.putArray("p99Ms");
            long total = 0;
            long errors = 0;
            for (CallHistory.Bucket b : s.buckets()) {
                calls.add(b.calls());
                perSecond.add(Math.round(b.calls() * 1000.0 / s.bucketSeconds()) / 1000.0);
                errorRate.add(Math.round(b.errorRate() * 10_000) / 10_000.0);
                if (Double.isNaN(b.p99Millis())) {
                    p99.addNull();
                } else {
                    p99.add(Math.round(b.p99Millis() * 1000) / 1000.0);
                }
                total += b.calls();
                errors += b.errors();
            }
            node.put("totalCalls", total).put("totalErrors", errors);
        }
        return root;
    }
}
