package dev.switchboard.launcher;

import java.io.IOException;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The configuration files of the deploy folder that ConfigAdmin does not hold yet. FileInstall reads them on its own
 * thread and may do so a moment after the host answers health checks; the launcher waits for them before it says
 * "ready", so that what a user put there (a named connection, the dispatcher's settings) is in force by then.
 * FileInstall marks each configuration it created with the file's URL in {@value #FILENAME}. ConfigAdmin is called
 * reflectively, as in {@link ConfigurationApplier}.
 */
final class DeployedConfigurations {

    static final String FILENAME = "felix.fileinstall.filename";
    private static final Duration INTERVAL = Duration.ofMillis(20);

    private final BundleContext context;

    DeployedConfigurations(BundleContext context) {
        this.context = context;
    }

    /** What FileInstall 3.7 hands to ConfigAdmin: {@code .cfg} and {@code .config} files. */
    static boolean isConfigurationFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".cfg") || name.endsWith(".config");
    }

    /** The files among {@code files} that no {@code applied} URL (a {@value #FILENAME} value) names. */
    static List<Path> pending(List<Path> files, Collection<String> applied) {
        Set<Path> known = new HashSet<>();
        for (String url : applied) {
            try {
                known.add(canonical(Path.of(URI.create(url))));
            } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
                // not a file URL: not one of ours
            }
        }
        List<Path> pending = new ArrayList<>();
        for (Path file : files) {
            if (!known.contains(canonical(file))) {
                pending.add(file);
            }
        }
        return pending;
    }

    /**
     * Waits until ConfigAdmin holds every configuration file of {@code deployFolder}, at most {@code timeout}.
     *
     * @return the files still not applied (empty when all are)
     */
    List<Path> await(Path deployFolder, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Path> pending = pending(configurationFiles(deployFolder), applied());
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(INTERVAL.toMillis());
            pending = pending(configurationFiles(deployFolder), applied());
        }
        return pending;
    }

    static List<Path> configurationFiles(Path folder) {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
            for (Path file : stream) {
                if (Files.isRegularFile(file) && isConfigurationFile(file)) {
                    files.add(file);
                }
            }
        } catch (IOException e) {
            // unreadable folder: FileInstall cannot read it either, and says so
        }
        return files;
    }

    /** The {@value #FILENAME} of every configuration ConfigAdmin holds; empty while it is not there. */
    private List<String> applied() {
        List<String> urls = new ArrayList<>();
        ServiceReference<?> reference = context.getServiceReference(ConfigurationApplier.CONFIGURATION_ADMIN);
        if (reference == null) {
            return urls;
        }
        Object admin = context.getService(reference);
        if (admin == null) {
            return urls;
        }
        try {
            Bundle provider = reference.getBundle();
            Class<?> adminType = provider.loadClass(ConfigurationApplier.CONFIGURATION_ADMIN);
            Class<?> configurationType = provider.loadClass("org.osgi.service.cm.Configuration");
            Object configurations =
                    adminType.getMethod("listConfigurations", String.class).invoke(admin, "(" + FILENAME + "=*)");
            for (int i = 0; configurations != null && i < Array.getLength(configurations); i++) {
                Dictionary<?, ?> properties = (Dictionary<?, ?>)
                        configurationType.getMethod("getProperties").invoke(Array.get(configurations, i));
                Object url = properties == null ? null : properties.get(FILENAME);
                if (url != null) {
                    urls.add(url.toString());
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // ConfigAdmin going away meanwhile: nothing applied as far as we can tell
        } finally {
            try {
                context.ungetService(reference);
            } catch (IllegalStateException e) {
                // the framework is stopping
            }
        }
        return urls;
    }

    private static Path canonical(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
