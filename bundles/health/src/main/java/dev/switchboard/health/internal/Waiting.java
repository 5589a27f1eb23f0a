package dev.switchboard.health.internal;

import java.util.List;

/** What a readiness check waits for, as one short line for the public answer (the first few items, then a count). */
final class Waiting {

    static final int SHOWN = 5;

    private Waiting() {}

    static String summary(String prefix, List<String> items) {
        StringBuilder line = new StringBuilder(prefix);
        for (int i = 0; i < Math.min(SHOWN, items.size()); i++) {
            line.append(i == 0 ? "" : "; ").append(items.get(i));
        }
        if (items.size() > SHOWN) {
            line.append("; and ").append(items.size() - SHOWN).append(" more");
        }
        return line.toString();
    }
}
