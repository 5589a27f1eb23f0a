package dev.switchboard.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Feature variables: the values the launcher supplies win over the defaults the features declare; a variable
 * declared without a default must be supplied. {@code ${name}} is replaced in framework property values and in
 * String (and String[]) configuration values; an unknown name is an error, not an empty string.
 */
final class Variables {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");

    private final Map<String, String> values;

    private Variables(Map<String, String> values) {
        this.values = values;
    }

    static Variables of(Map<String, String> declared, Map<String, String> supplied) throws FeatureException {
        Map<String, String> values = new LinkedHashMap<>(declared);
        values.putAll(supplied);
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (value.getValue() == null) {
                throw new FeatureException("Variable " + value.getKey() + " has no default and no value was supplied");
            }
        }
        return new Variables(values);
    }

    String value(String name) {
        return values.get(name);
    }

    String substitute(String text) throws FeatureException {
        Matcher matcher = REFERENCE.matcher(text);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new FeatureException("Unknown variable ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(result);
        return result.toString();
    }

    /** The feature with every variable reference replaced. */
    Feature applyTo(Feature feature) throws FeatureException {
        Map<String, String> frameworkProperties = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : feature.frameworkProperties().entrySet()) {
            frameworkProperties.put(
                    property.getKey(), within("framework property " + property.getKey(), property.getValue()));
        }
        Map<String, Map<String, Object>> configurations = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Object>> configuration :
                feature.configurations().entrySet()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (Map.Entry<String, Object> property : configuration.getValue().entrySet()) {
                String where = "configuration " + configuration.getKey() + ", property " + property.getKey();
                Object value = property.getValue();
                if (value instanceof String) {
                    value = within(where, (String) value);
                } else if (value instanceof String[]) {
                    String[] items = ((String[]) value).clone();
                    for (int i = 0; i < items.length; i++) {
                        items[i] = within(where, items[i]);
                    }
                    value = items;
                }
                properties.put(property.getKey(), value);
            }
            configurations.put(configuration.getKey(), properties);
        }
        return new Feature(feature.id(), feature.bundles(), frameworkProperties, configurations, values);
    }

    private String within(String where, String text) throws FeatureException {
        try {
            return substitute(text);
        } catch (FeatureException e) {
            throw new FeatureException(e.getMessage() + " in " + where, e);
        }
    }
}
