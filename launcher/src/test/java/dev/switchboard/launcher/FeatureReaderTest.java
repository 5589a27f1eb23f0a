package dev.switchboard.launcher;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.Test;

public final class FeatureReaderTest {

    /** A feature from {@code json}; the tests' features need no id of their own: one without gets {@code test:<origin>:1}. */
    static Feature feature(String origin, String json) throws FeatureException {
        String withId = json;
        try {
            JsonNode root = new ObjectMapper().readTree(json);
            if (root instanceof ObjectNode object && !object.has("id")) {
                withId = new ObjectNode(JsonNodeFactory.instance)
                        .put("id", "test:" + origin + ":1")
                        .setAll(object)
                        .toString();
            }
        } catch (java.io.IOException e) {
            // not JSON: the reader says so
        }
        return new FeatureReader().read(origin, new ByteArrayInputStream(withId.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    public void readsBundlesPropertiesConfigurationsAndVariables() throws Exception {
        Feature feature = feature(
                "a.json",
                "{ \"feature-resource-version\": \"1.0\", \"id\": \"g:a:1\","
                        + " \"bundles\": [ { \"id\": \"g:b:2\", \"start-order\": 5 }, { \"id\": \"g:c:3\" } ],"
                        + " \"extensions\": { \"framework-launching-properties\": { \"type\": \"json\", \"kind\": \"mandatory\","
                        + "   \"json\": { \"x\": \"${v}/y\", \"n\": 200 } } },"
                        + " \"configurations\": { \"pid\": { \"s\": \"t\", \"l\": 7, \"b\": true, \"d\": 1.5,"
                        + "   \"arr\": [\"p\", \"q\"], \"i:Integer\": \"42\", \"ls:Long[]\": [1, 2] } },"
                        + " \"variables\": { \"v\": null, \"w\": \"def\" } }");

        assertEquals("g:a:1", feature.id());
        assertEquals(2, feature.bundles().size());
        assertEquals("g:b:2", feature.bundles().get(0).id().toString());
        assertEquals(5, feature.bundles().get(0).startOrder());
        assertEquals(FeatureBundle.LAST, feature.bundles().get(1).startOrder());
        assertEquals("${v}/y", feature.frameworkProperties().get("x"));
        assertEquals("200", feature.frameworkProperties().get("n"));
        Map<String, Object> pid = feature.configurations().get("pid");
        assertEquals("t", pid.get("s"));
        assertEquals(7L, pid.get("l"));
        assertEquals(Boolean.TRUE, pid.get("b"));
        assertEquals(1.5d, pid.get("d"));
        assertArrayEquals(new String[] {"p", "q"}, (String[]) pid.get("arr"));
        assertEquals(42, pid.get("i"));
        assertArrayEquals(new Long[] {1L, 2L}, (Long[]) pid.get("ls"));
        assertTrue(feature.variables().containsKey("v"));
        assertNull(feature.variables().get("v"));
        assertEquals("def", feature.variables().get("w"));
    }

    @Test
    public void rejectsBadInput() {
        for (String json : new String[] {
            "[]",
            "{ \"bundles\": [ \"not-a-maven-id\" ] }",
            "{ \"bundles\": [ { \"id\": \"not-a-maven-id\" } ] }",
            "{ \"bundles\": [ \"g:a:1\" ] }",
            "{ \"framework-properties\": { \"p\": \"1\" } }",
            "{ \"typo\": 1 }",
            "{ \"bundles\": [ { \"id\": \"g:a:1\", \"start-order\": 0 } ] }",
            "{ \"feature-resource-version\": \"2.0\" }",
            "{ \"configurations\": { \"p\": { \"i:Integer\": \"x\" } } }",
            "{ not json"
        }) {
            try {
                feature("bad.json", json);
                fail("accepted " + json);
            } catch (FeatureException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("bad.json"));
            }
        }
    }

    /** The project's own feature files: they parse, merge without conflict and put ConfigAdmin first. */
    @Test
    public void projectFeaturesMergeCleanly() throws Exception {
        Path folder = Paths.get("target/switchboard/features");
        List<Feature> features = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().collect(Collectors.toList())) {
                features.add(new FeatureReader().read(file));
                names.add(file.getFileName().toString());
            }
        }
        assertEquals(
                List.of(
                        "cluster.json",
                        "connectors.json",
                        "core.json",
                        "http.json",
                        "metrics.json",
                        "tracing.json",
                        "triggers.json",
                        "webconsole.json"),
                names);
        Feature merged = new FeatureMerger().merge("all", features);
        List<FeatureBundle> ordered = merged.bundlesInStartOrder();
        assertEquals(
                "org.apache.felix:org.apache.felix.configadmin:1.9.26",
                ordered.get(0).id().toString());
        assertTrue(ordered.get(ordered.size() - 1).id().toString().contains("fileinstall"));
        assertTrue(merged.bundles().stream().noneMatch(b -> b.id().toString().contains("${")));
        assertEquals("100", merged.frameworkProperties().get("felix.fileinstall.poll"));
        assertTrue(merged.configurations().containsKey("dev.switchboard.security"));
        assertTrue(merged.configurations().containsKey("org.apache.felix.webconsole.internal.servlet.OsgiManager"));
    }
}
