package dev.switchboard.host.internal.deploy;

import java.util.List;
import java.util.function.Supplier;

import dev.switchboard.host.api.BundleInfo;

/**
 * What the deployment report needs to know about one installed bundle; a plain value so the report can be built and
 * tested without a framework.
 *
 * @param info                    id, symbolic name, version and location
 * @param state                   the {@link org.osgi.framework.Bundle} state constant
 * @param lastModified            when the bundle was last installed or updated (epoch ms)
 * @param unsatisfiedRequirements the requirements nothing provides, described for a person; computed on demand
 *                                because only unresolved bundles need it
 * @param componentFailures       its Declarative Services components that failed, described for a person; computed
 *                                on demand because only active bundles need it
 * @param components              why it may register no connector (headers, Declarative Services); on demand
 */
record InstalledBundle(
        BundleInfo info,
        int state,
        long lastModified,
        Supplier<List<String>> unsatisfiedRequirements,
        Supplier<List<String>> componentFailures,
        Supplier<ComponentSummary> components) {

    InstalledBundle(
            BundleInfo info,
            int state,
            long lastModified,
            Supplier<List<String>> unsatisfiedRequirements,
            Supplier<List<String>> componentFailures) {
        this(info, state, lastModified, unsatisfiedRequirements, componentFailures, () -> ComponentSummary.UNKNOWN);
    }

    /** A bundle without component failures whose file is never newer than it. */
    InstalledBundle(BundleInfo info, int state, Supplier<List<String>> unsatisfiedRequirements) {
        this(info, state, Long.MAX_VALUE, unsatisfiedRequirements, List::of);
    }
}
