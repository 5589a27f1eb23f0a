package dev.switchboard.health.internal;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Readiness: every bundle the features booted is started. Bundles installed from the deploy folder are not counted
 * here (a connector that does not resolve must not keep the host from serving the others): {@link DeployFolderCheck}
 * accounts for them. The generalchecks' {@code BundlesStartedCheck} selects bundles by symbolic name only, which cannot
 * tell the two apart.
 */
@Component(
        service = HealthCheck.class,
        immediate = true,
        property = {
            HealthCheck.NAME + "=" + FeatureBundlesCheck.NAME,
            HealthCheck.TAGS + "=" + DeployFolderCheck.READY_TAG,
            HealthCheck.TAGS + "=" + DeployFolderCheck.PUBLIC_TAG
        })
public final class FeatureBundlesCheck implements HealthCheck {

    static final String NAME = "Bundles started";

    /** One installed bundle as this check sees it. */
    record BundleState(String symbolicName, String location, int state, boolean fragment, boolean lazy) {}

    private final BundleContext context;

    @Activate
    public FeatureBundlesCheck(BundleContext context) {
        this.context = context;
    }

    @Override
    public Result execute() {
        List<BundleState> bundles = new ArrayList<>();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() == 0) {
                continue;
            }
            int state = bundle.getState();
            // the headers (a copy per call) only matter for a bundle that is not ACTIVE: thousands of connectors
            // made every readiness poll copy thousands of header maps
            Dictionary<String, String> headers = state == Bundle.ACTIVE ? null : bundle.getHeaders("");
            bundles.add(new BundleState(
                    String.valueOf(bundle.getSymbolicName()),
                    bundle.getLocation(),
                    state,
                    headers != null && headers.get(Constants.FRAGMENT_HOST) != null,
                    headers != null
                            && Constants.ACTIVATION_LAZY.equals(headers.get(Constants.BUNDLE_ACTIVATIONPOLICY))));
        }
        return evaluate(bundles, DeployFolderCheck.deployFolder(context));
    }

    static Result evaluate(List<BundleState> bundles, Path deployFolder) {
        FormattingResultLog log = new FormattingResultLog();
        List<String> waiting = new ArrayList<>();
        int counted = 0;
        for (BundleState bundle : bundles) {
            if (fromDeployFolder(bundle.location(), deployFolder)) {
                continue;
            }
            counted++;
            boolean started = bundle.state() == Bundle.ACTIVE
                    || (bundle.fragment() && bundle.state() == Bundle.RESOLVED)
                    || (bundle.lazy() && bundle.state() == Bundle.STARTING);
            if (!started) {
                waiting.add(bundle.symbolicName() + " (" + stateName(bundle.state()) + ")");
            }
        }
        if (waiting.isEmpty()) {
            log.info("all {} bundles of the features are started", counted);
        } else {
            log.temporarilyUnavailable(Waiting.summary(
                    waiting.size() + " of " + counted + " bundles of the features are not started yet: ", waiting));
        }
        return new Result(log);
    }

    static boolean fromDeployFolder(String location, Path deployFolder) {
        if (deployFolder == null || location == null || !location.regionMatches(true, 0, "file:", 0, 5)) {
            return false;
        }
        try {
            return Path.of(URI.create(location)).toAbsolutePath().normalize().startsWith(deployFolder);
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return false;
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }
}
