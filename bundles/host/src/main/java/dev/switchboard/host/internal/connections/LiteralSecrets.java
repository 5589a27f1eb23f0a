package dev.switchboard.host.internal.connections;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameter;
import dev.switchboard.crypto.api.SecretCipher;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;

/**
 * Secrets at rest: the literal securestring values of stored connection configurations, encrypted in place
 * ({@link SecretCipher}, {@code {aes-gcm}...}) once their connector is installed, since only the connector says which
 * parameters are secrets. A configuration made from a deploy-folder file is written into that file too
 * ({@link DeployFolderConfigFiles}), so the literal leaves the file.
 */
final class LiteralSecrets {

    private static final Logger LOG = LoggerFactory.getLogger(LiteralSecrets.class);

    private final ConnectionConfigurations configurations;
    private final ConnectorCatalog catalog;
    private final SecretCipher cipher;
    /** The connections' write lock, so that encrypting a stored one never overwrites a newer PUT. */
    private final Object writeLock;

    LiteralSecrets(
            ConnectionConfigurations configurations, ConnectorCatalog catalog, SecretCipher cipher, Object writeLock) {
        this.configurations = configurations;
        this.catalog = catalog;
        this.cipher = cipher;
        this.writeLock = writeLock;
    }

    /**
     * The properties with every literal value of a securestring parameter encrypted; references and values already
     * encrypted stay as they are, as do the parameters of other types and the other properties.
     *
     * @return {@code properties} itself when there is nothing to encrypt
     */
    static Map<String, Object> sealed(
            Map<String, ConnectionParameter> declared, Map<String, Object> properties, SecretCipher cipher) {
        Map<String, ConnectionParameter> declarations = ConnectionRules.caseInsensitive(declared);
        Map<String, Object> result = null;
        for (Map.Entry<String, Object> entry : properties.entrySet()) {
            ConnectionParameter declaration = declarations.get(entry.getKey());
            if (declaration != null
                    && declaration.secure()
                    && ConnectionRules.isParameter(entry.getKey())
                    && entry.getValue() instanceof String text
                    && !text.isEmpty()
                    && !ParameterTypes.indirect(text)) {
                if (result == null) {
                    result = new LinkedHashMap<>(properties);
                }
                result.put(entry.getKey(), cipher.encrypt(text));
            }
        }
        return result == null ? properties : result;
    }

    /** Encrypts the literal secrets of every stored connection whose connector is installed. */
    void sealAll() {
        for (StoredConnection stored : configurations.list()) {
            seal(stored.pid());
        }
    }

    /** Encrypts the literal securestring values of connection configuration {@code pid}, if its connector is there. */
    void seal(String pid) {
        synchronized (writeLock) {
            StoredConnection stored = configurations.list().stream()
                    .filter(c -> c.pid().equals(pid))
                    .findFirst()
                    .orElse(null);
            if (stored == null) {
                return;
            }
            String connector = stored.connector();
            Optional<ConnectorEntry> entry =
                    connector == null ? Optional.empty() : catalog.snapshot().highestActive(connector);
            if (entry.isEmpty()) {
                return;
            }
            Map<String, Object> properties = withoutConfigAdminProperties(stored.properties());
            Map<String, Object> sealed = sealed(ConnectionRules.declared(entry.get()), properties, cipher);
            if (sealed == properties) {
                return;
            }
            try {
                configurations.update(pid, sealed);
                LOG.info(
                        "Connection {}: securestring values given literally are now stored encrypted ({})",
                        stored.name(),
                        sealed.entrySet().stream()
                                .filter(e -> !Objects.equals(e.getValue(), properties.get(e.getKey())))
                                .map(Map.Entry::getKey)
                                .sorted()
                                .collect(Collectors.joining(", ")));
            } catch (RuntimeException e) {
                LOG.warn(
                        "Connection {}: cannot store its secrets encrypted: {}",
                        stored.name(),
                        e.getClass().getSimpleName());
            }
        }
    }

    /** A copy of stored properties without those ConfigAdmin manages itself, ready to be written back. */
    static Map<String, Object> withoutConfigAdminProperties(Map<String, Object> stored) {
        Map<String, Object> properties = new LinkedHashMap<>(stored);
        properties
                .keySet()
                .removeIf(key -> key.equalsIgnoreCase(Constants.SERVICE_PID)
                        || key.equalsIgnoreCase(ConfigurationAdmin.SERVICE_FACTORYPID)
                        || key.equalsIgnoreCase(ConfigurationAdmin.SERVICE_BUNDLELOCATION));
        return properties;
    }
}
