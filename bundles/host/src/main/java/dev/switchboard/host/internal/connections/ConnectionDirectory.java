package dev.switchboard.host.internal.connections;

import java.util.Comparator;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.crypto.api.SecretCipher;
import dev.switchboard.host.api.ConnectionStore;
import dev.switchboard.host.api.ConnectorCatalog;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ErrorDetail;
import dev.switchboard.host.api.InvocationException;
import dev.switchboard.host.api.NamedConnection;
import dev.switchboard.host.internal.catalog.ConnectorRegistry;

/**
 * The named connections: reads and writes the {@value ConnectionStore#FACTORY_PID} factory configurations in
 * ConfigAdmin, and receives them, interpolated, as their {@link ManagedServiceFactory}.
 * <p>
 * Two copies of each connection, on purpose. ConfigAdmin plugins (the interpolation plugin that resolves
 * {@code $[env:NAME]} and {@code $[secret:NAME]}) apply only when a configuration is delivered, so the values used
 * for a call are the delivered ones; what is shown is read from ConfigAdmin as written, so references show as
 * references, and secrets are masked anyway. A ManagedServiceFactory rather than a DS factory component, because DS
 * would publish each configuration's properties, resolved secrets included, as service properties.
 * <p>
 * Secrets at rest: a securestring value given literally (not as a reference) is stored encrypted
 * ({@link SecretCipher}, {@code {aes-gcm}...}); the crypto bundle's ConfigAdmin plugin decrypts it on delivery. One
 * found literal in a stored configuration (a deploy-folder file, an older store) is encrypted in place as soon as its
 * connector is installed.
 * <p>
 * References left unresolved: the plugin reads a secret file at each delivery, and ConfigAdmin delivers only when a
 * configuration changes. So when a connection is used while it still holds an unresolved reference that could be
 * resolved now (its secret file was created since), it is delivered again (stored unchanged) before it is used: a
 * secret file that appears later works at the next call, without a restart. The problem of one that cannot be
 * resolved names the environment variable or secret file ({@link References}).
 */
@Component(
        service = {ConnectionStore.class, ManagedServiceFactory.class},
        immediate = true,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Constants.SERVICE_PID + "=" + ConnectionStore.FACTORY_PID)
