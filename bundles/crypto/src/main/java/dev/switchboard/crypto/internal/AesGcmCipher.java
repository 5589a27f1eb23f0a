package dev.switchboard.crypto.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import dev.switchboard.crypto.api.SecretCipher;

/** AES-GCM from the JDK: a fresh 96-bit IV per value, a 128-bit tag, so a value altered or made with another key fails. */
final class AesGcmCipher implements SecretCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random;

    AesGcmCipher(SecretKey key, SecureRandom random) {
        this.key = key;
        this.random = random;
    }

    @Override
    public String encrypt(String clear) {
        if (clear == null) {
            throw new IllegalArgumentException("Nothing to encrypt");
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(clear.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out =
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed);
            return PREFIX + Base64.getEncoder().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    "AES-GCM is not available: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String decrypt(String encrypted) {
        if (!SecretCipher.isEncrypted(encrypted)) {
            throw new IllegalArgumentException("Not an encrypted value (it does not start with " + PREFIX + ")");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder()
                    .decode(encrypted.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The encrypted value is not valid Base64");
        }
        if (bytes.length < IV_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("The encrypted value is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, IV_BYTES));
            byte[] clear = cipher.doFinal(bytes, IV_BYTES, bytes.length - IV_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("The encrypted value does not decrypt with this host's key (made with "
                    + "another conf/encryption.key, or altered)");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "The encrypted value cannot be decrypted: " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "AesGcmCipher"; // never the key
    }
}
