package dev.switchboard.host.internal.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.host.api.BundleInfo;
import dev.switchboard.host.api.ConnectorEntry;
import dev.switchboard.host.api.ConnectorLogContext;
import dev.switchboard.host.api.ConnectorState;

/** The catalog entry of one registration, as {@link ManifestAggregator} publishes it, and the log line of a change. */
final class CatalogEntries {

    /** By id, highest version first. */
    static final Comparator<ConnectorEntry> CATALOG_ORDER = Comparator.comparing(ConnectorEntry::id)
            .thenComparing(ConnectorEntry::osgiVersion, Comparator.reverseOrder());

    private static final Logger LOG = LoggerFactory.getLogger(ManifestAggregator.class);

    private CatalogEntries() {}

    /**
     * The entry of {@code registration}: LOADING, FAILED, CONFLICT (another registration, earlier in service id
     * order, already claimed its {@code id@version} in {@code active}) or ACTIVE (then claimed in {@code active}).
     */
    static ConnectorEntry entryFor(ProviderRegistration registration, Map<String, ProviderRegistration> active) {
        BundleInfo bundle = registration.bundle();
        LoadOutcome outcome = registration.outcome();
        if (outcome == null) {
            return new ConnectorEntry(
                    ManifestReader.placeholderId(bundle),
                    bundle.version(),
                    ConnectorState.LOADING,
                    null,
                    null,
                    List.of(),
                    bundle);
        }
        if (outcome.isFailed()) {
            return new ConnectorEntry(
                    outcome.id(),
                    bundle.version(),
                    ConnectorState.FAILED,
                    outcome.failure(),
                    outcome.service(),
                    List.of(),
                    bundle);
        }
        String key = registration.key();
        ProviderRegistration owner = active.putIfAbsent(key, registration);
        if (owner != null) {
            BundleInfo other = owner.bundle();
            String reason = "connector " + key + " is already provided by bundle " + other.symbolicName() + " (id "
                    + other.id() + ", " + other.location() + "); remove one of them or give this bundle another "
                    + "Bundle-Version";
            return new ConnectorEntry(
                    outcome.id(),
                    bundle.version(),
                    ConnectorState.CONFLICT,
                    reason,
                    outcome.service(),
                    List.of(),
                    bundle);
        }
        return new ConnectorEntry(
                outcome.id(),
                bundle.version(),
                ConnectorState.ACTIVE,
                null,
                outcome.service(),
                outcome.operations(),
                bundle);
    }

    /** {@code previous} when {@code next} says the same (same state, reason and the very same model objects). */
    static ConnectorEntry unchangedOr(ConnectorEntry previous, ConnectorEntry next) {
        return previous != null
                        && previous.state() == next.state()
                        && previous.bundle() == next.bundle()
                        && previous.service() == next.service()
                        && previous.operations() == next.operations()
                        && Objects.equals(previous.id(), next.id())
                        && Objects.equals(previous.reason(), next.reason())
                ? previous
                : next;
    }

    static void logChange(ConnectorEntry previous, ConnectorEntry current) {
        if (previous != null
                && previous.state() == current.state()
                && previous.id().equals(current.id())) {
            return;
        }
        // lines about the connector: in its per-connector log too
        try (ConnectorLogContext logContext = ConnectorLogContext.open(current.id(), current.version(), null)) {
            switch (current.state()) {
                case FAILED, CONFLICT ->
                    LOG.warn(
                            "Connector {}@{} from bundle {} is {}: {}",
                            current.id(),
                            current.version(),
                            current.bundle().symbolicName(),
                            current.state(),
                            current.reason());
                case LOADING ->
                    LOG.debug(
                            "Reading the manifest of service {} from bundle {}",
                            current.id(),
                            current.bundle().symbolicName());
                default ->
                    LOG.info(
                            "Connector {}@{} from bundle {} is {}",
                            current.id(),
                            current.version(),
                            current.bundle().symbolicName(),
                            current.state());
            }
        }
    }
}
