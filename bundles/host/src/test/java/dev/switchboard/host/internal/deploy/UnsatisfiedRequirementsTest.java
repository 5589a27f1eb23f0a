package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.osgi.resource.Requirement;
import org.osgi.resource.Resource;

public class UnsatisfiedRequirementsTest {

    private static Requirement requirement(String namespace, Map<String, String> directives) {
        return new Requirement() {
            @Override
            public String getNamespace() {
                return namespace;
            }

            @Override
            public Map<String, String> getDirectives() {
                return directives;
            }

            @Override
            public Map<String, Object> getAttributes() {
                return Map.of();
            }

            @Override
            public Resource getResource() {
                return null;
            }
        };
    }

    @Test
    public void packageWithRangeIsDescribedLikeTheHeader() {
        Requirement r = requirement(
                "osgi.wiring.package",
                Map.of("filter", "(&(osgi.wiring.package=com.example.missing)(version>=1.0.0)(!(version>=2.0.0)))"));
        assertEquals(
                "Missing requirement: package com.example.missing [1.0.0,2.0.0)", UnsatisfiedRequirements.describe(r));
    }

    @Test
    public void packageWithoutVersionAndExclusiveBounds() {
        assertEquals(
                "Missing requirement: package a.b",
                UnsatisfiedRequirements.describe(
                        requirement("osgi.wiring.package", Map.of("filter", "(osgi.wiring.package=a.b)"))));
        assertEquals(
                "Missing requirement: package a.b (1.0.0,2.0.0]",
                UnsatisfiedRequirements.describe(requirement(
                        "osgi.wiring.package",
                        Map.of("filter", "(&(osgi.wiring.package=a.b)(!(version<=1.0.0))(version<=2.0.0))"))));
    }

    @Test
    public void requiredBundleAndOtherNamespaces() {
        assertEquals(
                "Missing requirement: bundle com.example.lib [1.0.0,2.0.0)",
                UnsatisfiedRequirements.describe(
                        requirement(
                                "osgi.wiring.bundle",
                                Map.of(
                                        "filter",
                                        "(&(osgi.wiring.bundle=com.example.lib)(bundle-version>=1.0.0)(!(bundle-version>=2.0.0)))"))));
        assertEquals(
                "Missing requirement: osgi.extender (osgi.extender=osgi.cdi)",
                UnsatisfiedRequirements.describe(
                        requirement("osgi.extender", Map.of("filter", "(osgi.extender=osgi.cdi)"))));
    }

    @Test
    public void optionalAndRunTimeRequirementsDoNotBlockResolution() {
        assertTrue(UnsatisfiedRequirements.mustResolve(requirement("osgi.wiring.package", Map.of())));
        assertFalse(UnsatisfiedRequirements.mustResolve(
                requirement("osgi.wiring.package", Map.of("resolution", "optional"))));
        assertFalse(UnsatisfiedRequirements.mustResolve(requirement("osgi.service", Map.of("effective", "active"))));
    }
}
