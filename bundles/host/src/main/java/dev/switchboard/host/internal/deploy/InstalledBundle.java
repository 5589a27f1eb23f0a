package dev.switchboard.host.internal.deploy;

import java.util.List;
import java.util.function.Supplier;

import dev.switchboard.host.api.BundleInfo;

/**
 * What the deployment report needs to know about one installed bundle; a plain value so the report can be built and
 * tested without a framework.
 *
 * @param info                  id, symbolic name, version and location
 * @param state                 the {@link org.osgi.framework.Bundle} state constant
 * @param unsatisfiedRequirements the requirements nothing provides, described for a person; computed on demand
 *                              because only unresolved bundles need it
 */
record InstalledBundle(BundleInfo info, int state, Supplier<List<String>> unsatisfiedRequirements) {
}
