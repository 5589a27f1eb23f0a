package dev.switchboard.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Array;
import java.util.Locale;

/** Turns a JSON configuration value into the Java type ConfigAdmin stores, honouring an optional type hint. */
final class ConfigurationValues {
    private ConfigurationValues() {
    }

    static Object convert(JsonNode value, String type) {
        if (type == null) {
            return value.isArray() ? inferredArray(value) : inferred(value);
        }
        if (type.endsWith("[]")) {
            if (!value.isArray()) {
                throw new IllegalArgumentException("type " + type + " needs a JSON array");
            }
            Class<?> element = scalarType(type.substring(0, type.length() - 2));
            Object array = Array.newInstance(element, value.size());
            for (int i = 0; i < value.size(); i++) {
                Array.set(array, i, typed(value.get(i), element));
            }
            return array;
        }
        return typed(value, scalarType(type));
    }

    private static Object inferred(JsonNode value) {
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value.isNumber()) {
            return value.asDouble();
        }
        throw new IllegalArgumentException("unsupported JSON value " + value);
    }

    private static Object inferredArray(JsonNode value) {
        if (value.size() == 0) {
            return new String[0];
        }
        Class<?> element = inferred(value.get(0)).getClass();
        Object array = Array.newInstance(element, value.size());
        for (int i = 0; i < value.size(); i++) {
            Object item = inferred(value.get(i));
            if (!element.isInstance(item)) {
                throw new IllegalArgumentException("array elements must share one type: " + value);
            }
            Array.set(array, i, item);
        }
        return array;
    }

    private static Class<?> scalarType(String type) {
        switch (type.toLowerCase(Locale.ROOT)) {
            case "string": return String.class;
            case "integer": case "int": return Integer.class;
            case "long": return Long.class;
            case "boolean": return Boolean.class;
            case "double": return Double.class;
            case "float": return Float.class;
            default: throw new IllegalArgumentException("unsupported type " + type);
        }
    }

    private static Object typed(JsonNode value, Class<?> type) {
        String text = value.asText();
        try {
            if (type == String.class) {
                return text;
            }
            if (type == Integer.class) {
                return Integer.valueOf(text);
            }
            if (type == Long.class) {
                return Long.valueOf(text);
            }
            if (type == Double.class) {
                return Double.valueOf(text);
            }
            if (type == Float.class) {
                return Float.valueOf(text);
            }
            if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                return Boolean.valueOf(text);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"" + text + "\" is not a " + type.getSimpleName());
    }
}
