package dev.switchboard.launcher;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;

/**
 * Installs the features' bundles from the distribution's system/ folder and starts them: ConfigAdmin first (so the
 * configurations can be applied before anything that reads them starts), then the rest in ascending start order.
 * A bundle that does not start is reported with the framework's reason; the others still start.
 */
final class BundleBoot {
    private final BundleContext context;
    private final Path system;
    private final Map<FeatureBundle, Bundle> installed = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    BundleBoot(BundleContext context, Path system) {
        this.context = context;
        this.system = system;
    }

    /** @return the bundles whose file is not in system/ */
    static List<String> missing(List<FeatureBundle> bundles, Path system) {
        List<String> missing = new ArrayList<>();
        for (FeatureBundle bundle : bundles) {
            Path file = bundle.id().pathIn(system);
            if (!Files.isRegularFile(file)) {
                missing.add(bundle.id() + " (" + bundle.origin() + "), expected at " + file);
            }
        }
        return missing;
    }

    void installAll(List<FeatureBundle> bundles) throws StartupException {
        for (FeatureBundle bundle : bundles) {
            Path file = bundle.id().pathIn(system);
            try {
                installed.put(bundle, context.installBundle(file.toUri().toString()));
            } catch (BundleException e) {
                throw new StartupException(
                        "Cannot install " + bundle.id() + " from " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Starts the bundle that provides the ConfigurationAdmin service, then the other bundles of its start order or
     * a lower one: its plugins, which it waits for when {@code felix.cm.config.plugins} names them (the
     * interpolation plugin), so that no configuration is ever delivered uninterpolated. False if no installed bundle
     * provides ConfigAdmin or it does not start.
     */
    boolean startConfigurationAdmin() {
        for (Map.Entry<FeatureBundle, Bundle> entry : installed.entrySet()) {
            String capabilities = entry.getValue().getHeaders("").get(Constants.PROVIDE_CAPABILITY);
            if (capabilities != null && capabilities.contains(ConfigurationApplier.CONFIGURATION_ADMIN)) {
                if (!start(entry.getKey(), entry.getValue())) {
                    return false;
                }
                int stage = entry.getKey().startOrder();
                for (Map.Entry<FeatureBundle, Bundle> other : installed.entrySet()) {
                    if (other.getKey().startOrder() <= stage
                            && other.getValue().getState() != Bundle.ACTIVE
                            && !isFragment(other.getValue())) {
                        start(other.getKey(), other.getValue());
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** Starts every installed bundle not yet active, in start order; {@code afterEach} runs after each start. */
    void startAll(List<FeatureBundle> inStartOrder, Runnable afterEach) {
        for (FeatureBundle bundle : inStartOrder) {
            Bundle osgiBundle = installed.get(bundle);
            if (osgiBundle != null && osgiBundle.getState() != Bundle.ACTIVE && !isFragment(osgiBundle)) {
                start(bundle, osgiBundle);
                afterEach.run();
            }
        }
    }

    /** Bundles that are not ACTIVE (fragments: not RESOLVED) now, with the reason their start gave. */
    List<String> problems() {
        List<String> report = new ArrayList<>(problems);
        for (Map.Entry<FeatureBundle, Bundle> entry : installed.entrySet()) {
            Bundle bundle = entry.getValue();
            int expected = isFragment(bundle) ? Bundle.RESOLVED : Bundle.ACTIVE;
            String name = describe(entry.getKey(), bundle);
            if (bundle.getState() != expected && report.stream().noneMatch(line -> line.startsWith(name))) {
                report.add(name + " is " + state(bundle.getState()));
            }
        }
        return report;
    }

    int count() {
        return installed.size();
    }

    private boolean start(FeatureBundle bundle, Bundle osgiBundle) {
        try {
            osgiBundle.start();
            return true;
        } catch (BundleException | RuntimeException e) {
            Throwable cause = e.getCause() != null && e.getCause() != e ? e.getCause() : null;
            problems.add(describe(bundle, osgiBundle) + " did not start: " + e.getMessage()
                    + (cause == null ? "" : " (" + cause + ")"));
            return false;
        }
    }

    private static String describe(FeatureBundle bundle, Bundle osgiBundle) {
        return osgiBundle.getSymbolicName() + " " + osgiBundle.getVersion() + " [" + bundle.id() + ", "
                + bundle.origin() + "]";
    }

    private static boolean isFragment(Bundle bundle) {
        return bundle.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
    }

    private static String state(int state) {
        switch (state) {
            case Bundle.INSTALLED:
                return "INSTALLED (not resolved)";
            case Bundle.RESOLVED:
                return "RESOLVED (not started)";
            case Bundle.STARTING:
                return "STARTING";
            case Bundle.STOPPING:
                return "STOPPING";
            case Bundle.ACTIVE:
                return "ACTIVE";
            default:
                return "UNINSTALLED";
        }
    }
}
