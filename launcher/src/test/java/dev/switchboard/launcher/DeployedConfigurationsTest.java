package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Test;

public class DeployedConfigurationsTest {

    @Test
    public void onlyWhatFileInstallReadsAsConfigurationCounts() throws Exception {
        Path folder = Files.createTempDirectory("deploy");
        Files.writeString(folder.resolve("dev.switchboard.connection-a.cfg"), "connector = greeter\n");
        Files.writeString(folder.resolve("org.example.Other.config"), "x=\"y\"\n");
        Files.write(folder.resolve("greeter.jar"), new byte[] {1});
        Files.writeString(folder.resolve("notes.txt"), "n");
        Files.createDirectory(folder.resolve("sub.cfg"));
        List<Path> files = DeployedConfigurations.configurationFiles(folder);
        assertEquals(
                List.of("dev.switchboard.connection-a.cfg", "org.example.Other.config"),
                files.stream().map(p -> p.getFileName().toString()).sorted().toList());
        assertTrue(DeployedConfigurations.configurationFiles(folder.resolve("missing"))
                .isEmpty());
    }

    @Test
    public void aFileIsAppliedWhenAConfigurationNamesItsUrl() throws Exception {
        Path folder = Files.createTempDirectory("deploy");
        Path a = Files.writeString(folder.resolve("a.cfg"), "k=v\n");
        Path b = Files.writeString(folder.resolve("b.cfg"), "k=v\n");
        // FileInstall writes file.toURI().toURL(): "file:/..." (no authority), from the folder as configured
        String aUrl = a.toUri().toURL().toString();
        assertTrue(aUrl, aUrl.startsWith("file:/"));
        assertEquals(
                List.of(b),
                DeployedConfigurations.pending(List.of(a, b), List.of(aUrl, "http://x/b.cfg", "not a url")));
        String viaDotDot = folder.resolve("..")
                .resolve(folder.getFileName())
                .resolve("b.cfg")
                .toUri()
                .toString();
        assertTrue(DeployedConfigurations.pending(List.of(a, b), List.of(aUrl, viaDotDot))
                .isEmpty());
        assertFalse(DeployedConfigurations.pending(List.of(a), List.of()).isEmpty());
    }
}
