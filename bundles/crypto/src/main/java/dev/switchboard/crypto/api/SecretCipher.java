package dev.switchboard.crypto.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Encrypts secrets for storage with the host's key ({@code conf/encryption.key}, AES-256-GCM). An encrypted value is
 * {@value #PREFIX} followed by Base64 of the 12-byte IV and the ciphertext with its tag; ConfigAdmin deliveries carry
 * it decrypted (the bundle's configuration plugin, {@code config.plugin.id} {@value #PLUGIN_ID}).
 */
@ProviderType
public interface SecretCipher {

    /** What every encrypted value starts with. */
    String PREFIX = "{aes-gcm}";

    /** The {@code config.plugin.id} of the decrypting ConfigAdmin plugin (for {@code felix.cm.config.plugins}). */
    String PLUGIN_ID = "dev.switchboard.crypto";

    /** Whether {@code value} is a string in the encrypted form (it may still fail to decrypt). */
    static boolean isEncrypted(Object value) {
        return value instanceof String text && text.startsWith(PREFIX);
    }

    /** @return {@value #PREFIX} + Base64(IV + ciphertext + tag); a new random IV each time */
    String encrypt(String clear);

    /**
     * @param encrypted a value from {@link #encrypt}
     * @return the clear value
     * @throws IllegalArgumentException when it is not in the encrypted form, or was made with another key or altered;
     *                                  the message never holds the value
     */
    String decrypt(String encrypted);
}
