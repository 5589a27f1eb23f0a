package dev.switchboard.launcher;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public final class AdminPasswordTest {
    @Rule
    public final TemporaryFolder folder = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();

    @Test
    public void aGeneratedPasswordIsKeptOnlyAsASaltedSlowHashInAnOwnerOnlyFile() throws Exception {
        Path conf = folder.getRoot().toPath().resolve("conf");
        AdminPassword password = AdminPassword.resolve(conf, null, random);
        password.storeHash(random);

        assertEquals(AdminPassword.Source.GENERATED, password.source());
        assertEquals(AdminPassword.GENERATED_LENGTH, password.password().length());
        Path file = conf.resolve("admin.hash");
        String stored = Files.readString(file, StandardCharsets.UTF_8).strip();
        assertFalse("the clear password is not on disk", stored.contains(password.password()));
        assertTrue(stored, verifies(stored, password.password()));
        assertFalse(verifies(stored, password.password() + "x"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertFalse(Files.exists(conf.resolve("admin.password")));
    }

    @Test
    public void aLaterStartKnowsOnlyTheHash() throws Exception {
        Path conf = folder.getRoot().toPath().resolve("conf");
        AdminPassword.resolve(conf, null, random).storeHash(random);
        String hash = Files.readString(conf.resolve("admin.hash"));

        AdminPassword again = AdminPassword.resolve(conf, "", random);
        again.storeHash(random);

        assertEquals(AdminPassword.Source.FILE, again.source());
        assertNull(again.password());
        assertEquals("the hash is left as it was", hash, Files.readString(conf.resolve("admin.hash")));
    }

    @Test
    public void twoHashesOfOnePasswordDifferByTheirSalt() {
        assertNotEquals(AdminPassword.hash("same", random), AdminPassword.hash("same", random));
    }

    @Test
    public void theEnvironmentWinsAndReplacesTheHash() throws Exception {
        Path conf = folder.getRoot().toPath().resolve("conf");
        AdminPassword.resolve(conf, null, random).storeHash(random);

        AdminPassword password = AdminPassword.resolve(conf, "from-env", random);
        password.storeHash(random);

        assertEquals(AdminPassword.Source.ENVIRONMENT, password.source());
        assertTrue(verifies(Files.readString(conf.resolve("admin.hash")).strip(), "from-env"));
        assertEquals("AdminPassword[ENVIRONMENT]", password.toString());
    }

    @Test
    public void aClearTextFileOfAnEarlierVersionIsHashedAndDeleted() throws Exception {
        Path conf = folder.getRoot().toPath();
        Path legacy = conf.resolve("admin.password");
        Files.writeString(legacy, "chosen-by-hand\n");

        AdminPassword password = AdminPassword.resolve(conf, null, random);
        password.storeHash(random);

        assertEquals(AdminPassword.Source.MIGRATED, password.source());
        assertFalse(Files.exists(legacy));
        assertTrue(verifies(Files.readString(conf.resolve("admin.hash")).strip(), "chosen-by-hand"));
    }

    @Test
    public void theConsolesOwnPasswordSettingMatchesNothingKnown() {
        String first = AdminPassword.unusableConsoleHash(random);
        assertTrue(first.startsWith("{sha-256}"));
        assertNotEquals(first, AdminPassword.unusableConsoleHash(random));
    }

    /** The check the security bundle makes, written out from the documented form. */
    private static boolean verifies(String stored, String password) throws Exception {
        String[] parts = stored.substring("{pbkdf2-sha256}".length()).split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[1]);
        byte[] expected = Base64.getDecoder().decode(parts[2]);
        byte[] actual = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                .generateSecret(new PBEKeySpec(password.toCharArray(), salt, Integer.parseInt(parts[0]), 256))
                .getEncoded();
        return java.util.Arrays.equals(expected, actual);
    }
}
