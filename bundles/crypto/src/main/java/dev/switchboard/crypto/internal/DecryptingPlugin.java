package dev.switchboard.crypto.internal;

import java.util.Dictionary;
import java.util.Enumeration;

import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.crypto.api.SecretCipher;

/**
 * Decrypts every {@value SecretCipher#PREFIX} string (and string in an array) of a configuration as ConfigAdmin
 * delivers it (ManagedService, ManagedServiceFactory, DS through {@code getProcessedProperties}). What ConfigAdmin
 * stores, lists and shows (console, printers) stays encrypted. Ranked after the interpolation plugin (500), so a
 * decrypted value is never interpolated. A value that does not decrypt is delivered as it is, with a warning that
 * names the configuration and the property, never a value.
 */
final class DecryptingPlugin implements ConfigurationPlugin {

    static final int RANKING = 600;
    private static final Logger LOG = LoggerFactory.getLogger(DecryptingPlugin.class);

    private final SecretCipher cipher;

    DecryptingPlugin(SecretCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public void modifyConfiguration(ServiceReference<?> reference, Dictionary<String, Object> properties) {
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements(); ) {
            String key = keys.nextElement();
            Object value = properties.get(key);
            if (value instanceof String text && SecretCipher.isEncrypted(text)) {
                String clear = decrypt(properties, key, text);
                if (clear != null) {
                    properties.put(key, clear);
                }
            } else if (value instanceof String[] texts) {
                String[] copy = texts.clone();
                boolean changed = false;
                for (int i = 0; i < copy.length; i++) {
                    if (SecretCipher.isEncrypted(copy[i])) {
                        String clear = decrypt(properties, key, copy[i]);
                        if (clear != null) {
                            copy[i] = clear;
                            changed = true;
                        }
                    }
                }
                if (changed) {
                    properties.put(key, copy);
                }
            }
        }
    }

    private String decrypt(Dictionary<String, Object> properties, String key, String encrypted) {
        try {
            return cipher.decrypt(encrypted);
        } catch (IllegalArgumentException e) {
            LOG.warn(
                    "Property {} of configuration {} is left encrypted: {}",
                    key,
                    properties.get(Constants.SERVICE_PID),
                    e.getMessage());
            return null;
        }
    }
}
