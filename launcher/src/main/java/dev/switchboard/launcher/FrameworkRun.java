package dev.switchboard.launcher;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSGi framework of a run: made from the features' framework properties and the launcher's classpath, stopped by
 * the shutdown hook, and the process's exit status.
 */
final class FrameworkRun {

    /** The launcher's classpath as the bundles see it: Jetty imports slf4j [2.0,3), the web console [1.7,2). */
    static final String SYSTEM_PACKAGES_EXTRA = "org.slf4j;version=2.0.17,org.slf4j.event;version=2.0.17,"
            + "org.slf4j.helpers;version=2.0.17,org.slf4j.spi;version=2.0.17,"
            + "org.slf4j;version=1.7.36,org.slf4j.helpers;version=1.7.36";

    private static final long STOP_TIMEOUT_MILLIS = 30_000;
    private static final AtomicInteger EXIT_STATUS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkRun.class);

    private FrameworkRun() {}

    /** The exit status so far: 0 unless {@link #exit} or a failed stop set it. */
    static int exitStatus() {
        return EXIT_STATUS.get();
    }

    /** Exits the JVM with the status; the shutdown hook, once registered, stops the framework first. */
    static void exit(int status) {
        EXIT_STATUS.set(status);
        System.exit(status);
    }

    /** A framework with the features' properties; the interactive shell only when {@code shell}. */
    static Framework create(Map<String, String> featureProperties, boolean shell) throws StartupException {
        Map<String, String> properties = new HashMap<>(featureProperties);
        properties.put("org.osgi.framework.system.packages.extra", SYSTEM_PACKAGES_EXTRA);
        if (shell) {
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

    /** Stops the framework when the JVM is asked to end (SIGTERM, Ctrl-C, {@link #exit}). */
    static void stopOnShutdown(Framework framework) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "switchboard-shutdown"));
    }

    /** Stops the framework and halts: a SIGTERM or Ctrl-C ends with status 0 once the framework stopped cleanly. */
    private static void stop(Framework framework) {
        try {
            if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                LOG.info("Stopping Switchboard");
                framework.stop();
                if (framework.waitForStop(STOP_TIMEOUT_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
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
}
