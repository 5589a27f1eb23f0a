package dev.switchboard.host.internal.connections;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.switchboard.crypto.api.SecretCipher;

/** Not encryption: Base64 behind the prefix, enough to tell stored, encrypted and delivered values apart. */
final class TestCipher implements SecretCipher {

    @Override
    public String encrypt(String clear) {
        return PREFIX + Base64.getEncoder().encodeToString(("sealed:" + clear).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String decrypt(String encrypted) {
        String text =
                new String(Base64.getDecoder().decode(encrypted.substring(PREFIX.length())), StandardCharsets.UTF_8);
        if (!text.startsWith("sealed:")) {
            throw new IllegalArgumentException("another key");
        }
        return text.substring("sealed:".length());
    }
}
