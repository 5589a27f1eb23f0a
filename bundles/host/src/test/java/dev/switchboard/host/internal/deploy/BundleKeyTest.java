package dev.switchboard.host.internal.deploy;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;

public class BundleKeyTest {

    @Rule
    public TemporaryFolder temp = new TemporaryFolder();

    @Test
    public void aJarIsKnownByItsSymbolicNameWithoutDirectivesAndItsVersion() throws Exception {
        Path jar = temp.getRoot().toPath().resolve("a.jar");
        DeploymentClassifierTest.jar(jar, "com.example.greeter;singleton:=true", "1.2.3.beta");
        BundleKey key = BundleKey.of(jar);
        assertEquals(new BundleKey("com.example.greeter", new Version(1, 2, 3, "beta")), key);
        assertEquals("com.example.greeter 1.2.3.beta", key.toString());
    }

    @Test
    public void aJarWithoutVersionHasTheEmptyVersion() throws Exception {
        Path jar = temp.getRoot().toPath().resolve("a.jar");
        DeploymentClassifierTest.jar(jar, "com.example.plain", null);
        assertEquals(Version.emptyVersion, BundleKey.of(jar).version());
    }

    @Test
    public void aPlainJarOrAnyOtherFileHoldsNoBundle() throws Exception {
        Path jar = temp.getRoot().toPath().resolve("lib.jar");
        DeploymentClassifierTest.jar(jar, null, "1.0.0");
        assertNull(BundleKey.of(jar));
        Path text = Files.writeString(temp.getRoot().toPath().resolve("notes.jar"), "half a jar");
        assertNull(BundleKey.of(text));
    }

    @Test
    public void theDigestTellsSameBytesFromOthers() throws Exception {
        Path file = Files.writeString(temp.getRoot().toPath().resolve("f"), "content");
        byte[] digest = ContentDigest.of(file);
        assertArrayEquals(ContentDigest.of("content".getBytes(StandardCharsets.UTF_8)), digest);
        assertEquals(32, digest.length);
        assertFalse(Arrays.equals(digest, ContentDigest.of("other".getBytes(StandardCharsets.UTF_8))));
        assertNull(ContentDigest.of(temp.getRoot().toPath().resolve("missing")));
    }
}