public final class ConnectionDirectory implements ConnectionStore, ManagedServiceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDirectory.class);

    private final ConnectionConfigurations configurations;
    private final ConnectorCatalog catalog;
    private final SecretCipher cipher;
    /** Where literal secrets found in stored configurations are encrypted: off ConfigAdmin's and the catalog's threads. */
    private final Executor sealing;

    private volatile boolean active = true;
    /** Held while a connection is written, so that encrypting a stored one never overwrites a newer PUT. */
    private final Object writeLock = new Object();

    private final Deliveries deliveries;
    private final LiteralSecrets secrets;
    private final References references;
    private final ConnectionViews views;

    @Activate
    public ConnectionDirectory(
            @Reference ConfigurationAdmin configurationAdmin,
            @Reference ConnectorCatalog catalog,
            @Reference ConnectorRegistry registry,
            @Reference SecretCipher cipher,
            BundleContext context) {
        this(
                new ConfigAdminConnections(configurationAdmin, new DeployFolderConfigFiles(context)),
                catalog,
                cipher,
                5000,
                Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "switchboard-connection-secrets");
                    thread.setDaemon(true);
                    return thread;
                }),
                References.of(context));
        // a connector that comes later tells which parameters of the connections made for it are secrets
        watchCatalog(registry, registry.view().snapshot().revision());
    }

    ConnectionDirectory(
            ConnectionConfigurations configurations,
            ConnectorCatalog catalog,
            SecretCipher cipher,
            long deliveryWaitMs,
            Executor sealing,
            References references) {
        this.configurations = configurations;
        this.references = references;
        this.catalog = catalog;
        this.cipher = cipher;
        this.sealing = sealing;
        this.deliveries = new Deliveries(deliveryWaitMs);
        this.secrets = new LiteralSecrets(configurations, catalog, cipher, writeLock);
        this.views = new ConnectionViews(catalog, deliveries, references);
    }

    @Deactivate
    void deactivate() {
        active = false;
        if (sealing instanceof ExecutorService service) {
            service.shutdownNow();
        }
    }

    private void watchCatalog(ConnectorRegistry registry, long revision) {
        registry.changeAfter(revision)
                .thenAcceptAsync(
                        view -> {
                            if (active) {
                                sealAll();
                                watchCatalog(registry, view.snapshot().revision());
                            }
                        },
                        sealing)
                .exceptionally(failure -> null); // rejected once deactivated
    }

    // ---- ManagedServiceFactory: the interpolated values

    @Override
    public String getName() {
        return "Switchboard connections";
    }

    @Override
    public void updated(String pid, Dictionary<String, ?> properties) {
        Map<String, Object> values = ConfigAdminConnections.toMap(properties);
        deliveries.updated(pid, values);
        LOG.debug("Connection configuration {} received", pid);
        if (active) {
            try {
                // a file dropped into the deploy folder, or a configuration stored before secrets were encrypted
                sealing.execute(() -> secrets.seal(pid));
            } catch (RejectedExecutionException e) {
                // deactivated meanwhile
            }
        }
    }

    @Override
    public void deleted(String pid) {
        deliveries.deleted(pid);
        LOG.debug("Connection configuration {} removed", pid);
    }

    // ---- ConnectionStore

    @Override
    public List<NamedConnection> list() {
        return configurations.list().stream()
                .map(views::view)
                .sorted(Comparator.comparing(NamedConnection::name))
                .toList();
    }

    @Override
    public Optional<NamedConnection> get(String name) {
        return find(name).map(views::view);
    }

    @Override
    public NamedConnection put(String name, String connector, Map<String, Object> parameters) {
        ConnectionRules.checkName(name);
        if (connector == null || connector.isBlank()) {
            throw new InvocationException(
                    400,
                    "InvalidConnection",
                    "Connection '" + name + "' needs a connector " + "(the connector id).",
                    List.of(new ErrorDetail("connector", "The connector is required.")),
                    null);
        }
        ConnectorEntry entry = catalog.snapshot()
                .highestActive(connector)
                .orElseThrow(() -> new InvocationException(
                        400,
                        "ConnectorNotInstalled",
                        "Connector '" + connector + "' is not "
                                + "installed (it has no ACTIVE version), so connection '" + name
                                + "' cannot be checked "
                                + "against its connection parameters; install the connector first.",
                        List.of(new ErrorDetail("connector", "Connector '" + connector + "' is not installed.")),
                        null));
        Optional<StoredConnection> existing = find(name);
        Map<String, Object> previous = existing.filter(
                        stored -> connector.equals(stored.properties().get(ConnectionRules.CONNECTOR_PROPERTY)))
                .map(stored -> ConnectionRules.parametersOf(stored.properties()))
                .orElse(Map.of());
        // securestring values given literally are stored encrypted; references stay as written
        Map<String, Object> values = LiteralSecrets.sealed(
                ConnectionRules.declared(entry),
                ConnectionRules.forStorage(
                        name,
                        connector,
                        ConnectionRules.declared(entry),
                        parameters == null ? Map.of() : parameters,
                        previous),
                cipher);

        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put(ConnectionRules.NAME_PROPERTY, name);
        properties.put(ConnectionRules.CONNECTOR_PROPERTY, connector);
        properties.putAll(values);
        String pid;
        long before;
        synchronized (writeLock) {
            if (existing.isPresent()) {
                pid = existing.get().pid();
                before = deliveries.count(pid);
                configurations.update(pid, properties);
            } else {
                before = deliveries.count(StoredConnection.NAMED_PREFIX + name);
                pid = configurations.create(name, properties);
            }
        }
        // so that a call right after the answer uses these values
        deliveries.awaitAfter(pid, before);
        LOG.info(
                "Connection {} for connector {} {} (parameters {})",
                name,
                connector,
                existing.isPresent() ? "updated" : "created",
                values.keySet());
        return find(name)
                .map(views::view)
                .orElseThrow(
                        () -> new IllegalStateException("connection " + name + " was stored but cannot be read back"));
    }

    @Override
    public boolean delete(String name) {
        Optional<StoredConnection> existing = find(name);
        if (existing.isEmpty()) {
            return false;
        }
        String pid = existing.get().pid();
        long before = deliveries.count(pid);
        synchronized (writeLock) {
            if (!configurations.delete(pid)) {
                return false;
            }
        }
        deliveries.awaitAfter(pid, before);
        LOG.info("Connection {} deleted", name);
        return true;
    }

    @Override
    public ConnectionParameters resolve(String name, String connectorId) {
        StoredConnection stored = find(name)
                .orElseThrow(() -> new InvocationException(
                        404, "ConnectionNotFound", "There is no connection named '" + name + "'."));
        Object connector = stored.properties().get(ConnectionRules.CONNECTOR_PROPERTY);
        if (!Objects.equals(connectorId, connector)) {
            throw new InvocationException(
                    400,
                    "ConnectionMismatch",
                    "Connection '" + name + "' is for connector '" + connector + "', not for '" + connectorId + "'.");
        }
        Map<String, Object> values = deliveries.await(stored.pid());
        if (values == null) {
            throw new InvocationException(
                    503,
                    "ConnectionNotReady",
                    "Connection '" + name + "' has not been " + "delivered by ConfigAdmin yet; try again shortly.");
        }
        Optional<ConnectorEntry> entry = catalog.snapshot().highestActive(connectorId);
        if (entry.isEmpty()) {
            // not callable anyway: the dispatcher reports the connector's state
            return ConnectionParameters.of(ConnectionRules.parametersOf(values));
        }
        ConnectionRules.Checked checked = ConnectionRules.forUse(
                connectorId, ConnectionRules.declared(entry.get()), values, stored.properties(), references);
        if (!checked.problems().isEmpty() && redeliver(stored, values)) {
            // a secret file appeared since the last delivery: use what the plugin resolved now
            stored = find(name).orElse(stored);
            values = deliveries.await(stored.pid());
            checked = ConnectionRules.forUse(
                    connectorId,
                    ConnectionRules.declared(entry.get()),
                    values == null ? Map.of() : values,
                    stored.properties(),
                    references);
        }
        if (!checked.problems().isEmpty()) {
            throw new InvocationException(
                    400,
                    "InvalidConnection",
                    "Connection '" + name + "' cannot be used: " + ConnectionRules.describe(checked.problems()),
                    checked.problems(),
                    null);
        }
        return ConnectionParameters.of(checked.values());
    }

    // ---- references resolvable since the last delivery: delivered again

    /**
     * Has ConfigAdmin deliver connection {@code stored} again, stored unchanged, when one of its delivered values
     * still holds a reference whose variable or secret file is there now. At most once a second per connection, so
     * that a file the plugin cannot read costs no write per call.
     *
     * @return whether it was delivered again
     */
    private boolean redeliver(StoredConnection stored, Map<String, Object> delivered) {
        Map<String, Object> asStored = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        asStored.putAll(stored.properties());
        boolean resolvable = false;
        for (Map.Entry<String, Object> value : delivered.entrySet()) {
            if (ConnectionRules.isParameter(value.getKey()) && References.holdsReference(value.getValue())) {
                if (!references.allAvailable(asStored.get(value.getKey()))) {
                    return false; // still missing: the problem names it
                }
                resolvable = true;
            }
        }
        if (!resolvable) {
            return false;
        }
        if (!deliveries.mayRefresh(stored.pid(), System.currentTimeMillis())) {
            return false;
        }
        long before;
        synchronized (writeLock) {
            StoredConnection current = configurations.list().stream()
                    .filter(c -> c.pid().equals(stored.pid()))
                    .findFirst()
                    .orElse(null);
            if (current == null) {
                return false;
            }
            Map<String, Object> properties = LiteralSecrets.withoutConfigAdminProperties(current.properties());
            before = deliveries.count(stored.pid());
            try {
                configurations.update(stored.pid(), properties);
            } catch (RuntimeException e) {
                LOG.warn(
                        "Connection {}: cannot have it delivered again: {}",
                        stored.name(),
                        e.getClass().getSimpleName());
                return false;
            }
        }
        LOG.info("Connection {}: a referenced secret file is there now; reading its references again", stored.name());
        deliveries.awaitAfter(stored.pid(), before);
        return true;
    }

    // ---- literal secrets in stored configurations: encrypted in place

    /** Encrypts the literal secrets of every stored connection whose connector is installed. */
    void sealAll() {
        secrets.sealAll();
    }

    private Optional<StoredConnection> find(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return configurations.list().stream()
                .filter(stored -> name.equals(stored.name()))
                .min(Comparator.comparing(StoredConnection::pid));
    }
}
