package dev.switchboard.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of Switchboard: reads and merges the features, resolves the variables and the admin password, checks the
 * port, boots Felix with the features' bundles (ConfigAdmin and the configurations first), waits for the readiness URL
 * (the Felix health checks tagged {@code ready}) and then until the framework stops.
 */
final class Launch {
    static final String HTTP_PORT = "org.osgi.service.http.port";
    static final String HTTP_HOST = "org.apache.felix.http.host";
    /** Readiness, not liveness: "ready" means the deploy folder, its connectors and the subscriptions are in. */
    static final String HEALTH_PATH = "/api/health/ready";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** How long "ready" waits for FileInstall to hand the deploy folder's configuration files to ConfigAdmin. */
    private static final Duration DEPLOYED_CONFIGURATIONS_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

    private final LaunchOptions options;
    private final Path distribution;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final StartBanner banner = new StartBanner(System.out);

    Launch(LaunchOptions options, Path distribution, Path workingDirectory, Map<String, String> environment) {
        this.options = options;
        this.distribution = distribution;
        this.workingDirectory = workingDirectory;
        this.environment = environment;
    }

    static String version() {
        String version = Launch.class.getPackage().getImplementationVersion();
        return version == null ? "(development build)" : version;
    }

    /** Exits the JVM with the status; the shutdown hook, once registered, stops the framework first. */
    static void exit(int status) {
        FrameworkRun.exit(status);
    }

