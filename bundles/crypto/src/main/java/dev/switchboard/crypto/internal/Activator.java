package dev.switchboard.crypto.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.Hashtable;

import org.osgi.annotation.bundle.Header;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.crypto.api.SecretCipher;

/**
 * Registers the cipher and the decrypting ConfigAdmin plugin. A BundleActivator rather than DS on purpose, as the
 * interpolation plugin does: ConfigAdmin registers its service only once every plugin {@code felix.cm.config.plugins}
 * names is there (so no configuration is ever delivered still encrypted), and it starts before Declarative Services.
 * <p>
 * The key file is framework property {@value #KEY_FILE_PROPERTY}, else {@code ${switchboard.home}/conf/encryption.key}.
 */
@Header(name = Constants.BUNDLE_ACTIVATOR, value = "${@class}")
public final class Activator implements BundleActivator {

    static final String KEY_FILE_PROPERTY = "dev.switchboard.crypto.key.file";
    private static final Logger LOG = LoggerFactory.getLogger(Activator.class);

    private ServiceRegistration<?> cipherRegistration;
    private ServiceRegistration<?> pluginRegistration;

    @Override
    public void start(BundleContext context) throws Exception {
        Path keyFile = keyFile(context);
        SecureRandom random = new SecureRandom();
        SecretCipher cipher = new AesGcmCipher(KeyFile.loadOrCreate(keyFile, random), random);

        Dictionary<String, Object> cipherProperties = new Hashtable<>();
        cipherProperties.put(Constants.SERVICE_DESCRIPTION, "AES-GCM cipher for secrets in configurations");
        cipherRegistration = context.registerService(SecretCipher.class, cipher, cipherProperties);

        Dictionary<String, Object> pluginProperties = new Hashtable<>();
        pluginProperties.put("config.plugin.id", SecretCipher.PLUGIN_ID);
        pluginProperties.put(ConfigurationPlugin.CM_RANKING, DecryptingPlugin.RANKING);
        pluginRegistration =
                context.registerService(ConfigurationPlugin.class, new DecryptingPlugin(cipher), pluginProperties);
        LOG.debug("Secrets in configurations are encrypted with the key in {}", keyFile);
    }

    @Override
    public void stop(BundleContext context) {
        if (pluginRegistration != null) {
            pluginRegistration.unregister();
        }
        if (cipherRegistration != null) {
            cipherRegistration.unregister();
        }
    }

    private static Path keyFile(BundleContext context) {
        String configured = context.getProperty(KEY_FILE_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        String home = context.getProperty("switchboard.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("Neither " + KEY_FILE_PROPERTY + " nor switchboard.home is set: there "
                    + "is nowhere to keep the key that encrypts secrets in configurations");
        }
        return Paths.get(home, "conf", "encryption.key");
    }
}
