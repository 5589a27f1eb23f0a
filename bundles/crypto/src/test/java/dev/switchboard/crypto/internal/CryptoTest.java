package dev.switchboard.crypto.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Hashtable;
import javax.crypto.SecretKey;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.crypto.api.SecretCipher;

public class CryptoTest {

    private static final String SECRET = "pa55-w0rd-äöü-" + System.nanoTime();

    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private final SecureRandom random = new SecureRandom();

    @Test
    public void theKeyIsMadeOnceInAnOwnerOnlyFileAndKept() throws Exception {
        Path file = temporary.getRoot().toPath().resolve("conf/encryption.key");
        SecretKey first = KeyFile.loadOrCreate(file, random);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(32, Base64.getDecoder().decode(Files.readString(file).strip()).length);
        assertEquals(first, KeyFile.loadOrCreate(file, random));
        try (var files = Files.list(file.getParent())) {
            assertEquals("nothing staged is left behind", 1, files.count());
        }
    }

    @Test
    public void aLooseKeyFileIsRestrictedAndABrokenOneStopsTheStart() throws Exception {
        Path file = temporary.getRoot().toPath().resolve("encryption.key");
        KeyFile.loadOrCreate(file, random);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        KeyFile.loadOrCreate(file, random);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        Files.writeString(file, "not a key");
        try {
            KeyFile.loadOrCreate(file, random);
            fail("a broken key file must not be replaced");
        } catch (java.io.IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("not a key"));
            assertEquals("not a key", Files.readString(file));
        }
    }

    @Test
    public void aValueRoundTripsAndIsNeverTheSameTwice() throws Exception {
        SecretCipher cipher = cipher("a.key");
        String once = cipher.encrypt(SECRET);
        String twice = cipher.encrypt(SECRET);
        assertTrue(once, once.startsWith("{aes-gcm}"));
        assertFalse(once.contains(SECRET));
        assertNotEquals(once, twice);
        assertEquals(SECRET, cipher.decrypt(once));
        assertEquals(SECRET, cipher.decrypt(twice));
        assertEquals("", cipher.decrypt(cipher.encrypt("")));
    }

    @Test
    public void anotherKeyOrAnAlteredValueFailsWithoutShowingIt() throws Exception {
        String sealed = cipher("a.key").encrypt(SECRET);
        assertRefused(cipher("b.key"), sealed);
        byte[] bytes = Base64.getDecoder().decode(sealed.substring(SecretCipher.PREFIX.length()));
        bytes[bytes.length - 1] ^= 1;
        assertRefused(cipher("a.key"), SecretCipher.PREFIX + Base64.getEncoder().encodeToString(bytes));
        assertRefused(cipher("a.key"), SecretCipher.PREFIX + "!!!");
        assertRefused(cipher("a.key"), SecretCipher.PREFIX + "AAAA");
        assertRefused(cipher("a.key"), SECRET);
    }

    @Test
    public void thePluginDecryptsDeliveriesAndLeavesTheRest() throws Exception {
        SecretCipher cipher = cipher("a.key");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", "dev.switchboard.connection~prod");
        properties.put("apiKey", cipher.encrypt(SECRET));
        properties.put("list", new String[] {"plain", cipher.encrypt("two")});
        properties.put("salutation", "Hi");
        properties.put("port", 8080L);
        properties.put("broken", SecretCipher.PREFIX + "AAAA");
        new DecryptingPlugin(cipher).modifyConfiguration(null, properties);
        assertEquals(SECRET, properties.get("apiKey"));
        assertEquals("two", ((String[]) properties.get("list"))[1]);
        assertEquals("Hi", properties.get("salutation"));
        assertEquals(8080L, properties.get("port"));
        assertEquals("left as it is", SecretCipher.PREFIX + "AAAA", properties.get("broken"));
    }

    private SecretCipher cipher(String keyFile) throws Exception {
        return new AesGcmCipher(
                KeyFile.loadOrCreate(temporary.getRoot().toPath().resolve(keyFile), random), random);
    }

    private static void assertRefused(SecretCipher cipher, String value) {
        try {
            cipher.decrypt(value);
            fail("decrypted");
        } catch (IllegalArgumentException e) {
            assertFalse(e.getMessage().contains(SECRET));
        }
    }
}
