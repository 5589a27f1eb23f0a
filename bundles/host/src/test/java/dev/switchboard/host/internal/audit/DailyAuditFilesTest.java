package dev.switchboard.host.internal.audit;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.host.api.AuditEntry;

public class DailyAuditFilesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-12-03T10:15:30.123Z");

    @Rule
    public final TemporaryFolder temp = new TemporaryFolder();

    private Path home;
    private Path folder;
    private JsonLinesAuditLog log;

    @Before
    public void setUp() throws Exception {
        home = temp.newFolder("home").toPath();
        folder = JsonLinesAuditLog.auditFolder(home.toString());
        log = newLog(90, T0);
    }

    @After
    public void tearDown() {
        log.deactivate();
    }

    private JsonLinesAuditLog newLog(int retentionDays, Instant now) throws Exception {
        return new JsonLinesAuditLog(
                new DailyAuditFiles(folder), retentionDays, Clock.fixed(now, ZoneOffset.UTC), null);
    }

    private static AuditEntry entry(Instant at, String action, String target) {
        return new AuditEntry(at, "admin", action, target, "127.0.0.1", "success", Map.of("version", "1.0.0"));
    }

    private Path file(String date) {
        return folder.resolve("audit-" + date + ".jsonl");
    }

    @Test
    public void anEntryIsOneJsonLineWithTheDocumentedFieldsInItsDaysFile() throws Exception {
        log.record(new AuditEntry(
                T0, "token:t1", "connection.put", "prod", "10.0.0.7", "success", Map.of("connector", "sql")));
        log.record(new AuditEntry(
                T0.plusSeconds(1), "deploy-folder", "deployment.remove", "greeter.jar", null, "success", Map.of()));

        List<String> lines = Files.readAllLines(file("2026-12-03"));
        assertEquals(2, lines.size());
        JsonNode first = MAPPER.readTree(lines.get(0));
        assertEquals("2026-12-03T10:15:30.123Z", first.get("at").asText());
        assertEquals("token:t1", first.get("who").asText());
        assertEquals("connection.put", first.get("action").asText());
        assertEquals("prod", first.get("target").asText());
        assertEquals("10.0.0.7", first.get("client").asText());
        assertEquals("success", first.get("outcome").asText());
        assertEquals("sql", first.at("/details/connector").asText());
        assertEquals(List.of("at", "who", "action", "target", "client", "outcome", "details"), fieldNames(first));
        JsonNode second = MAPPER.readTree(lines.get(1));
        assertTrue(second.get("client").isNull());
        assertEquals(0, second.get("details").size());
    }

    @Test
    public void aValueWithANewlineCannotForgeASecondLine() throws Exception {
        log.record(entry(T0, "deployment.add", "x.jar\n{\"who\":\"forged\"}"));
        List<String> lines = Files.readAllLines(file("2026-12-03"));
        assertEquals(1, lines.size());
        assertEquals("x.jar\n{\"who\":\"forged\"}", log.since(null, 10).get(0).target());
    }

    @Test
    public void aHugeEntryIsCutToASmallLine() throws Exception {
        Map<String, String> details = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            details.put("k" + i, "v".repeat(5000));
        }
        log.record(
                new AuditEntry(T0, "anonymous", "request.denied", "/api/" + "a".repeat(100_000), null, "403", details));
        assertTrue(Files.size(file("2026-12-03")) < 40_000);
        AuditEntry read = log.since(null, 1).get(0);
        assertEquals(AuditJson.MAX_CHARS, read.target().length());
        assertTrue(read.target().endsWith("…"));
        assertEquals(AuditJson.MAX_DETAILS, read.details().size());
    }

    @Test
    public void entriesGoToTheFileOfTheirUtcDate() throws Exception {
        log.record(entry(Instant.parse("2026-12-03T23:59:59.999Z"), "a", "1"));
        log.record(entry(Instant.parse("2026-12-04T00:00:00Z"), "b", "2"));
        assertEquals(1, Files.readAllLines(file("2026-12-03")).size());
        assertEquals(1, Files.readAllLines(file("2026-12-04")).size());
        assertEquals(
                List.of("a", "b"),
                log.since(null, 10).stream().map(AuditEntry::action).toList());
    }

    @Test
    public void sinceReadsBackAcrossDaysOldestFirstFromTheGivenInstantUpToTheLimit() throws Exception {
        List<AuditEntry> written = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            for (int i = 0; i < 4; i++) {
                AuditEntry e = entry(T0.plusSeconds(day * 86_400L + i * 60L), "deployment.add", day + "-" + i);
                log.record(e);
                written.add(e);
            }
        }
        assertEquals(written, log.since(null, 100));
        assertEquals(written.subList(0, 5), log.since(null, 5));
        // at or after: the entry at exactly `since` is included
        assertEquals(written.subList(6, 12), log.since(written.get(6).at(), 100));
        assertEquals(written.subList(6, 8), log.since(written.get(6).at(), 2));
        assertEquals(List.of(), log.since(T0.plusSeconds(10 * 86_400L), 100));
        assertEquals(List.of(), log.since(null, 0));
        assertEquals(List.of(), log.since(null, -1));
    }

    @Test
    public void theLimitIsCapped() throws Exception {
        for (int i = 0; i < JsonLinesAuditLog.MAX_LIMIT + 5; i++) {
            log.record(entry(T0.plusMillis(i), "deployment.add", "f" + i));
        }
        assertEquals(
                JsonLinesAuditLog.MAX_LIMIT, log.since(null, Integer.MAX_VALUE).size());
    }

    @Test
    public void corruptLinesAreSkipped() throws Exception {
        log.record(entry(T0, "deployment.add", "a.jar"));
        Files.writeString(
                file("2026-12-03"),
                "not json at all\n{\"at\":\"yesterday\"}\n{\"who\":\"x\"}\n\n[1,2]\n",
                StandardOpenOption.APPEND);
        log.record(entry(T0.plusSeconds(1), "deployment.remove", "a.jar"));
        // an older day's file cut short in the middle of a line
        Files.writeString(
                file("2026-12-02"),
                MAPPER.writeValueAsString(Map.of(
                                "at",
                                "2026-12-02T01:00:00Z",
                                "who",
                                "shell",
                                "action",
                                "deployment.rollback",
                                "outcome",
                                "success"))
                        + "\n{\"at\":\"2026-12-0",
                StandardOpenOption.CREATE_NEW);

        List<AuditEntry> read = log.since(null, 100);
        assertEquals(
                List.of("deployment.rollback", "deployment.add", "deployment.remove"),
                read.stream().map(AuditEntry::action).toList());
        assertEquals(null, read.get(0).target());
        assertEquals(Map.of(), read.get(0).details());
    }

    @Test
    public void aLineCutShortByACrashIsEndedBeforeTheNextEntry() throws Exception {
        log.record(entry(T0, "deployment.add", "a.jar"));
        log.deactivate();
        Files.writeString(file("2026-12-03"), "{\"at\":\"2026-12-03T10:", StandardOpenOption.APPEND);
        log = newLog(90, T0);
        log.record(entry(T0.plusSeconds(2), "deployment.remove", "a.jar"));
        assertEquals(
                List.of("deployment.add", "deployment.remove"),
                log.since(null, 100).stream().map(AuditEntry::action).toList());
        assertEquals(3, Files.readAllLines(file("2026-12-03")).size());
    }

    @Test
    public void filesAre0600InA0700Folder() throws Exception {
        log.record(entry(T0, "deployment.add", "a.jar"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file("2026-12-03"))));
    }

    @Test
    public void aFileOrFolderOthersCanReadIsFixed() throws Exception {
        log.deactivate();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path today = file("2026-12-03");
        Files.writeString(today, "");
        Files.setPosixFilePermissions(today, PosixFilePermissions.fromString("rw-r--r--"));
        log = newLog(90, T0);
        log.record(entry(T0, "deployment.add", "a.jar"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(today)));
    }

    @Test
    public void filesOlderThanTheRetentionAreDeleted() throws Exception {
        for (String date : List.of("2026-08-01", "2026-09-03", "2026-09-04", "2026-12-03")) {
            Files.writeString(file(date), "");
        }
        Files.writeString(folder.resolve("notes.txt"), "not ours");
        log.deactivate();
        log = newLog(90, T0); // 2026-12-03 minus 90 days is 2026-09-04
        log.prune();
        assertFalse(Files.exists(file("2026-08-01")));
        assertFalse(Files.exists(file("2026-09-03")));
        assertTrue(Files.exists(file("2026-09-04")));
        assertTrue(Files.exists(file("2026-12-03")));
        assertTrue(Files.exists(folder.resolve("notes.txt")));

        log.modified(config(0)); // 0 keeps everything
        log.prune();
        assertTrue(Files.exists(file("2026-09-04")));
        log.modified(config(1));
        log.prune();
        assertFalse(Files.exists(file("2026-09-04")));
        assertTrue(Files.exists(file("2026-12-03")));
    }

    @Test
    public void theRetentionRunsAtStart() throws Exception {
        Files.writeString(file("2020-01-01"), "");
        log.deactivate();
        ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
        log = new JsonLinesAuditLog(new DailyAuditFiles(folder), 90, Clock.fixed(T0, ZoneOffset.UTC), scheduler);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (Files.exists(file("2020-01-01")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertFalse(Files.exists(file("2020-01-01")));
    }

    @Test
    public void concurrentRecordsProduceWholeLines() throws Exception {
        int threads = 8;
        int each = 500;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        // details long enough that a torn write would show
        String padding = "x".repeat(3000);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    log.record(new AuditEntry(
                            T0,
                            "admin",
                            "deployment.add",
                            thread + "/" + i,
                            null,
                            "success",
                            Map.of("padding", padding)));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        List<String> lines = Files.readAllLines(file("2026-12-03"), StandardCharsets.UTF_8);
        assertEquals(threads * each, lines.size());
        Set<String> targets = new HashSet<>();
        for (String line : lines) {
            targets.add(MAPPER.readTree(line).get("target").asText()); // every line parses on its own
        }
        assertEquals(threads * each, targets.size());
        assertEquals(
                JsonLinesAuditLog.MAX_LIMIT < threads * each ? JsonLinesAuditLog.MAX_LIMIT : threads * each,
                log.since(null, Integer.MAX_VALUE).size());
    }

    @Test
    public void aFailureToWriteNeverReachesTheCaller() throws Exception {
        AuditRing full = new AuditRing(10);
        JsonLinesAuditLog failing = new JsonLinesAuditLog(
                new AuditStore() {
                    @Override
                    public void append(AuditEntry entry) throws IOException {
                        throw new IOException("No space left on device");
                    }

                    @Override
                    public AuditReading read(Instant since, int limit) {
                        return full.read(since, limit);
                    }

                    @Override
                    public void prune(LocalDate today, int days) {}

                    @Override
                    public String describe() {
                        return "a full disk";
                    }

                    @Override
                    public void close() {}
                },
                90,
                Clock.fixed(T0, ZoneOffset.UTC),
                null);
        for (int i = 0; i < 100; i++) {
            failing.record(entry(T0, "deployment.add", "a.jar"));
        }
        failing.record(null);
        assertEquals(List.of(), failing.since(null, 10));
    }

    @Test
    public void withoutAHomeTheTrailIsARingInMemory() {
        AuditStore store = JsonLinesAuditLog.storeFor(null);
        assertTrue(store instanceof AuditRing);
        JsonLinesAuditLog memory = new JsonLinesAuditLog(store, 90, Clock.fixed(T0, ZoneOffset.UTC), null);
        for (int i = 0; i < JsonLinesAuditLog.MAX_LIMIT + 3; i++) {
            memory.record(entry(T0.plusMillis(i), "deployment.add", "f" + i));
        }
        List<AuditEntry> all = memory.since(null, Integer.MAX_VALUE);
        assertEquals(JsonLinesAuditLog.MAX_LIMIT, all.size());
        assertEquals("the oldest are dropped", "f3", all.get(0).target());
        assertEquals(
                List.of("f10002"),
                memory.since(T0.plusMillis(10_002), 10).stream()
                        .map(AuditEntry::target)
                        .toList());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static AuditConfiguration config(int days) {
        return new AuditConfiguration() {
            @Override
            public Class<? extends java.lang.annotation.Annotation> annotationType() {
                return AuditConfiguration.class;
            }

            @Override
            public int retention_days() {
                return days;
            }
        };
    }
}
