package dev.switchboard.host.internal.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;

import dev.switchboard.host.api.AuditEntry;
import dev.switchboard.host.internal.testing.RecordedAudit;

public class DeployFolderAuditTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:15:30Z");

    @SuppressWarnings("unchecked")
    private static final ServiceReference<ConfigurationAdmin> CM =
            (ServiceReference<ConfigurationAdmin>) Proxy.newProxyInstance(
                    DeployFolderAuditTest.class.getClassLoader(),
                    new Class<?>[] {ServiceReference.class},
                    (self, method, args) -> null);

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path deploy;
    private DeployFolder folder;
    private final RecordedAudit audit = new RecordedAudit();
    private final Map<String, Dictionary<String, Object>> configurations = new ConcurrentHashMap<>();

    @Before
    public void setUp() throws Exception {
        deploy = temp.newFolder("deploy").toPath().toAbsolutePath().normalize();
        folder = new DeployFolder(deploy);
    }

    @Test
    public void bundlesOfDeployFolderFilesAreAuditedAsAddUpdateRemove() throws Exception {
        Instant started = Instant.now();
        DeployFolderBundles bundles = new DeployFolderBundles(context(), audit, folder, Clock.systemUTC());
        Thread.sleep(20);
        Path jar = Files.writeString(deploy.resolve("greeter.jar"), "a jar");
        Bundle greeter = bundle("dev.greeter", "1.0.0", jar.toUri().toString());
        bundles.bundleChanged(new BundleEvent(BundleEvent.INSTALLED, greeter));
        bundles.bundleChanged(new BundleEvent(BundleEvent.STARTED, greeter));
        bundles.bundleChanged(new BundleEvent(
                BundleEvent.UPDATED, bundle("dev.greeter", "2.0.0", jar.toUri().toString())));
        bundles.bundleChanged(new BundleEvent(BundleEvent.UNINSTALLED, greeter));
        // not from the deploy folder: the host's own bundles, a file in a sub-folder, a non-file location
        bundles.bundleChanged(new BundleEvent(
                BundleEvent.INSTALLED,
                bundle(
                        "dev.switchboard.host",
                        "1.0.0",
                        deploy.resolveSibling("bundles")
                                .resolve("host.jar")
                                .toUri()
                                .toString())));
        bundles.bundleChanged(new BundleEvent(
                BundleEvent.INSTALLED,
                bundle(
                        "x",
                        "1.0.0",
                        deploy.resolve("sub").resolve("x.jar").toUri().toString())));
        bundles.bundleChanged(new BundleEvent(BundleEvent.INSTALLED, bundle("y", "1.0.0", "inputstream:y.jar")));

        List<AuditEntry> entries = audit.entries();
        assertEquals(
                entries.toString(),
                List.of("deployment.add", "deployment.update", "deployment.remove"),
                entries.stream().map(AuditEntry::action).toList());
        for (AuditEntry entry : entries) {
            assertEquals("deploy-folder", entry.who());
            assertEquals("greeter.jar", entry.target());
            assertEquals("success", entry.outcome());
            assertEquals(null, entry.client());
            assertTrue(entry.toString(), !entry.at().isBefore(started));
        }
        assertEquals(
                Map.of("symbolicName", "dev.greeter", "version", "1.0.0"),
                entries.get(0).details());
        assertEquals(
                Map.of("symbolicName", "dev.greeter", "version", "2.0.0"),
                entries.get(1).details());
    }

    @Test
    public void aFileThatWasInTheFolderBeforeTheStartIsMarkedAsFoundAtStart() throws Exception {
        Path jar = Files.writeString(deploy.resolve("old.jar"), "a jar");
        Thread.sleep(20);
        DeployFolderBundles bundles = new DeployFolderBundles(context(), audit, folder, Clock.systemUTC());
        bundles.bundleChanged(new BundleEvent(
                BundleEvent.INSTALLED, bundle("old", "1.0.0", jar.toUri().toString())));
        assertEquals("true", audit.entries().get(0).details().get("atStart"));
    }

    @Test
    public void configurationFilesAreAuditedWithPropertyNamesOnly() throws Exception {
        String pid = "dev.switchboard.connection~prod";
        String factory = "dev.switchboard.connection";
        Path cfg = deploy.resolve("dev.switchboard.connection-prod.cfg");
        configurations.put(
                "other",
                properties(
                        "other",
                        "felix.fileinstall.filename",
                        deploy.resolve("dev.switchboard.connection-known.cfg")
                                .toUri()
                                .toString(),
                        "secret",
                        "s3cret"));
        configurations.put("dev.switchboard.connection~known", configurations.remove("other"));
        DeployFolderConfigurations listener =
                new DeployFolderConfigurations(audit, configurationAdmin(), folder, Clock.fixed(NOW, ZoneOffset.UTC));

        configurations.put(
                pid,
                properties(
                        pid,
                        "felix.fileinstall.filename",
                        cfg.toUri().toString(),
                        "connector",
                        "sql",
                        "password",
                        "s3cret",
                        "service.factoryPid",
                        factory));
        listener.configurationEvent(new ConfigurationEvent(CM, ConfigurationEvent.CM_UPDATED, factory, pid));
        listener.configurationEvent(new ConfigurationEvent(CM, ConfigurationEvent.CM_UPDATED, factory, pid));
        configurations.remove(pid);
        listener.configurationEvent(new ConfigurationEvent(CM, ConfigurationEvent.CM_DELETED, factory, pid));
        // known before the listener started
        configurations.remove("dev.switchboard.connection~known");
        listener.configurationEvent(
                new ConfigurationEvent(CM, ConfigurationEvent.CM_DELETED, factory, "dev.switchboard.connection~known"));
        // made over the API: no file
        configurations.put(
                "dev.switchboard.connection~api", properties("dev.switchboard.connection~api", "connector", "sql"));
        listener.configurationEvent(
                new ConfigurationEvent(CM, ConfigurationEvent.CM_UPDATED, factory, "dev.switchboard.connection~api"));
        listener.configurationEvent(
                new ConfigurationEvent(CM, ConfigurationEvent.CM_DELETED, factory, "dev.switchboard.connection~api"));

        List<AuditEntry> entries = audit.entries();
        assertEquals(
                entries.toString(),
                List.of("deployment.add", "deployment.update", "deployment.remove", "deployment.remove"),
                entries.stream().map(AuditEntry::action).toList());
        assertEquals(
                List.of(
                        cfg.getFileName().toString(),
                        cfg.getFileName().toString(),
                        cfg.getFileName().toString(),
                        "dev.switchboard.connection-known.cfg"),
                entries.stream().map(AuditEntry::target).toList());
        assertEquals(
                Map.of("pid", pid, "factoryPid", factory, "properties", "connector,password"),
                entries.get(0).details());
        assertEquals(Map.of("pid", pid, "factoryPid", factory), entries.get(2).details());
        assertTrue(entries.stream().allMatch(e -> e.who().equals("deploy-folder")));
        assertTrue(
                "no value is recorded",
                entries.stream()
                        .noneMatch(e ->
                                e.toString().contains("s3cret") || e.toString().contains("sql")));
    }

    @Test
    public void filterValuesAreEscaped() {
        assertEquals("a\\(b\\)\\*\\\\c", DeployFolderConfigurations.escape("a(b)*\\c"));
    }

    private static Dictionary<String, Object> properties(String pid, Object... keyValues) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", pid);
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private ConfigurationAdmin configurationAdmin() {
        return (ConfigurationAdmin) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ConfigurationAdmin.class}, (self, method, args) -> {
                    if (!method.getName().equals("listConfigurations")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    String filter = (String) args[0];
                    List<Configuration> found = new ArrayList<>();
                    configurations.forEach((pid, properties) -> {
                        boolean matches = filter.equals("(felix.fileinstall.filename=*)")
                                ? properties.get("felix.fileinstall.filename") != null
                                : filter.equals("(service.pid=" + DeployFolderConfigurations.escape(pid) + ")");
                        if (matches) {
                            found.add(configuration(pid, properties));
                        }
                    });
                    return found.isEmpty() ? null : found.toArray(new Configuration[0]);
                });
    }

    private Configuration configuration(String pid, Dictionary<String, Object> properties) {
        return (Configuration) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Configuration.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getPid" -> pid;
                    case "getProperties" -> properties;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Bundle bundle(String symbolicName, String version, String location) {
        return (Bundle) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Bundle.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getLocation" -> location;
                    case "hashCode" -> System.identityHashCode(self);
                    case "equals" -> self == args[0];
                    default -> null;
                });
    }

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {BundleContext.class}, (self, method, args) -> null);
    }
}
