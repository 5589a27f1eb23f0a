package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

public class ConfigurationFilesTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void theFileNameGivesThePidAndADashAFactoryConfiguration() {
        assertEquals("com.example.a", ConfigurationFiles.pidOf("com.example.a.cfg"));
        assertEquals(
                "dev.switchboard.connection~crm", ConfigurationFiles.pidOf("dev.switchboard.connection-crm.config"));
        assertEquals("x~y-z", ConfigurationFiles.pidOf("x-y-z.cfg.json"));
    }

    @Test
    public void aCfgJsonFileIsNotReadByFileInstallAndTheReasonSaysWhatToRenameItTo() throws Exception {
        Path file = Files.writeString(temp.getRoot().toPath().resolve("a.b.cfg.json"), "{}");
        Deployment d = ConfigurationFiles.classify(file, Instant.now(), FolderFacts.NONE);
        assertEquals(DeploymentState.FAILED, d.state());
        assertTrue(d.reason(), d.reason().contains("rename it to a.b.cfg"));
    }

    @Test
    public void aFileTheScannerMayNotHaveReadIsPendingThenFailed() throws Exception {
        Path file = Files.writeString(temp.getRoot().toPath().resolve("a.cfg"), "x=1");
        Instant now = Instant.now();
        assertEquals(
                DeploymentState.PENDING,
                ConfigurationFiles.classify(file, now, FolderFacts.NONE).state());
        Files.setLastModifiedTime(file, FileTime.from(now.minusSeconds(60)));
        assertEquals(
                DeploymentState.FAILED,
                ConfigurationFiles.classify(file, now, FolderFacts.NONE).state());
    }

    @Test
    public void anAppliedConnectionWithAProblemIsFailed() throws Exception {
        Path file = Files.writeString(temp.getRoot().toPath().resolve("dev.switchboard.connection-crm.cfg"), "x=1");
        FolderFacts applied = new FolderFacts(
                Map.of(),
                Map.of(),
                List.of(new FolderFacts.ConfiguredFile(file.toUri().toString(), "dev.switchboard.connection~crm")),
                Map.of());
        Deployment ok = ConfigurationFiles.classify(file, Instant.now(), applied);
        assertEquals(DeploymentState.APPLIED, ok.state());
        FolderFacts broken = new FolderFacts(
                Map.of(),
                Map.of(),
                applied.configurations(),
                Map.of("dev.switchboard.connection-crm.cfg", "Connector 'x' is not installed."));
        Deployment failed = ConfigurationFiles.classify(file, Instant.now(), broken);
        assertEquals(DeploymentState.FAILED, failed.state());
        assertTrue(failed.reason(), failed.reason().endsWith("Connector 'x' is not installed."));
    }
}
