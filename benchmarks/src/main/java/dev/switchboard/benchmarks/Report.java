package dev.switchboard.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The figures of one run, written as the table between the markers of BENCHMARKS.md. */
final class Report {

    static final String BEGIN = "<!-- results:begin (written by benchmarks/run.sh; edit outside the markers) -->";
    static final String END = "<!-- results:end -->";

    /** One line of the table; {@code met} is null when the line has no target of its own. */
    record Row(String part, String what, String figure, String baseline, String ratio, String target, Boolean met) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    synchronized void row(
            String part, String what, String figure, String baseline, String ratio, String target, Boolean met) {
        rows.add(new Row(part, what, figure, baseline, ratio, target, met));
        System.out.printf(
                "[result] %s | %s | %s | %s | %s | %s | %s%n",
                part, what, figure, baseline, ratio, target, met == null ? "" : met ? "met" : "MISSED");
    }

    synchronized void note(String text) {
        notes.add(text);
        System.out.println("[note] " + text);
    }

    String table(List<String> header) {
        StringBuilder b = new StringBuilder();
        header.forEach(line -> b.append(line).append('\n'));
        b.append('\n');
        b.append("| part | measurement | figure | baseline (same run) | ratio | target | |\n");
        b.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            b.append("| ")
                    .append(r.part())
                    .append(" | ")
                    .append(r.what())
                    .append(" | ")
                    .append(r.figure())
                    .append(" | ")
                    .append(r.baseline())
                    .append(" | ")
                    .append(r.ratio())
                    .append(" | ")
                    .append(r.target())
                    .append(" | ")
                    .append(r.met() == null ? "" : r.met() ? "met" : "**missed**")
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            b.append('\n');
            notes.forEach(n -> b.append("- ").append(n).append('\n'));
        }
        return b.toString();
    }

    /**
     * A run of some parts ({@code --parts}) keeps the previous table's rows of the other parts, after its own, with a
     * note naming the run they come from.
     */
    private void keepRowsOfPartsNotRun(String previous) {
        java.util.Set<String> run = new java.util.HashSet<>();
        rows.forEach(r -> run.add(r.part()));
        String from = previous.lines()
                .filter(l -> l.startsWith("Run of "))
                .findFirst()
                .orElse("an earlier run");
        java.util.Set<String> kept = new java.util.LinkedHashSet<>();
        for (String line : previous.lines().toList()) {
            if (!line.startsWith("| ") || line.startsWith("| part |")) {
                continue;
            }
            String[] cells = line.substring(2, line.length() - 2).split(" \\| ", -1);
            if (cells.length != 7 || run.contains(cells[0])) {
                continue;
            }
            String met = cells[6].trim();
            rows.add(new Row(
                    cells[0],
                    cells[1],
                    cells[2],
                    cells[3],
                    cells[4],
                    cells[5],
                    met.isEmpty() ? null : "met".equals(met)));
            kept.add(cells[0]);
        }
        if (!kept.isEmpty()) {
            notes.add("Not run this time, kept from the previous table (" + from.replace("Run of ", "run of ") + "): "
                    + String.join(", ", kept) + ".");
        }
    }

    /** Replaces what is between the markers of {@code file} (appends the markers when missing). */
    void write(Path file, List<String> header) throws IOException {
        String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n\n";
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin >= 0 && end > begin) {
            keepRowsOfPartsNotRun(text.substring(begin, end));
        }
        String block = BEGIN + "\n" + table(header) + END;
        if (begin >= 0 && end > begin) {
            text = text.substring(0, begin) + block + text.substring(end + END.length());
        } else {
            text = text + "\n" + block + "\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
