package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public final class AdminPasswordTest {
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();

    @Test
    public void generatesOnFirstStartIntoAnOwnerOnlyFile() throws Exception {
        Path conf = folder.getRoot().toPath().resolve("conf");
        AdminPassword password = AdminPassword.resolve(conf, null, random);

        assertEquals(AdminPassword.Source.GENERATED, password.source());
        assertTrue(password.password().length() >= 20);
        Path file = conf.resolve("admin.password");
        assertEquals(file, password.file());
        assertEquals(password.password(), Files.readString(file).strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(password.toString().contains(password.password()));
    }

    @Test
    public void reusesTheFileOnLaterStarts() throws Exception {
        Path conf = folder.getRoot().toPath();
        String first = AdminPassword.resolve(conf, null, random).password();
        AdminPassword again = AdminPassword.resolve(conf, "", random);
        assertEquals(AdminPassword.Source.FILE, again.source());
        assertEquals(first, again.password());
    }

    @Test
    public void tightensAReusedFileToMode600() throws Exception {
        Path file = folder.getRoot().toPath().resolve("admin.password");
        Files.writeString(file, "chosen-by-hand\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertEquals("chosen-by-hand", AdminPassword.resolve(folder.getRoot().toPath(), null, random).password());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    public void environmentOverridesAndWritesNothing() throws Exception {
        Path conf = folder.getRoot().toPath();
        AdminPassword password = AdminPassword.resolve(conf, "from-env", random);
        assertEquals(AdminPassword.Source.ENVIRONMENT, password.source());
        assertEquals("from-env", password.password());
        assertFalse(Files.exists(conf.resolve("admin.password")));
    }

    @Test
    public void generatedPasswordsDiffer() {
        String a = AdminPassword.generate(random, 24);
        assertEquals(24, a.length());
        assertNotEquals(a, AdminPassword.generate(random, 24));
    }

    @Test
    public void hashIsTheWebConsoleSha256Form() throws Exception {
        String expected = "{sha-256}" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("päss".getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, AdminPassword.hash("päss"));
        // a known value: SHA-256("admin")
        assertEquals("{sha-256}jGl25bVBBBW96Qi9Te4V37Fnqchz/Eu4qB9vKrRIqRg=", AdminPassword.hash("admin"));
    }
}
