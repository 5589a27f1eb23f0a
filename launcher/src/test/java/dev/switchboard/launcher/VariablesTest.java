package dev.switchboard.launcher;

import static dev.switchboard.launcher.FeatureReaderTest.feature;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Map;

import org.junit.Test;

public final class VariablesTest {

    @Test
    public void suppliedValuesWinOverDefaults() throws Exception {
        Variables variables = Variables.of(Map.of("home", "/default", "port", "8080"), Map.of("home", "/h"));
        assertEquals("/h/deploy and 8080", variables.substitute("${home}/deploy and ${port}"));
        assertEquals("no references", variables.substitute("no references"));
        assertEquals("$1 \\ kept", Variables.of(Map.of("x", "$1 \\"), Map.of()).substitute("${x} kept"));
    }

    @Test
    public void unsuppliedOrUnknownVariablesAreErrors() throws Exception {
        java.util.HashMap<String, String> declared = new java.util.HashMap<>();
        declared.put("needed", null);
        try {
            Variables.of(declared, Map.of());
            fail();
        } catch (FeatureException e) {
            assertTrue(e.getMessage().contains("needed"));
        }
        try {
            Variables.of(Map.of(), Map.of()).substitute("${typo}");
            fail();
        } catch (FeatureException e) {
            assertTrue(e.getMessage().contains("typo"));
        }
    }

    @Test
    public void appliesToFrameworkPropertiesAndStringConfigurationValues() throws Exception {
        Feature feature = feature(
                "f",
                "{ \"extensions\": { \"framework-launching-properties\": { \"type\": \"json\","
                        + " \"kind\": \"mandatory\", \"json\": { \"dir\": \"${home}/deploy\" } } },"
                        + " \"configurations\": { \"pid\": { \"hash\": \"${hash}\", \"n\": 3, \"list\": [\"${home}\", \"x\"] } },"
                        + " \"variables\": { \"home\": null, \"hash\": null } }");
        Feature resolved = Variables.of(feature.variables(), Map.of("home", "/h", "hash", "{sha-256}abc"))
                .applyTo(feature);
        assertEquals("/h/deploy", resolved.frameworkProperties().get("dir"));
        assertEquals("{sha-256}abc", resolved.configurations().get("pid").get("hash"));
        assertEquals(3L, resolved.configurations().get("pid").get("n"));
        assertArrayEquals(new String[] {"/h", "x"}, (String[])
                resolved.configurations().get("pid").get("list"));
        // the original is untouched
        assertEquals("${home}/deploy", feature.frameworkProperties().get("dir"));
    }
}
