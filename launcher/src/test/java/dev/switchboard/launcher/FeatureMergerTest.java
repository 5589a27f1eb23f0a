package dev.switchboard.launcher;

import static dev.switchboard.launcher.FeatureReaderTest.feature;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.stream.Collectors;

import org.junit.Test;

public final class FeatureMergerTest {

    @Test
    public void mergesAndOrdersByStartOrder() throws Exception {
        Feature a = feature(
                "a",
                "{ \"bundles\": [ { \"id\": \"g:late:1\", \"start-order\": 20 },"
                        + " { \"id\": \"g:first:1\", \"start-order\": 1 }, { \"id\": \"g:unordered:1\" } ],"
                        + " \"extensions\": { \"framework-launching-properties\": { \"type\": \"json\", \"kind\": \"mandatory\", \"json\": { \"p\": \"1\" } } }, \"configurations\": { \"pid\": { \"x\": \"1\" } },"
                        + " \"variables\": { \"v\": null } }");
        Feature b = feature(
                "b",
                "{ \"bundles\": [ { \"id\": \"g:mid:1\", \"start-order\": 5 },"
                        + " { \"id\": \"g:late:1\", \"start-order\": 3 } ],"
                        + " \"extensions\": { \"framework-launching-properties\": { \"type\": \"json\", \"kind\": \"mandatory\", \"json\": { \"p\": \"1\", \"q\": \"2\" } } },"
                        + " \"configurations\": { \"pid\": { \"y\": \"2\" }, \"other\": { \"z\": 1 } },"
                        + " \"variables\": { \"v\": null, \"w\": \"x\" } }");

        Feature merged = new FeatureMerger().merge("m", List.of(a, b));

        List<String> order = merged.bundlesInStartOrder().stream()
                .map(bundle -> bundle.id().toString())
                .collect(Collectors.toList());
        // g:late is listed twice: the lower start order wins
        assertEquals(List.of("g:first:1", "g:late:1", "g:mid:1", "g:unordered:1"), order);
        assertEquals("1", merged.frameworkProperties().get("p"));
        assertEquals("2", merged.frameworkProperties().get("q"));
        assertEquals("1", merged.configurations().get("pid").get("x"));
        assertEquals("2", merged.configurations().get("pid").get("y"));
        assertEquals(1L, merged.configurations().get("other").get("z"));
        assertTrue(merged.variables().containsKey("v"));
        assertEquals("x", merged.variables().get("w"));
    }

    @Test
    public void conflictsStopTheMerge() throws Exception {
        assertConflict(
                "{ \"bundles\": [ { \"id\": \"g:a:1\" } ] }", "{ \"bundles\": [ { \"id\": \"g:a:2\" } ] }", "g:a");
        assertConflict(
                "{ \"extensions\": { \"framework-launching-properties\": { \"type\": \"json\", \"kind\": \"mandatory\", \"json\": { \"p\": \"1\" } } } }",
                "{ \"extensions\": { \"framework-launching-properties\": { \"type\": \"json\", \"kind\": \"mandatory\", \"json\": { \"p\": \"2\" } } } }",
                "Framework property p");
        assertConflict(
                "{ \"configurations\": { \"pid\": { \"secret\": \"1\" } } }",
                "{ \"configurations\": { \"pid\": { \"secret\": \"2\" } } }",
                "Configuration pid");
        assertConflict("{ \"variables\": { \"v\": \"1\" } }", "{ \"variables\": { \"v\": null } }", "Variable v");
    }

    private static void assertConflict(String first, String second, String expected) throws Exception {
        try {
            new FeatureMerger().merge("m", List.of(feature("one", first), feature("two", second)));
            fail("no conflict reported for " + second);
        } catch (FeatureException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(expected));
            if (expected.startsWith("Configuration")) {
                // configuration values may be secrets: never in the message
                assertTrue(e.getMessage(), !e.getMessage().contains("2"));
            }
        }
    }
}
