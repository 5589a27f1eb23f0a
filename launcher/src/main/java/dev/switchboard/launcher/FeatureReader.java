package dev.switchboard.launcher;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an OSGi Feature JSON file ({@code "feature-resource-version": "1.0"}). Configuration values keep their JSON
 * type (String, Long, Double, Boolean, or an array of one of them); a key may name its type as in the spec,
 * {@code "port:Integer": 8080}.
 */
final class FeatureReader {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonParser.Feature.ALLOW_COMMENTS).build();

    Feature read(Path file) throws FeatureException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString(), in);
        } catch (IOException e) {
            throw new FeatureException("Cannot read feature file " + file + ": " + e.getMessage(), e);
        }
    }

    Feature read(String origin, InputStream in) throws FeatureException {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JsonProcessingException e) {
            throw new FeatureException(origin + " is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
        } catch (IOException e) {
            throw new FeatureException("Cannot read " + origin + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new FeatureException(origin + " is not a JSON object");
        }
        JsonNode resourceVersion = root.get("feature-resource-version");
        if (resourceVersion != null && !"1.0".equals(resourceVersion.asText())) {
            throw new FeatureException(origin + ": unsupported feature-resource-version " + resourceVersion.asText());
        }
        String id = root.path("id").asText(origin);
        return new Feature(id, bundles(origin, root.path("bundles")), strings(origin, "framework-properties",
                root.path("framework-properties"), false), configurations(origin, root.path("configurations")),
                strings(origin, "variables", root.path("variables"), true));
    }

    private static List<FeatureBundle> bundles(String origin, JsonNode node) throws FeatureException {
        List<FeatureBundle> bundles = new ArrayList<>();
        if (node.isMissingNode()) {
            return bundles;
        }
        if (!node.isArray()) {
            throw new FeatureException(origin + ": \"bundles\" must be an array");
        }
        for (JsonNode entry : node) {
            String id;
            int startOrder = FeatureBundle.LAST;
            if (entry.isTextual()) {
                id = entry.asText();
            } else if (entry.isObject() && entry.path("id").isTextual()) {
                id = entry.get("id").asText();
                JsonNode order = entry.get("start-order");
                if (order != null) {
                    if (!order.canConvertToInt() && !order.isTextual() || order.asInt(-1) < 1) {
                        throw new FeatureException(origin + ": start-order of " + id + " must be a positive integer");
                    }
                    startOrder = order.asInt();
                }
            } else {
                throw new FeatureException(origin + ": a bundle must be a Maven id or an object with an \"id\": " + entry);
            }
            try {
                bundles.add(new FeatureBundle(MavenId.parse(id), startOrder, origin));
            } catch (IllegalArgumentException e) {
                throw new FeatureException(origin + ": " + e.getMessage(), e);
            }
        }
        return bundles;
    }

    private static Map<String, String> strings(String origin, String name, JsonNode node, boolean nullable)
            throws FeatureException {
        Map<String, String> values = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return values;
        }
        if (!node.isObject()) {
            throw new FeatureException(origin + ": \"" + name + "\" must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            if (value.isNull() && nullable) {
                values.put(field.getKey(), null);
            } else if (value.isValueNode() && !value.isNull()) {
                values.put(field.getKey(), value.asText());
            } else {
                throw new FeatureException(origin + ": " + name + "." + field.getKey() + " must be a plain value");
            }
        }
        return values;
    }

    private static Map<String, Map<String, Object>> configurations(String origin, JsonNode node)
            throws FeatureException {
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        if (node.isMissingNode()) {
            return configurations;
        }
        if (!node.isObject()) {
            throw new FeatureException(origin + ": \"configurations\" must be an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> pids = node.fields(); pids.hasNext();) {
            Map.Entry<String, JsonNode> pid = pids.next();
            if (!pid.getValue().isObject()) {
                throw new FeatureException(origin + ": configuration " + pid.getKey() + " must be an object");
            }
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = pid.getValue().fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                String key = property.getKey();
                String type = null;
                int colon = key.indexOf(':');
                if (colon > 0) {
                    type = key.substring(colon + 1);
                    key = key.substring(0, colon);
                }
                try {
                    properties.put(key, ConfigurationValues.convert(property.getValue(), type));
                } catch (IllegalArgumentException e) {
                    throw new FeatureException(origin + ": configuration " + pid.getKey() + ", property " + key + ": "
                            + e.getMessage(), e);
                }
            }
            configurations.put(pid.getKey(), properties);
        }
        return configurations;
    }
}