    /** @return the exit status */
    int run() {
        try {
            return boot();
        } catch (FeatureException | StartupException e) {
            LOG.error(e.getMessage());
            return 1;
        } catch (IOException e) {
            LOG.error("Cannot prepare the Switchboard home: {}", e.toString());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private int boot() throws FeatureException, StartupException, IOException, InterruptedException {
        SwitchboardHome home = SwitchboardHome.of(environment.get("SWITCHBOARD_HOME"), workingDirectory)
                .create();
        HomeGuard guard = new HomeGuard(new HomePermissions(home.root()));
        guard.restrict("at start");
        List<Feature> features = new FeatureSelection(distribution, workingDirectory, options.features()).read();
        Feature merged = new FeatureMerger().merge("switchboard", features);

        Map<String, String> supplied = new HashMap<>();
        supplied.put("switchboard.home", home.root().toString());
        supplied.put("switchboard.port", HttpAddress.port(environment.getOrDefault("SWITCHBOARD_PORT", "8080")));
        supplied.put(
                "switchboard.bind",
                environment.getOrDefault("SWITCHBOARD_BIND", "127.0.0.1").trim());
        SecureRandom random = new SecureRandom();
        supplied.put("switchboard.console.lockout.hash", AdminPassword.unusableConsoleHash(random));
        supplied.putAll(ClusterVariables.of(environment, home.root(), workingDirectory));
        Feature checked = Variables.of(merged.variables(), supplied).applyTo(merged);
        String httpPort = checked.frameworkProperties().get(HTTP_PORT);
        String bind = checked.frameworkProperties().getOrDefault(HTTP_HOST, "0.0.0.0");
        if (httpPort != null && !PortCheck.isFree(bind, Integer.parseInt(HttpAddress.port(httpPort)))) {
            throw new StartupException("Port " + httpPort + " on " + bind + " is already in use; set SWITCHBOARD_PORT");
        }
        Path system = distribution.resolve("system");
        List<String> missing = BundleBoot.missing(checked.bundles(), system);
        if (!missing.isEmpty()) {
            throw new StartupException("The distribution lacks bundles the features list (rebuild it):"
                    + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ", missing));
        }
        WatchMirror watch = watchMirror(home);

        // resolved after the checks: a start that fails above generates no password unseen
        AdminPassword password =
                AdminPassword.resolve(home.conf(), environment.get("SWITCHBOARD_ADMIN_PASSWORD"), random);
        // the slow hash is computed while the framework boots; "ready" waits for it
        CompletableFuture<Void> passwordStored = CompletableFuture.runAsync(() -> {
            try {
                password.storeHash(random);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Feature resolved = checked;

        String base = httpPort == null ? null : HttpAddress.base(bind, httpPort);
        banner.print(home, password, base, features, watch);
        if (watch != null) {
            watch.poll(); // before FileInstall's first scan: "ready" then includes the watched connectors
        }

        Framework framework = FrameworkRun.create(resolved.frameworkProperties(), options.shell());
        FrameworkRun.stopOnShutdown(framework);
        try {
            framework.start();
        } catch (BundleException e) {
            throw new StartupException("The OSGi framework did not start: " + e.getMessage(), e);
        }

        try {
            LogSinks.track(framework.getBundleContext()); // closed with the framework
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("the log sink filter is constant", e);
        }
        BundleBoot boot = new BundleBoot(framework.getBundleContext(), system);
        boot.installAll(resolved.bundles());
        OsgiLogForwarder logForwarder = new OsgiLogForwarder(framework.getBundleContext());
        if (!resolved.configurations().isEmpty()) {
            if (!boot.startConfigurationAdmin()) {
                throw new StartupException("The features hold configurations but no bundle providing ConfigAdmin "
                        + "started" + problemsSuffix(boot.problems()));
            }
            int changed =
                    new ConfigurationApplier(framework.getBundleContext()).apply(resolved.configurations(), 10_000);
            LOG.info(
                    "Applied {} configurations ({} changed)",
                    resolved.configurations().size(),
                    changed);
        }
        boot.startAll(resolved.bundlesInStartOrder(), logForwarder::attachIfAvailable);
        if (watch != null) {
            watch.start();
        }

        if (framework.getState() != Bundle.ACTIVE) {
            // stopped while booting (end of input of the interactive shell, say)
            framework.waitForStop(0);
            return FrameworkRun.exitStatus();
        }
        List<String> problems = boot.problems();
        for (String problem : problems) {
            LOG.error("BUNDLE NOT ACTIVE: {}", problem);
        }
        LOG.info("{} of {} bundles active", boot.count() - problems.size(), boot.count());

        if (base != null) {
            String failure = new ReadinessProbe(URI.create(HttpAddress.probeBase(bind, httpPort) + HEALTH_PATH))
                    .await(READY_TIMEOUT, () -> framework.getState() == Bundle.ACTIVE);
            if (framework.getState() != Bundle.ACTIVE) {
                LOG.info("The framework stopped before Switchboard was ready");
            } else if (failure != null) {
                LOG.error(
                        "Switchboard is not ready after {} s: {}{}",
                        READY_TIMEOUT.toSeconds(),
                        failure,
                        problems.isEmpty() ? "" : " (see the bundles reported above)");
                LOG.error(
                        "Still running so you can look into it at {}{}; Ctrl-C stops it",
                        base,
                        StartBanner.CONSOLE_PATH);
            } else {
                awaitDeployedConfigurations(framework, home);
                awaitPasswordStored(passwordStored, password);
                banner.ready();
            }
        } else {
            awaitDeployedConfigurations(framework, home);
            awaitPasswordStored(passwordStored, password);
            banner.ready();
        }
        guard.guardNewFiles();
        framework.waitForStop(0);
        return FrameworkRun.exitStatus();
    }

    /**
     * {@code --watch} and {@code SWITCHBOARD_WATCH}: {@code null} when none. A folder that does not exist yet is
     * fine (a project's {@code target/} before its first build); a file, or the deploy folder itself, is not.
     */
    private WatchMirror watchMirror(SwitchboardHome home) throws StartupException {
        List<Path> folders =
                WatchMirror.folders(options.watch(), environment.get("SWITCHBOARD_WATCH"), workingDirectory);
        if (folders.isEmpty()) {
            return null;
        }
        for (Path folder : folders) {
            if (Files.exists(folder) && !Files.isDirectory(folder)) {
                throw new StartupException("--watch " + folder + " is a file: watch the folder a connector is built "
                        + "into (its project's target/)");
            }
            if (folder.equals(home.deploy().toAbsolutePath().normalize())) {
                throw new StartupException("--watch " + folder + " is the deploy folder, which Switchboard watches "
                        + "anyway: watch the folder a connector is built into (its project's target/)");
            }
        }
        return new WatchMirror(folders, home.deploy(), home.data().resolve("watch"), java.time.Clock.systemUTC());
    }

    private static void awaitPasswordStored(CompletableFuture<Void> stored, AdminPassword password) {
        try {
            stored.join();
        } catch (CompletionException e) {
            LOG.error(
                    "Cannot write the admin password's hash to {}: {}; nobody can sign in as the admin until it is "
                            + "written (check the folder's permissions and restart)",
                    password.hashFile(),
                    e.getCause() == null ? e.toString() : e.getCause().toString());
        }
    }

    /** What the deploy folder configures is in force when "ready" is printed, or the log says which file is not. */
    private static void awaitDeployedConfigurations(Framework framework, SwitchboardHome home)
            throws InterruptedException {
        List<Path> pending = new DeployedConfigurations(framework.getBundleContext())
                .await(home.deploy(), DEPLOYED_CONFIGURATIONS_TIMEOUT);
        if (!pending.isEmpty()) {
            LOG.warn(
                    "Not applied after {} s: {} (FileInstall could not read them; its log above says why)",
                    DEPLOYED_CONFIGURATIONS_TIMEOUT.toSeconds(),
                    pending);
        }
    }

    private static String problemsSuffix(List<String> problems) {
        return problems.isEmpty() ? "" : ": " + String.join("; ", problems);
    }
}
