package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

public class DeploymentScannerTest {

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private static BundleContext context(String deployFolder) {
        return (BundleContext) Proxy.newProxyInstance(
                BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getProperty" ->
                        DeploymentScanner.DEPLOY_FOLDER_PROPERTY.equals(args[0]) ? deployFolder : null;
                    case "getBundles" -> new Bundle[0];
                    case "getBundle" -> null;
                    case "hashCode" -> 0;
                    case "equals" -> self == args[0];
                    default -> null;
                });
    }

    @Test
    public void withoutTheFrameworkPropertyThereIsNothingToReport() {
        DeploymentScanner scanner = new DeploymentScanner(context(null), () -> new CatalogSnapshot(0, List.of()), null);
        assertNull(scanner.deployFolder());
        assertTrue(scanner.deployments().isEmpty());
    }

    @Test
    public void filesInTheConfiguredFolderAreReported() throws Exception {
        Path folder = temp.newFolder("deploy").toPath();
        Files.createFile(folder.resolve("empty.jar"));
        DeploymentScanner scanner =
                new DeploymentScanner(context(folder.toString()), () -> new CatalogSnapshot(0, List.of()), null);
        assertEquals(folder.toAbsolutePath().normalize(), scanner.deployFolder());
        List<Deployment> deployments = scanner.deployments();
        assertEquals(1, deployments.size());
        assertEquals(DeploymentState.FAILED, deployments.get(0).state());
    }
}
