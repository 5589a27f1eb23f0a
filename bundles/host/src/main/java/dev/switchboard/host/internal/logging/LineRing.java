package dev.switchboard.host.internal.logging;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import dev.switchboard.host.api.ConnectorLogLine;

/** The last lines of one connector: a bounded ring, oldest dropped first. */
final class LineRing {

    private final ArrayDeque<ConnectorLogLine> lines = new ArrayDeque<>();
    private int capacity;

    LineRing(int capacity) {
        this.capacity = capacity;
    }

    synchronized void add(ConnectorLogLine line) {
        while (lines.size() >= capacity) {
            lines.pollFirst();
        }
        lines.addLast(line);
    }

    synchronized void capacity(int value) {
        capacity = value;
        while (lines.size() > capacity) {
            lines.pollFirst();
        }
    }

    synchronized List<ConnectorLogLine> select(Instant since, ConnectorLogLine.Level minimum) {
        List<ConnectorLogLine> selected = new ArrayList<>();
        for (ConnectorLogLine line : lines) {
            if ((since == null || !line.time().isBefore(since))
                    && (minimum == null || line.level().atLeast(minimum))) {
                selected.add(line);
            }
        }
        return selected;
    }
}
