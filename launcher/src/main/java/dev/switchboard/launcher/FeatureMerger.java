package dev.switchboard.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges features into one. A bundle, framework property, configuration property or variable may appear in several
 * features only with the same value (a bundle listed twice keeps its lowest start order); anything else is a conflict
 * and stops the launch, since silently picking one would hide a mistake in the feature files.
 */
final class FeatureMerger {

    Feature merge(String id, List<Feature> features) throws FeatureException {
        Map<String, FeatureBundle> bundles = new LinkedHashMap<>();
        Map<String, String> frameworkProperties = new LinkedHashMap<>();
        Map<String, String> propertyOrigins = new LinkedHashMap<>();
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        Map<String, String> variables = new LinkedHashMap<>();
        Map<String, String> variableOrigins = new LinkedHashMap<>();

        for (Feature feature : features) {
            for (FeatureBundle bundle : feature.bundles()) {
                String key = bundle.id().versionlessKey();
                FeatureBundle known = bundles.get(key);
                if (known == null) {
                    bundles.put(key, bundle);
                } else if (!known.id().equals(bundle.id())) {
                    throw new FeatureException("Bundle " + key + " is listed at version "
                            + known.id().version() + " (" + known.origin() + ") and "
                            + bundle.id().version() + " (" + feature.id() + ")");
                } else if (bundle.startOrder() < known.startOrder()) {
                    bundles.put(key, bundle);
                }
            }
            for (Map.Entry<String, String> property :
                    feature.frameworkProperties().entrySet()) {
                String known = frameworkProperties.putIfAbsent(property.getKey(), property.getValue());
                if (known == null) {
                    propertyOrigins.put(property.getKey(), feature.id());
                } else if (!known.equals(property.getValue())) {
                    throw new FeatureException("Framework property " + property.getKey() + " is \"" + known + "\" in "
                            + propertyOrigins.get(property.getKey()) + " and \"" + property.getValue() + "\" in "
                            + feature.id());
                }
            }
            for (Map.Entry<String, Map<String, Object>> configuration :
                    feature.configurations().entrySet()) {
                Map<String, Object> merged =
                        configurations.computeIfAbsent(configuration.getKey(), pid -> new LinkedHashMap<>());
                for (Map.Entry<String, Object> property :
                        configuration.getValue().entrySet()) {
                    Object known = merged.putIfAbsent(property.getKey(), property.getValue());
                    if (known != null && !Objects.deepEquals(known, property.getValue())) {
                        // values are not printed: they may hold secrets
                        throw new FeatureException("Configuration " + configuration.getKey() + " sets "
                                + property.getKey() + " to different values in different features (" + feature.id()
                                + " and an earlier one)");
                    }
                }
            }
            for (Map.Entry<String, String> variable : feature.variables().entrySet()) {
                String name = variable.getKey();
                if (!variables.containsKey(name)) {
                    variables.put(name, variable.getValue());
                    variableOrigins.put(name, feature.id());
                } else if (!Objects.equals(variables.get(name), variable.getValue())) {
                    throw new FeatureException("Variable " + name + " defaults to " + quoted(variables.get(name))
                            + " in " + variableOrigins.get(name) + " and " + quoted(variable.getValue()) + " in "
                            + feature.id());
                }
            }
        }
        return new Feature(id, new ArrayList<>(bundles.values()), frameworkProperties, configurations, variables);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }
}
