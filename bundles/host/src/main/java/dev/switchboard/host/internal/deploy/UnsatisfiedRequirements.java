package dev.switchboard.host.internal.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.Bundle;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.ExecutionEnvironmentNamespace;
import org.osgi.framework.namespace.HostNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.resource.Namespace;
import org.osgi.resource.Requirement;

/**
 * Names the requirements of an unresolved bundle that nothing installed can satisfy, such as
 * {@code Missing requirement: package com.example.missing [1.0.0,2.0.0)}.
 */
final class UnsatisfiedRequirements {

    private UnsatisfiedRequirements() {}

    static List<String> of(Bundle bundle, FrameworkWiring framework) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null || framework == null) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        for (Requirement requirement : revision.getRequirements(null)) {
            if (mustResolve(requirement) && framework.findProviders(requirement).isEmpty()) {
                missing.add(describe(requirement));
            }
        }
        return missing;
    }

    /** Optional requirements and those effective only at run time (services, extenders) do not block resolving. */
    static boolean mustResolve(Requirement requirement) {
        Map<String, String> directives = requirement.getDirectives();
        String resolution = directives.get(Namespace.REQUIREMENT_RESOLUTION_DIRECTIVE);
        String effective = directives.get(Namespace.REQUIREMENT_EFFECTIVE_DIRECTIVE);
        return !Namespace.RESOLUTION_OPTIONAL.equals(resolution)
                && (effective == null || Namespace.EFFECTIVE_RESOLVE.equals(effective));
    }

    static String describe(Requirement requirement) {
        String namespace = requirement.getNamespace();
        String filter = requirement.getDirectives().get(Namespace.REQUIREMENT_FILTER_DIRECTIVE);
        String text = switch (namespace) {
            case PackageNamespace.PACKAGE_NAMESPACE ->
                named("package", filter, namespace, PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE);
            case BundleNamespace.BUNDLE_NAMESPACE ->
                named("bundle", filter, namespace, BundleNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE);
            case HostNamespace.HOST_NAMESPACE ->
                named("fragment host", filter, namespace, HostNamespace.CAPABILITY_BUNDLE_VERSION_ATTRIBUTE);
            case ExecutionEnvironmentNamespace.EXECUTION_ENVIRONMENT_NAMESPACE -> "execution environment " + filter;
            default -> namespace + (filter != null ? " " + filter : "");
        };
        return "Missing requirement: " + text;
    }

    /** Reads the name and version range back out of the filter the framework generated from the header. */
    private static String named(String kind, String filter, String nameAttribute, String versionAttribute) {
        if (filter == null) {
            return kind;
        }
        Matcher name = Pattern.compile("\\(" + Pattern.quote(nameAttribute) + "=([^)]*)\\)")
                .matcher(filter);
        if (!name.find()) {
            return kind + " " + filter;
        }
        String range = range(filter, versionAttribute);
        return kind + " " + name.group(1) + (range != null ? " " + range : "");
    }

    private static String range(String filter, String attribute) {
        String a = Pattern.quote(attribute);
        String floor = null;
        char open = '[';
        String ceiling = null;
        char close = ')';
        Matcher m;
        if ((m = Pattern.compile("\\(!\\(" + a + "<=([^)]*)\\)\\)").matcher(filter)).find()) {
            floor = m.group(1);
            open = '(';
        } else if ((m = Pattern.compile("(?<!!)\\(" + a + ">=([^)]*)\\)").matcher(filter)).find()) {
            floor = m.group(1);
        }
        if ((m = Pattern.compile("\\(!\\(" + a + ">=([^)]*)\\)\\)").matcher(filter)).find()) {
            ceiling = m.group(1);
        } else if ((m = Pattern.compile("(?<!!)\\(" + a + "<=([^)]*)\\)").matcher(filter)).find()) {
            ceiling = m.group(1);
            close = ']';
        }
        if (floor == null) {
            return null;
        }
        return ceiling == null ? floor : open + floor + "," + ceiling + close;
    }
}
