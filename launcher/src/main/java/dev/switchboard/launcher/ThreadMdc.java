package dev.switchboard.launcher;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.spi.MDCAdapter;

/**
 * The MDC of {@link ContextLogging}: one map per thread, deliberately not inherited. SLF4J's {@code BasicMDCAdapter}
 * copies the map into threads created while it is set, and the dispatcher's and Jetty's pools create their threads
 * lazily inside a call: every later line of such a thread would carry that call's connector and trace.
 */
final class ThreadMdc implements MDCAdapter {

    private final ThreadLocal<Map<String, String>> values = ThreadLocal.withInitial(HashMap::new);
    private final ThreadLocal<Map<String, Deque<String>>> deques = ThreadLocal.withInitial(HashMap::new);

    @Override
    public void put(String key, String value) {
        if (key == null) {
            throw new IllegalArgumentException("key cannot be null");
        }
        values.get().put(key, value);
    }

    @Override
    public String get(String key) {
        return values.get().get(key);
    }

    @Override
    public void remove(String key) {
        values.get().remove(key);
    }

    @Override
    public void clear() {
        values.remove();
    }

    /** The map itself, for the logger on the same thread: read only. */
    Map<String, String> current() {
        return values.get();
    }

    @Override
    public Map<String, String> getCopyOfContextMap() {
        return new HashMap<>(values.get());
    }

    @Override
    public void setContextMap(Map<String, String> contextMap) {
        Map<String, String> map = values.get();
        map.clear();
        if (contextMap != null) {
            map.putAll(contextMap);
        }
    }

    @Override
    public void pushByKey(String key, String value) {
        deques.get().computeIfAbsent(key, k -> new ArrayDeque<>()).push(value);
    }

    @Override
    public String popByKey(String key) {
        Deque<String> deque = deques.get().get(key);
        return deque == null ? null : deque.poll();
    }

    @Override
    public Deque<String> getCopyOfDequeByKey(String key) {
        Deque<String> deque = deques.get().get(key);
        return deque == null ? null : new ArrayDeque<>(deque);
    }

    @Override
    public void clearDequeByKey(String key) {
        Deque<String> deque = deques.get().get(key);
        if (deque != null) {
            deque.clear();
        }
    }
}
