package dev.switchboard.rest.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.switchboard.host.api.Failures;
import dev.switchboard.host.api.JsonViews;
import dev.switchboard.host.api.TrafficControl;
import dev.switchboard.host.api.TrafficException;
import dev.switchboard.host.api.TrafficGuard;
import dev.switchboard.host.api.TrafficSplit;

/**
 * {@code GET|PUT|DELETE /connectors/{id}/traffic}: the connector's canary traffic split. The body of a PUT is
 * {@code {"weights": {"2.0.0": 10, "1.0.0": 90}, "sticky": "connection", "rollbackOn": {"errorRate": 0.05,
 * "window": "60s", "minCalls": 50}}} ({@code sticky} and {@code rollbackOn} optional; in {@code rollbackOn},
 * {@code window} defaults to 60 s and {@code minCalls} to 10); every error names the field at fault, as a JSON
 * pointer in the details.
 */
final class TrafficEndpoints {

    private static final Set<String> FIELDS = Set.of("weights", "sticky", "rollbackOn");
    private static final Set<String> GUARD_FIELDS = Set.of("errorRate", "window", "minCalls");
    /** When {@code rollbackOn} leaves them out. */
    private static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    private static final int DEFAULT_MIN_CALLS = 10;

    private final TrafficControl traffic;
    private final ObjectMapper mapper;
    private final JsonViews views;
    private final RequestBodyReader bodyReader;
    private final ResponseWriter writer;

    TrafficEndpoints(
            TrafficControl traffic,
            ObjectMapper mapper,
            JsonViews views,
            RequestBodyReader bodyReader,
            ResponseWriter writer) {
        this.traffic = traffic;
        this.mapper = mapper;
        this.views = views;
        this.bodyReader = bodyReader;
        this.writer = writer;
    }

    void get(ApiCall call) throws IOException {
        try {
            writer.json(call.response(), 200, views.traffic(traffic.traffic(call.path("id"))));
        } catch (TrafficException e) {
            throw error(e);
        }
    }

    void put(ApiCall call) throws IOException {
        TrafficSplit split = parse(bodyReader.read(call.request()));
        try {
            writer.json(call.response(), 200, views.traffic(traffic.setTraffic(call.path("id"), split)));
        } catch (TrafficException e) {
            throw error(e);
        }
    }

    void delete(ApiCall call) {
        try {
            traffic.clearTraffic(call.path("id"));
        } catch (TrafficException e) {
            throw error(e);
        }
        call.response().setStatus(204);
    }

    /** The host's reason as status and code, its field as a JSON pointer: {@link Failures#of(TrafficException)}. */
    static ApiError error(TrafficException e) {
        return ApiError.of(Failures.of(e));
    }

    TrafficSplit parse(byte[] body) {
        JsonNode root;
        try {
            root = body.length == 0 ? mapper.missingNode() : mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw InvocationParser.invalidJson(e);
        } catch (IOException e) {
            throw new IllegalStateException("reading from a byte array", e);
        }
        if (!root.isObject()) {
            throw invalid("", "The request body must be a JSON object: {\"weights\": {\"2.0.0\": 10, \"1.0.0\": 90}}");
        }
        unknownFields(root, FIELDS, "");
        JsonNode weightsNode = root.path("weights");
        if (!weightsNode.isObject()) {
            throw invalid(
                    "weights",
                    "weights must be an object of versions and their weights, as in {\"2.0.0\": 10, "
                            + "\"1.0.0\": 90}");
        }
        Map<String, Double> weights = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightsNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> weight = it.next();
            if (!weight.getValue().isNumber()) {
                throw invalid("weights." + weight.getKey(), "The weight of " + weight.getKey() + " must be a number");
            }
            weights.put(weight.getKey(), weight.getValue().doubleValue());
        }
        JsonNode sticky = root.path("sticky");
        if (!sticky.isMissingNode() && !sticky.isNull() && !"connection".equals(sticky.asText(null))) {
            throw invalid("sticky", "sticky is \"connection\" (each named connection keeps its version) or absent");
        }
        return new TrafficSplit(weights, "connection".equals(sticky.asText(null)), guard(root.path("rollbackOn")));
    }

    private static TrafficGuard guard(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw invalid(
                    "rollbackOn",
                    "rollbackOn must be an object: {\"errorRate\": 0.05, \"window\": \"60s\", " + "\"minCalls\": 50}");
        }
        unknownFields(node, GUARD_FIELDS, "rollbackOn.");
        JsonNode errorRate = node.path("errorRate");
        if (!errorRate.isNumber()) {
            throw invalid("rollbackOn.errorRate", "errorRate must be a number above 0 and at most 1, such as 0.05");
        }
        JsonNode window = node.path("window");
        Duration duration;
        try {
            duration = window.isMissingNode()
                    ? DEFAULT_WINDOW
                    : window.isIntegralNumber()
                            ? Duration.ofMillis(window.longValue())
                            : TrafficGuard.parseWindow(window.isTextual() ? window.textValue() : null);
        } catch (IllegalArgumentException e) {
            throw invalid(
                    "rollbackOn.window",
                    "window must be a duration such as \"60s\", \"500ms\", \"5m\" or "
                            + "\"PT60S\" (or a number of milliseconds)");
        }
        JsonNode minCalls = node.path("minCalls");
        if (!minCalls.isMissingNode() && !(minCalls.isIntegralNumber() && minCalls.canConvertToInt())) {
            throw invalid("rollbackOn.minCalls", "minCalls must be a whole number, at least 1");
        }
        return new TrafficGuard(
                errorRate.doubleValue(), duration, minCalls.isMissingNode() ? DEFAULT_MIN_CALLS : minCalls.intValue());
    }

    private static void unknownFields(JsonNode node, Set<String> known, String prefix) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                throw invalid(
                        prefix + name,
                        "Unknown field '" + name + "'; the fields are "
                                + known.stream().sorted().toList());
            }
        }
    }

    private static ApiError invalid(String field, String message) {
        return error(new TrafficException(
                TrafficException.Reason.INVALID,
                field.isEmpty() ? null : field,
                field.isEmpty() ? message : field + ": " + message));
    }
}
