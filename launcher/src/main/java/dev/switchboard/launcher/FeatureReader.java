package dev.switchboard.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.apache.felix.feature.impl.FeatureServiceImpl;
import org.osgi.service.feature.FeatureConfiguration;
import org.osgi.service.feature.FeatureExtension;
import org.osgi.service.feature.FeatureService;
import org.osgi.service.feature.ID;

/**
 * Reads an OSGi Feature JSON file (Feature Service 1.0, {@code "feature-resource-version": "1.0"}) with Apache Felix's
 * implementation of the Feature Service ({@code org.apache.felix.feature}): bundles with their {@code start-order}
 * metadata, variables, and configurations typed as the spec says ({@code org.apache.felix.cm.json}: String, Long,
 * Double, Boolean or arrays of them as written, {@code "port:Integer": 8080} for another type). Framework properties
 * are the Feature Launcher's {@value #LAUNCH_PROPERTIES} extension (JSON, an object of plain values).
 * <p>
 * Felix's reader skips what the spec does not define without a word: a bundle given as a plain string, a top-level
 * {@code framework-properties} (this project's format before it used the extension), an unknown resource version. A
 * file would then boot without them, so those are checked here first, and refused with what to write instead.
 */
final class FeatureReader {

    static final String LAUNCH_PROPERTIES = "framework-launching-properties";

    private static final ObjectMapper JSON =
            JsonMapper.builder().enable(JsonParser.Feature.ALLOW_COMMENTS).build();
    private static final Set<String> KEYS = Set.of(
            "feature-resource-version",
            "id",
            "name",
            "description",
            "docURL",
            "license",
            "scm",
            "vendor",
            "complete",
            "categories",
            "variables",
            "bundles",
            "configurations",
            "extensions");

    private final FeatureService service = new FeatureServiceImpl();

    Feature read(Path file) throws FeatureException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(file.getFileName().toString(), in);
        } catch (IOException e) {
            throw new FeatureException("Cannot read feature file " + file + ": " + e.getMessage(), e);
        }
    }

    Feature read(String origin, InputStream in) throws FeatureException {
        String text;
        try {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FeatureException("Cannot read " + origin + ": " + e.getMessage(), e);
        }
        checkWhatFelixWouldSkip(origin, text);
        org.osgi.service.feature.Feature feature;
        try {
            feature = service.readFeature(new StringReader(text));
        } catch (IOException | RuntimeException e) {
            throw new FeatureException(origin + " is not a valid feature: " + e.getMessage(), e);
        }
        List<FeatureBundle> bundles = new ArrayList<>();
        for (org.osgi.service.feature.FeatureBundle bundle : feature.getBundles()) {
            bundles.add(new FeatureBundle(mavenId(origin, bundle.getID()), startOrder(origin, bundle), origin));
        }
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        for (Map.Entry<String, FeatureConfiguration> configuration :
                feature.getConfigurations().entrySet()) {
            configurations.put(
                    configuration.getKey(),
                    new LinkedHashMap<>(configuration.getValue().getValues()));
        }
        Map<String, String> variables = new LinkedHashMap<>();
        feature.getVariables().forEach((name, value) -> variables.put(name, value == null ? null : value.toString()));
        return new Feature(
                feature.getID().toString(),
                bundles,
                frameworkProperties(origin, feature.getExtensions().get(LAUNCH_PROPERTIES)),
                configurations,
                variables);
    }

    private static void checkWhatFelixWouldSkip(String origin, String text) throws FeatureException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FeatureException(
                    origin + " is not valid JSON: " + e.getOriginalMessage()
                            + (e.getLocation() == null
                                    ? ""
                                    : " (line " + e.getLocation().getLineNr() + ")"),
                    e);
        }
        if (root == null || !root.isObject()) {
            throw new FeatureException(origin + " is not a JSON object");
        }
        JsonNode resourceVersion = root.get("feature-resource-version");
        if (resourceVersion != null && !"1.0".equals(resourceVersion.asText())) {
            throw new FeatureException(origin + ": unsupported feature-resource-version " + resourceVersion.asText());
        }
        if (!root.path("id").isTextual()) {
            throw new FeatureException(origin + ": a feature needs an \"id\" (groupId:artifactId:version)");
        }
        if (root.has("framework-properties")) {
            throw new FeatureException(origin + ": \"framework-properties\" is not part of OSGi Feature JSON; put them "
                    + "into \"extensions\": {\"" + LAUNCH_PROPERTIES
                    + "\": {\"type\": \"json\", \"kind\": \"mandatory\", "
                    + "\"json\": {...}}}");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!KEYS.contains(key)) {
                throw new FeatureException(origin + ": unknown key \"" + key + "\" (OSGi Feature JSON 1.0 has "
                        + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        JsonNode bundles = root.path("bundles");
        if (!bundles.isMissingNode() && !bundles.isArray()) {
            throw new FeatureException(origin + ": \"bundles\" must be an array");
        }
        for (JsonNode bundle : bundles) {
            if (!bundle.isObject() || !bundle.path("id").isTextual()) {
                throw new FeatureException(
                        origin + ": a bundle must be an object with an \"id\" (a Maven id): " + bundle);
            }
        }
    }

    private static MavenId mavenId(String origin, ID id) throws FeatureException {
        StringBuilder text = new StringBuilder(id.getGroupId()).append(':').append(id.getArtifactId());
        if (id.getType().isPresent() || id.getClassifier().isPresent()) {
            text.append(':').append(id.getType().orElse("jar"));
            id.getClassifier().ifPresent(classifier -> text.append(':').append(classifier));
        }
        text.append(':').append(id.getVersion());
        try {
            return MavenId.parse(text.toString());
        } catch (IllegalArgumentException e) {
            throw new FeatureException(origin + ": " + e.getMessage(), e);
        }
    }

    private static int startOrder(String origin, org.osgi.service.feature.FeatureBundle bundle)
            throws FeatureException {
        Object order = bundle.getMetadata().get("start-order");
        if (order == null) {
            return FeatureBundle.LAST;
        }
        try {
            long value = order instanceof Number number
                    ? number.longValue()
                    : Long.parseLong(order.toString().trim());
            if (value >= 1 && value < FeatureBundle.LAST) {
                return (int) value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new FeatureException(origin + ": start-order of " + bundle.getID() + " must be a positive integer");
    }

    private static Map<String, String> frameworkProperties(String origin, FeatureExtension extension)
            throws FeatureException {
        Map<String, String> values = new LinkedHashMap<>();
        if (extension == null) {
            return values;
        }
        if (extension.getType() != FeatureExtension.Type.JSON) {
            throw new FeatureException(origin + ": extension " + LAUNCH_PROPERTIES + " must be of type json");
        }
        JsonNode node;
        try {
            node = JSON.readTree(extension.getJSON());
        } catch (JsonProcessingException e) {
            throw new FeatureException(origin + ": extension " + LAUNCH_PROPERTIES + " is not valid JSON", e);
        }
        if (node == null || !node.isObject()) {
            throw new FeatureException(origin + ": extension " + LAUNCH_PROPERTIES + " must hold a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getValue().isValueNode() || field.getValue().isNull()) {
                throw new FeatureException(
                        origin + ": " + LAUNCH_PROPERTIES + "." + field.getKey() + " must be a plain value");
            }
            values.put(field.getKey(), field.getValue().asText());
        }
        return values;
    }
}
