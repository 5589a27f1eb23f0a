package dev.switchboard.triggers.internal;

import java.lang.reflect.Proxy;
import java.util.Map;

/** A {@link TriggersConfiguration} with the defaults of its annotation, some of them overridden by name. */
final class TestConfig {

    private TestConfig() {}

    /** @param overrides by method name ({@code max_streams}) */
    static TriggersConfiguration with(Map<String, Object> overrides) {
        return (TriggersConfiguration) Proxy.newProxyInstance(
                TriggersConfiguration.class.getClassLoader(),
                new Class<?>[] {TriggersConfiguration.class},
                (proxy, method, args) -> {
                    if (overrides.containsKey(method.getName())) {
                        return overrides.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return TriggersConfiguration.class;
                    }
                    return method.getDefaultValue();
                });
    }
}
