package dev.switchboard.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
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

    static final String CONSOLE_PATH = "/system/console";
    static final String ADMIN_USER = "admin";
    /** The launcher's classpath as the bundles see it: Jetty imports slf4j [2.0,3), the web console [1.7,2). */
    static final String SYSTEM_PACKAGES_EXTRA = "org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,"
            + "org.slf4j.helpers;version=2.0.17,org.slf4j.spi;version=2.0.17,"
            + "org.slf4j;version=1.7.36,org.slf4j.helpers;version=1.7.36";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    /** How long "ready" waits for FileInstall to hand the deploy folder's configuration files to ConfigAdmin. */
    private static final Duration DEPLOYED_CONFIGURATIONS_TIMEOUT = Duration.ofSeconds(5);

    private static final long STOP_TIMEOUT_MILLIS = 30_000;
    /** How often files under the home are restricted to the owner when the umask does not do it. */
    static final long SWEEP_SECONDS = 10;

    private static final AtomicInteger EXIT_STATUS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(Launch.class);

    private final LaunchOptions options;
    private final Path distribution;
    private final Path workingDirectory;
    private final Map<String, String> environment;
    private final PrintStream out = System.out;

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
        EXIT_STATUS.set(status);
        System.exit(status);
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
        HomePermissions permissions = new HomePermissions(home.root());
        restrict(permissions, "at start");
        List<Feature> features = readFeatures();
        Feature merged = new FeatureMerger().merge("switchboard", features);

        Map<String, String> supplied = new HashMap<>();
        supplied.put("switchboard.home", home.root().toString());
        supplied.put("switchboard.port", port(environment.getOrDefault("SWITCHBOARD_PORT", "8080")));
        supplied.put(
                "switchboard.bind",
                environment.getOrDefault("SWITCHBOARD_BIND", "127.0.0.1").trim());
        SecureRandom random = new SecureRandom();
        supplied.put("switchboard.console.lockout.hash", AdminPassword.unusableConsoleHash(random));
        supplied.putAll(ClusterVariables.of(environment, home.root(), workingDirectory));
        Feature checked = Variables.of(merged.variables(), supplied).applyTo(merged);
        String httpPort = checked.frameworkProperties().get(HTTP_PORT);
        String bind = checked.frameworkProperties().getOrDefault(HTTP_HOST, "0.0.0.0");
        if (httpPort != null && !PortCheck.isFree(bind, Integer.parseInt(port(httpPort)))) {
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

        String base = httpPort == null ? null : "http://" + hostForUrl(bind) + ":" + httpPort;
        printBanner(home, password, base, features, watch);
        if (watch != null) {
            watch.poll(); // before FileInstall's first scan: "ready" then includes the watched connectors
        }

        Framework framework = newFramework(resolved.frameworkProperties());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "switchboard-shutdown"));
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
            return EXIT_STATUS.get();
        }
        List<String> problems = boot.problems();
        for (String problem : problems) {
            LOG.error("BUNDLE NOT ACTIVE: {}", problem);
        }
        LOG.info("{} of {} bundles active", boot.count() - problems.size(), boot.count());

        if (base != null) {
            String failure = new ReadinessProbe(URI.create("http://" + probeHost(bind) + ":" + httpPort + HEALTH_PATH))
                    .await(READY_TIMEOUT, () -> framework.getState() == Bundle.ACTIVE);
            if (framework.getState() != Bundle.ACTIVE) {
                LOG.info("The framework stopped before Switchboard was ready");
            } else if (failure != null) {
                LOG.error(
                        "Switchboard is not ready after {} s: {}{}",
                        READY_TIMEOUT.toSeconds(),
                        failure,
                        problems.isEmpty() ? "" : " (see the bundles reported above)");
                LOG.error("Still running so you can look into it at {}{}; Ctrl-C stops it", base, CONSOLE_PATH);
            } else {
                awaitDeployedConfigurations(framework, home);
                awaitPasswordStored(passwordStored, password);
                printReady();
            }
        } else {
            awaitDeployedConfigurations(framework, home);
            awaitPasswordStored(passwordStored, password);
            printReady();
        }
        guardNewFiles(permissions);
        framework.waitForStop(0);
        return EXIT_STATUS.get();
    }

    /** Takes group and world access away from everything under the home, with one WARN naming what it fixed. */
    private static void restrict(HomePermissions permissions, String when) {
        try {
            List<String> fixed = permissions.restrict();
            if (!fixed.isEmpty()) {
                LOG.warn(
                        "Restricted {} entries of the Switchboard home to its owner {} (they were group/world "
                                + "accessible): {}",
                        fixed.size(),
                        when,
                        HomePermissions.summary(fixed, 12));
            }
        } catch (IOException e) {
            LOG.warn("Cannot restrict the Switchboard home to its owner {}: {}", when, e.toString());
        }
    }

    /**
     * Files made once the host runs (ConfigAdmin's data/config, H2's trigger store, the archive) follow the process
     * umask: {@code ./switchboard} sets 077, so they are private at once. Started otherwise with a looser umask,
     * the home stays 0700 (no other user reaches anything in it) and the files made during the start are fixed now,
     * then every {@value #SWEEP_SECONDS} s.
     */
    private static void guardNewFiles(HomePermissions permissions) {
        boolean privateByUmask;
        try {
            privateByUmask = permissions.newFilesArePrivate();
        } catch (IOException e) {
            privateByUmask = false;
        }
        if (privateByUmask) {
            restrict(permissions, "after the start"); // only what some other process loosened meanwhile
            return;
        }
        List<String> fixed;
        try {
            fixed = permissions.restrict();
        } catch (IOException e) {
            fixed = List.of();
        }
        LOG.warn(
                "This process creates files readable by group/world (its umask is not 077): restricted {} entries "
                        + "made during the start{}; the home is mode 700, so no other user reaches them, and new files are "
                        + "restricted every {} s. Start Switchboard with ./switchboard, or run 'umask 077' first",
                fixed.size(),
                fixed.isEmpty() ? "" : " (" + HomePermissions.summary(fixed, 6) + ")",
                SWEEP_SECONDS);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "switchboard-home-permissions");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(
                () -> {
                    try {
                        List<String> swept = permissions.restrict();
                        if (!swept.isEmpty()) {
                            LOG.debug("Restricted to the owner: {}", HomePermissions.summary(swept, 12));
                        }
                    } catch (IOException | RuntimeException e) {
                        LOG.debug("Sweeping the home's permissions failed: {}", e.toString());
                    }
                },
                SWEEP_SECONDS,
                SWEEP_SECONDS,
                TimeUnit.SECONDS);
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

    private List<Feature> readFeatures() throws FeatureException {
        List<Path> files = new ArrayList<>();
        Path folder = distribution.resolve("features");
        if (options.features().isEmpty()) {
            try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.json")) {
                stream.forEach(files::add);
            } catch (IOException e) {
                throw new FeatureException("Cannot list the features in " + folder + ": " + e);
            }
            files.sort(null);
            if (files.isEmpty()) {
                throw new FeatureException("No feature files in " + folder);
            }
        } else {
            for (String name : options.features()) {
                files.add(featureFile(folder, name));
            }
        }
        FeatureReader reader = new FeatureReader();
        List<Feature> features = new ArrayList<>();
        for (Path file : files) {
            features.add(reader.read(file));
        }
        return features;
    }

    private Path featureFile(Path folder, String name) throws FeatureException {
        for (Path candidate :
                List.of(workingDirectory.resolve(name), folder.resolve(name), folder.resolve(name + ".json"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new FeatureException(
                "No feature file " + name + " (looked in " + workingDirectory + " and " + folder + ")");
    }

    private Framework newFramework(Map<String, String> featureProperties) throws StartupException {
        Map<String, String> properties = new HashMap<>(featureProperties);
        properties.put("org.osgi.framework.system.packages.extra", SYSTEM_PACKAGES_EXTRA);
        if (options.shell()) {
            properties.remove("gosh.args");
        } else {
            properties.put("gosh.args", "--nointeractive");
        }
        Iterator<FrameworkFactory> factories =
                ServiceLoader.load(FrameworkFactory.class).iterator();
        if (!factories.hasNext()) {
            throw new StartupException("No OSGi framework on the classpath (lib/ should hold Felix)");
        }
        return factories.next().newFramework(properties);
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

    private void printBanner(
            SwitchboardHome home, AdminPassword password, String base, List<Feature> features, WatchMirror watch) {
        out.println("Switchboard " + version());
        if (base != null) {
            out.println("  API       " + base + "/api");
            out.println("  Console   " + base + CONSOLE_PATH + "  (user " + ADMIN_USER + ")");
        }
        out.println("  Deploy    " + home.deploy());
        switch (password.source()) {
            case GENERATED:
                out.println("  Password  " + password.password() + "   <- generated now and shown only this once;"
                        + " only its hash is kept, in " + password.hashFile());
                break;
            case FILE:
                out.println("  Password  set earlier (its hash is in " + password.hashFile()
                        + "; SWITCHBOARD_ADMIN_PASSWORD sets another)");
                break;
            case MIGRATED:
                out.println("  Password  the one in " + password.hashFile().resolveSibling(AdminPassword.LEGACY_FILE)
                        + ", now kept as a hash in " + password.hashFile() + " (the clear-text file is deleted)");
                break;
            default:
                out.println("  Password  from SWITCHBOARD_ADMIN_PASSWORD");
                break;
        }
        out.println("  Home      " + home.root());
        List<String> ids = new ArrayList<>();
        features.forEach(feature -> ids.add(feature.id()));
        out.println("  Features  " + String.join(", ", ids));
        if (watch != null) {
            for (Path folder : watch.folders()) {
                out.println("  Watching  " + folder + (Files.isDirectory(folder) ? "" : "  (does not exist yet)")
                        + "  -> deploy/<Bundle-SymbolicName>" + WatchMirror.SUFFIX);
            }
        }
        DebugAgent debug = DebugAgent.of(ManagementFactory.getRuntimeMXBean().getInputArguments());
        if (debug != null) {
            debug.bannerLines().forEach(out::println);
        }
        out.flush();
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

    private void printReady() {
        long millis = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println("Switchboard ready in " + millis + " ms");
        out.flush();
    }

    /** Stops the framework and halts: a SIGTERM or Ctrl-C ends with status 0 once the framework stopped cleanly. */
    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                LOG.info("Stopping Switchboard");
                framework.stop();
                if (framework.waitForStop(STOP_TIMEOUT_MILLIS).getType()
                        == org.osgi.framework.FrameworkEvent.WAIT_TIMEDOUT) {
                    LOG.error("The framework did not stop within {} s", STOP_TIMEOUT_MILLIS / 1000);
                    EXIT_STATUS.compareAndSet(0, 1);
                } else {
                    LOG.info("Switchboard stopped");
                }
            }
        } catch (BundleException | RuntimeException e) {
            LOG.error("Stopping the framework failed: {}", e.toString());
            EXIT_STATUS.compareAndSet(0, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.flush();
        Runtime.getRuntime().halt(EXIT_STATUS.get());
    }

    private static String port(String value) throws StartupException {
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return Integer.toString(port);
        } catch (NumberFormatException e) {
            throw new StartupException("SWITCHBOARD_PORT must be a port number (1-65535), not \"" + value + "\"");
        }
    }

    private static String hostForUrl(String bind) {
        String host = isWildcard(bind) ? "localhost" : bind;
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static String probeHost(String bind) {
        return isWildcard(bind) ? "127.0.0.1" : hostForUrl(bind);
    }

    private static boolean isWildcard(String bind) {
        return bind.isEmpty() || "0.0.0.0".equals(bind) || "::".equals(bind) || "[::]".equals(bind);
    }

    private static String problemsSuffix(List<String> problems) {
        return problems.isEmpty() ? "" : ": " + String.join("; ", problems);
    }
}
