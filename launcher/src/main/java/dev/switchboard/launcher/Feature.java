package dev.switchboard.launcher;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an OSGi feature (Feature Service spec 1.0) the launcher uses: bundles with their start order,
 * framework properties, configurations by PID and variables (a {@code null} value means "supplied by the launcher").
 */
final class Feature {
    private final String id;
    private final List<FeatureBundle> bundles;
    private final Map<String, String> frameworkProperties;
    private final Map<String, Map<String, Object>> configurations;
    private final Map<String, String> variables;

    Feature(
            String id,
            List<FeatureBundle> bundles,
            Map<String, String> frameworkProperties,
            Map<String, Map<String, Object>> configurations,
            Map<String, String> variables) {
        this.id = id;
        this.bundles = List.copyOf(bundles);
        this.frameworkProperties = Collections.unmodifiableMap(new LinkedHashMap<>(frameworkProperties));
        Map<String, Map<String, Object>> copy = new LinkedHashMap<>();
        configurations.forEach((pid, props) -> copy.put(pid, Collections.unmodifiableMap(new LinkedHashMap<>(props))));
        this.configurations = Collections.unmodifiableMap(copy);
        this.variables = Collections.unmodifiableMap(new LinkedHashMap<>(variables));
    }

    String id() {
        return id;
    }

    /** In the order the features list them. */
    List<FeatureBundle> bundles() {
        return bundles;
    }

    /** Ascending start order; bundles with the same start order keep the order the features list them in. */
    List<FeatureBundle> bundlesInStartOrder() {
        List<FeatureBundle> sorted = new ArrayList<>(bundles);
        sorted.sort(Comparator.comparingInt(FeatureBundle::startOrder));
        return sorted;
    }

    Map<String, String> frameworkProperties() {
        return frameworkProperties;
    }

    Map<String, Map<String, Object>> configurations() {
        return configurations;
    }

    Map<String, String> variables() {
        return variables;
    }
}
