package dev.switchboard.health.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.apache.felix.hc.api.Result;
import org.junit.Test;
import org.osgi.framework.Bundle;

import dev.switchboard.health.internal.FeatureBundlesCheck.BundleState;

public final class FeatureBundlesCheckTest {

    private static final Path DEPLOY = Path.of("/home/sb/deploy");

    private static String message(Result result) {
        StringBuilder text = new StringBuilder();
        result.forEach(entry -> text.append(entry.getMessage()));
        return text.toString();
    }

    @Test
    public void aFeatureBundleNotYetStartedMakesItTemporarilyUnavailable() {
        Result result = FeatureBundlesCheck.evaluate(
                List.of(
                        new BundleState(
                                "org.apache.felix.scr", "file:/dist/system/scr.jar", Bundle.ACTIVE, false, false),
                        new BundleState(
                                "org.apache.felix.fileinstall",
                                "file:/dist/system/fi.jar",
                                Bundle.RESOLVED,
                                false,
                                false)),
                DEPLOY);
        assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, result.getStatus());
        assertTrue(message(result), message(result).contains("org.apache.felix.fileinstall (RESOLVED)"));
    }

    @Test
    public void deployFolderBundlesAndResolvedFragmentsDoNotCount() {
        Result result = FeatureBundlesCheck.evaluate(
                List.of(
                        new BundleState(
                                "org.apache.felix.scr", "file:/dist/system/scr.jar", Bundle.ACTIVE, false, false),
                        new BundleState("a.fragment", "file:/dist/system/f.jar", Bundle.RESOLVED, true, false),
                        new BundleState(
                                "unresolved",
                                DEPLOY.resolve("unresolved.jar").toUri().toString(),
                                Bundle.INSTALLED,
                                false,
                                false)),
                DEPLOY);
        assertEquals(message(result), Result.Status.OK, result.getStatus());
        assertTrue(message(result), message(result).contains("all 2 bundles"));
    }

    @Test
    public void onlyFileLocationsInsideTheDeployFolderAreDeployFolderBundles() {
        assertTrue(FeatureBundlesCheck.fromDeployFolder("file:/home/sb/deploy/x.jar", DEPLOY));
        assertTrue(!FeatureBundlesCheck.fromDeployFolder("file:/home/sb/deploy-other/x.jar", DEPLOY));
        assertTrue(!FeatureBundlesCheck.fromDeployFolder("reference:file:/home/sb/deploy/x.jar", DEPLOY));
        assertTrue(!FeatureBundlesCheck.fromDeployFolder("file:/home/sb/deploy/x.jar", null));
    }
}
