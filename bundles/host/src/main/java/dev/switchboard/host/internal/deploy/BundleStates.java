package dev.switchboard.host.internal.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.osgi.framework.Bundle;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.CatalogSnapshot;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorState;
import dev.switchboard.host.api.Deployment;
import dev.switchboard.host.api.DeploymentState;

/**
 * What a bundle installed from a deploy-folder file amounts to, from its framework state, its components and the
 * connectors of it in the catalog: unresolved, not started, failed, in conflict, a library, or working connectors.
 */
final class BundleStates {

    static final String LIBRARY = "a library bundle: it does not use the connector API and registers no connector";
    static final String NO_PROVIDER =
            "registers no connector: its components run but none provides one " + "(ServiceOperationsProvider)";

    private BundleStates() {}

    static Deployment classify(String name, InstalledBundle installed, CatalogSnapshot catalog) {
        List<ConnectorEntry> entries = new ArrayList<>();
        for (ConnectorEntry entry : catalog.connectors()) {
            if (entry.bundle() != null
                    && entry.bundle().id() == installed.info().id()) {
                entries.add(entry);
            }
        }
        return classify(name, installed, entries);
    }

    /** As {@link #classify(String, InstalledBundle, CatalogSnapshot)}, given the catalog's entries of the bundle. */
    static Deployment classify(String name, InstalledBundle installed, List<ConnectorEntry> entries) {
        BundleInfo info = installed.info();
        switch (installed.state()) {
            case Bundle.INSTALLED -> {
                List<String> missing = installed.unsatisfiedRequirements().get();
                String reason = missing.isEmpty()
                        ? "the bundle is installed but cannot be resolved; the framework log names the conflict"
                        : String.join("; ", missing);
                return new Deployment(name, DeploymentState.UNRESOLVED, info, List.of(), reason);
            }
            case Bundle.RESOLVED -> {
                return new Deployment(
                        name, DeploymentState.INSTALLED, info, List.of(), "the bundle is resolved but not started");
            }
            case Bundle.STARTING -> {
                return new Deployment(
                        name,
                        DeploymentState.INSTALLED,
                        info,
                        List.of(),
                        "the bundle is starting (or waiting for lazy activation)");
            }
            case Bundle.ACTIVE -> {
                return active(name, info, entries, installed.componentFailures().get(), installed.components());
            }
            default -> {
                return new Deployment(
                        name,
                        DeploymentState.INSTALLED,
                        info,
                        List.of(),
                        "the bundle is stopping or being uninstalled");
            }
        }
    }

    private static Deployment active(
            String name,
            BundleInfo info,
            List<ConnectorEntry> entries,
            List<String> componentFailures,
            Supplier<ComponentSummary> components) {
        List<String> connectors = new ArrayList<>();
        List<String> failed = new ArrayList<>(componentFailures);
        List<String> conflicts = new ArrayList<>();
        for (ConnectorEntry entry : entries) {
            String label = entry.id() + "@" + entry.version();
            connectors.add(label);
            if (entry.state() == ConnectorState.FAILED) {
                failed.add(label + ": " + entry.reason());
            } else if (entry.state() == ConnectorState.CONFLICT) {
                conflicts.add(label + ": " + entry.reason());
            }
        }
        if (!failed.isEmpty()) {
            List<String> reasons = new ArrayList<>(failed);
            reasons.addAll(conflicts);
            return new Deployment(name, DeploymentState.FAILED, info, connectors, String.join("; ", reasons));
        }
        if (!conflicts.isEmpty()) {
            return new Deployment(name, DeploymentState.CONFLICT, info, connectors, String.join("; ", conflicts));
        }
        ComponentSummary summary = components.get();
        if (connectors.isEmpty()) {
            String why = summary.whyNoConnector();
            if (why != null) {
                return new Deployment(name, DeploymentState.NO_CONNECTOR, info, connectors, why);
            }
            if (!summary.usesConnectorApi() && summary != ComponentSummary.UNKNOWN) {
                return new Deployment(name, DeploymentState.ACTIVE, info, connectors, LIBRARY);
            }
            if (summary != ComponentSummary.UNKNOWN) {
                return new Deployment(name, DeploymentState.ACTIVE, info, connectors, NO_PROVIDER);
            }
        } else if (!summary.problems().isEmpty()) {
            // some connectors run; the components that do not are worth a note
            return new Deployment(
                    name, DeploymentState.ACTIVE, info, connectors, String.join("; ", summary.problems()));
        }
        return new Deployment(name, DeploymentState.ACTIVE, info, connectors, null);
    }
}
