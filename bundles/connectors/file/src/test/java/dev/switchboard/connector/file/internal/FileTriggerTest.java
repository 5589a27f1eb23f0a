package dev.switchboard.connector.file.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.testkit.OperationSchemas;
import dev.switchboard.connector.testkit.RecordingTriggerContext;
import dev.switchboard.connector.testkit.TestPollScheduler;

/** The checkpoint logic ({@link SeenFiles}) and the fileTrigger binding with an in-memory sink and checkpoint. */
public class FileTriggerTest {

    private static final OperationSchemas SCHEMAS =
            OperationSchemas.of(FileConnector.manifest().operations());

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T = 1_700_000_000_000L;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Path rootDir;
    private FileRoot root;
    private FileConnector connector;
    private TestPollScheduler scheduler;

    @Before
    public void setUp() throws Exception {
        rootDir = tmp.newFolder("root").toPath();
        Files.createDirectories(rootDir.resolve("inbox"));
        root = FileRoot.of(rootDir.toString());
        scheduler = new TestPollScheduler("switchboard-fileTrigger", 2);
        connector = new FileConnector(new Limits(1024, 1024, 100, 2), scheduler);
    }

    @After
    public void tearDown() {
        connector.deactivate();
        scheduler.close();
    }

    private static SeenFiles.Candidate c(String name, long t) {
        return new SeenFiles.Candidate(name, t, 1);
    }

    private static List<String> names(List<SeenFiles.Candidate> files) {
        return files.stream().map(SeenFiles.Candidate::name).toList();
    }

    /* ---- SeenFiles: what is new, and the checkpoint ------------------------------------------------------------ */

    @Test
    public void emptyStateTakesEveryFileOldestFirstInBatches() {
        SeenFiles seen = SeenFiles.empty();
        List<SeenFiles.Candidate> listed = List.of(c("b", T + 5), c("a", T + 5), c("z", T), c("m", T + 9));
        assertEquals(List.of("z", "a"), names(seen.newFiles(listed, 2)));
        assertEquals(List.of("z", "a", "b", "m"), names(seen.newFiles(listed, 100)));
    }

    @Test
    public void markedFilesAreNotNewAndTheWindowIsPruned() {
        SeenFiles seen = SeenFiles.empty();
        seen.mark(c("old", T - 10_000));
        seen.mark(c("a", T));
        seen.mark(c("b", T));
        assertEquals(T, seen.watermark());
        assertEquals(Map.of("a", T, "b", T), seen.names()); // "old" is beyond the grace window
        List<SeenFiles.Candidate> listed = List.of(
                c("old", T - 10_000),
                c("a", T),
                c("b", T),
                c("same-time", T),
                c("late", T - 1_500),
                c("too-late", T - SeenFiles.GRACE_MS - 1),
                c("newer", T + 1));
        assertEquals(List.of("late", "same-time", "newer"), names(seen.newFiles(listed, 100)));
    }

    @Test
    public void checkpointRoundTripsAndIsCompact() throws Exception {
        SeenFiles seen = SeenFiles.empty();
        for (int i = 0; i < 1000; i++) {
            seen.mark(c("f" + i, T + i * 1000L)); // one a second: only the last two seconds are remembered
        }
        String checkpoint = seen.toCheckpoint();
        JsonNode json = MAPPER.readTree(checkpoint);
        assertEquals(T + 999_000L, json.get("watermark").asLong());
        assertEquals(3, json.get("names").size());
        SeenFiles back = SeenFiles.parse(checkpoint);
        assertEquals(seen.watermark(), back.watermark());
        assertEquals(seen.names(), back.names());
        assertFalse(back.isNew(c("f999", T + 999_000L)));
        assertFalse(back.isNew(c("f5", T + 5_000L)));
        assertTrue(back.isNew(c("g", T + 999_000L)));
        assertEquals(SeenFiles.empty().toCheckpoint(), SeenFiles.parse(null).toCheckpoint());
        try {
            SeenFiles.parse("{\"nope\":1}");
            fail("accepted");
        } catch (java.io.IOException expected) {
            // a foreign checkpoint is refused, not taken as empty
        }
    }

    @Test
    public void aFailedEmitLeavesTheStateSoTheFilesAreTriedAgain() throws Exception {
        Path inbox = rootDir.resolve("inbox");
        Files.writeString(inbox.resolve("a.txt"), "a");
        SeenFiles seen = SeenFiles.empty();
        try {
            FileCreatedTrigger.pollOnce(root, inbox, null, seen, 10, events -> {
                throw new IllegalStateException("store down");
            });
            fail("the failure was swallowed");
        } catch (IllegalStateException expected) {
            // emit failed
        }
        assertEquals(Long.MIN_VALUE, seen.watermark());
        List<JsonNode> got = new ArrayList<>();
        assertEquals(1, FileCreatedTrigger.pollOnce(root, inbox, null, seen, 10, got::addAll));
        assertEquals("inbox/a.txt", got.get(0).get("path").asText());
        assertEquals(1, got.get(0).get("size").asInt());
        assertTrue(got.get(0).get("lastModified").asText().endsWith("Z"));
        assertEquals(0, FileCreatedTrigger.pollOnce(root, inbox, null, seen, 10, got::addAll));
    }

    @Test
    public void aRestartFromTheCheckpointNeitherLosesNorRepeats() throws Exception {
        Path inbox = rootDir.resolve("inbox");
        for (int i = 0; i < 3; i++) {
            Path f = Files.writeString(inbox.resolve("f" + i), "x");
            Files.setLastModifiedTime(f, FileTime.fromMillis(T + i));
        }
        SeenFiles seen = SeenFiles.empty();
        List<JsonNode> got = new ArrayList<>();
        FileCreatedTrigger.pollOnce(root, inbox, null, seen, 10, got::addAll);
        String checkpoint = seen.toCheckpoint();
        // "down": two files arrive, one with the same time as the newest emitted, one with a later time
        Files.setLastModifiedTime(Files.writeString(inbox.resolve("g-same"), "x"), FileTime.fromMillis(T + 2));
        Files.setLastModifiedTime(Files.writeString(inbox.resolve("h-later"), "x"), FileTime.fromMillis(T + 60_000));
        SeenFiles resumed = SeenFiles.parse(checkpoint);
        got.clear();
        FileCreatedTrigger.pollOnce(root, inbox, null, resumed, 10, got::addAll);
        assertEquals(
                List.of("inbox/g-same", "inbox/h-later"),
                got.stream().map(e -> e.get("path").asText()).toList());
    }

    @Test
    public void scanSkipsFoldersLinksTemporaryFilesAndNonMatchingNames() throws Exception {
        Path inbox = rootDir.resolve("inbox");
        Files.writeString(inbox.resolve("a.csv"), "a");
        Files.writeString(inbox.resolve("b.txt"), "b");
        Files.createDirectories(inbox.resolve("dir.csv"));
        Files.writeString(inbox.resolve(FileActions.TEMP_PREFIX + "1.tmp"), "half");
        Files.createSymbolicLink(inbox.resolve("link.csv"), inbox.resolve("a.csv"));
        assertEquals(
                List.of("a.csv"), names(FileCreatedTrigger.scan(inbox, FolderListing.matcher("pattern", "*.csv"))));
        assertEquals(2, FileCreatedTrigger.scan(inbox, null).size());
    }

    /* ---- the binding ------------------------------------------------------------------------------------------- */

    private RecordingTriggerContext context(ObjectNode inputs, String checkpoint) {
        return RecordingTriggerContext.of(
                "file",
                "whenFileCreated",
                connector.getBindingConnectionInformation(
                        "whenFileCreated", ConnectionParameters.of(Map.of("rootFolder", rootDir.toString()))),
                inputs,
                checkpoint);
    }

    /* ---- issue 11: the start is fixed at subscribe time; a folder that cannot be read is FAILING ------------- */

    @Test
    public void filesCreatedAfterTheStartIsFixedAndBeforeTheFirstPollAreEmitted() throws Exception {
        Path inbox = rootDir.resolve("inbox");
        Files.writeString(inbox.resolve("existing.csv"), "old");
        String start = connector.startPosition(context(inputs(",\"pattern\":\"*.csv\""), null));
        assertTrue(start, SeenFiles.parse(start).names().containsKey("existing.csv"));

        // created (201), then files arrive before the binding's first poll, or while the host is down
        Files.writeString(inbox.resolve("right-after.csv"), "1");
        Files.writeString(inbox.resolve("while-down.csv"), "2");
        RecordingTriggerContext ctx = context(inputs(",\"pattern\":\"*.csv\""), start); // stored with it
        try (AutoCloseable handle = connector.start(ctx)) {
            await("2 events", () -> ctx.events().size() >= 2);
            Thread.sleep(200);
        }
        assertEquals(
                java.util.Set.of("inbox/right-after.csv", "inbox/while-down.csv"),
                ctx.events().stream().map(e -> e.get("path").asText()).collect(java.util.stream.Collectors.toSet()));
        assertEquals(2, ctx.events().size());
        assertEquals(
                "no baseline put over the stored start", "emit 2", ctx.log().get(0));
    }

    @Test
    public void includeExistingStartsEmptyAndAMissingFolderRefusesTheStart() throws Exception {
        Files.writeString(rootDir.resolve("inbox/existing.csv"), "old");
        assertEquals(
                SeenFiles.empty().toCheckpoint(),
                connector.startPosition(context(inputs(",\"includeExisting\":true"), null)));
        ObjectNode missing = inputs("");
        missing.put("folder", "nope");
        try {
            connector.startPosition(context(missing, null));
            fail("refused");
        } catch (dev.switchboard.connector.api.ServiceOperationException e) {
            assertEquals(404, e.getStatusCode());
            assertEquals("FolderNotFound", e.getCode());
        }
    }

    @Test
    public void aFolderThatCannotBeReadIsFailingWithABackoffThenActiveAgain() throws Exception {
        connector.deactivate();
        connector = new FileConnector(new Limits(1024, 1024, 100, 2, false, 1000), scheduler);
        Path inbox = rootDir.resolve("inbox");
        RecordingTriggerContext ctx = context(inputs(""), SeenFiles.empty().toCheckpoint());
        try (AutoCloseable handle = connector.start(ctx)) {
            Thread.sleep(200);
            Files.delete(inbox);
            await("FAILING", () -> !ctx.failures().isEmpty());
            assertTrue(ctx.failures().get(0), ctx.failures().get(0).contains("'inbox'"));
            Thread.sleep(1500);
            assertTrue(
                    "polled at most every second while failing: "
                            + ctx.failures().size(),
                    ctx.failures().size() <= 3);
            Files.createDirectories(inbox);
            Files.writeString(inbox.resolve("back.txt"), "b");
            await("the file after recovery", () -> !ctx.events().isEmpty());
        }
        assertEquals(1, ctx.recoveries());
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        await(what, Duration.ofSeconds(10), done);
    }

    private static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private ObjectNode inputs(String extra) throws Exception {
        ObjectNode in = (ObjectNode) MAPPER.readTree("{\"folder\":\"inbox\",\"pollSeconds\":0.05" + extra + "}");
        SCHEMAS.assertValidInputs("whenFileCreated", in);
        return in;
    }

    @Test
    public void bindingEmitsNewFilesThenCheckpointsAndStopsOnClose() throws Exception {
        Path inbox = rootDir.resolve("inbox");
        Files.writeString(inbox.resolve("existing.csv"), "old");
        RecordingTriggerContext ctx = context(inputs(",\"pattern\":\"*.csv\""), null);
        AutoCloseable handle = connector.start(ctx);
        await("the initial checkpoint", () -> ctx.checkpoint() != null);
        assertEquals(1, ctx.log().size()); // existing files are taken as seen, and that is put at once
        assertTrue(ctx.log().toString(), ctx.log().get(0).startsWith("put "));
        for (int i = 0; i < 3; i++) {
            Files.writeString(inbox.resolve("new" + i + ".csv"), "n" + i);
        }
        Files.writeString(inbox.resolve("ignored.txt"), "x");
        await("3 events", () -> ctx.events().size() >= 3);
        Thread.sleep(200);
        assertEquals(3, ctx.events().size());
        List<String> paths =
                ctx.events().stream().map(e -> e.get("path").asText()).sorted().toList();
        assertEquals(List.of("inbox/new0.csv", "inbox/new1.csv", "inbox/new2.csv"), paths);
        // batches of at most 2 (trigger.batch.size), each followed by its checkpoint
        for (int i = 1; i < ctx.log().size(); i += 2) {
            assertTrue(ctx.log().toString(), ctx.log().get(i).startsWith("emit "));
            assertTrue(ctx.log().toString(), ctx.log().get(i + 1).startsWith("put "));
        }
        SCHEMAS.assertValidOutputs("whenFileCreated", MAPPER.valueToTree(ctx.events()));
        assertEquals(1, connector.trigger().running());
        handle.close();
        assertEquals(0, connector.trigger().running());

        // restarted from its checkpoint: nothing again, then only what is new
        RecordingTriggerContext again = context(inputs(",\"pattern\":\"*.csv\""), ctx.checkpoint());
        AutoCloseable second = connector.start(again);
        Files.writeString(inbox.resolve("later.csv"), "l");
        await("the later file", () -> again.events().size() >= 1);
        Thread.sleep(200);
        assertEquals(1, again.events().size());
        assertEquals("inbox/later.csv", again.events().get(0).get("path").asText());
        second.close();
    }

    @Test
    public void includeExistingEmitsWhatIsThere() throws Exception {
        Files.writeString(rootDir.resolve("inbox/a"), "a");
        RecordingTriggerContext ctx = context(inputs(",\"includeExisting\":true"), null);
        try (AutoCloseable handle = connector.start(ctx)) {
            await("the existing file", () -> ctx.events().size() == 1);
            assertEquals("emit 1", ctx.log().get(0));
        }
    }

    @Test
    public void aBadFolderOrRootFailsTheStart() throws Exception {
        for (String folder : new String[] {"../x", "missing"}) {
            ObjectNode in = inputs("");
            in.put("folder", folder);
            try {
                connector.start(context(in, null));
                fail(folder + " started");
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage(), expected.getMessage().contains("'folder'"));
            }
        }
        assertEquals(0, connector.trigger().running());
        assertNull(connector.getBindingConnectionInformation("readFile", ConnectionParameters.empty()));
    }

    /* ---- many subscriptions, few threads ----------------------------------------------------------------------- */

    private static int liveThreads() {
        return (int) Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .count();
    }

    private static long pollThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("switchboard-fileTrigger"))
                .count();
    }

    @Test
    public void fifteenHundredSubscriptionsPollOnTwoThreadsUntilClosed() throws Exception {
        Path inbox = rootDir.resolve("inbox");
        ObjectNode in = (ObjectNode) MAPPER.readTree("{\"folder\":\"inbox\",\"pollSeconds\":0.5}");
        SCHEMAS.assertValidInputs("whenFileCreated", in);
        int before = liveThreads();
        List<RecordingTriggerContext> contexts = new ArrayList<>();
        List<AutoCloseable> handles = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            RecordingTriggerContext ctx = context(in, null);
            contexts.add(ctx);
            handles.add(connector.start(ctx));
        }
        assertEquals(1500, connector.trigger().running());
        await(
                "every initial checkpoint",
                Duration.ofSeconds(60),
                () -> contexts.stream().allMatch(c -> c.checkpoint() != null));
        int during = liveThreads();
        assertTrue("threads before " + before + ", with 1500 subscriptions " + during, during - before <= 4);
        assertTrue(pollThreads() <= 2);
        for (String name : new String[] {"a.csv", "b.csv"}) { // the polls go on, for every subscription
            Files.writeString(inbox.resolve(name), name);
            int expected = name.equals("a.csv") ? 1 : 2;
            await(
                    "every subscription emitting " + name,
                    Duration.ofSeconds(60),
                    () -> contexts.stream().allMatch(c -> c.events().size() >= expected));
        }
        assertTrue(liveThreads() - before <= 4);
        for (AutoCloseable handle : handles) {
            handle.close();
        }
        assertEquals(0, connector.trigger().running());
        Files.writeString(inbox.resolve("c.csv"), "c");
        Thread.sleep(1500); // three poll intervals
        for (RecordingTriggerContext ctx : contexts) {
            assertEquals(ctx.log().toString(), 2, ctx.events().size());
        }
    }

    @Test
    public void aSubscriptionWaitingForItsSinkDelaysNoOtherAndClosesAtOnce() throws Exception {
        Path inbox = rootDir.resolve("inbox");
        CompletableFuture<Void> never = new CompletableFuture<>();
        // the store does not answer: the poll waits (up to 60 s) on one thread
        RecordingTriggerContext stuck =
                context(inputs(",\"includeExisting\":true"), null).answerEmitsWith(never);
        Files.writeString(inbox.resolve("first"), "1");
        AutoCloseable stuckHandle = connector.start(stuck);
        await("the stuck emit", () -> !stuck.log().isEmpty());
        RecordingTriggerContext other = context(inputs(""), null);
        try (AutoCloseable handle = connector.start(other)) {
            await("the other's checkpoint", () -> other.checkpoint() != null);
            for (int i = 0; i < 3; i++) {
                Files.writeString(inbox.resolve("more" + i), "m");
                int expected = i + 1;
                await("the other's event " + i, () -> other.events().size() == expected);
            }
        }
        long start = System.nanoTime();
        stuckHandle.close(); // interrupts the wait
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
        Thread.sleep(300);
        assertEquals(List.of("emit 1"), stuck.log()); // no checkpoint for what was not stored, no poll after close
        assertEquals(0, connector.trigger().running());
    }

    @Test
    public void stoppingTheConnectorStopsItsPolls() throws Exception {
        RecordingTriggerContext ctx = context(inputs(""), null);
        connector.start(ctx);
        await("the checkpoint", () -> ctx.checkpoint() != null);
        assertTrue(pollThreads() >= 1);
        connector.deactivate();
        assertEquals(0, connector.trigger().running());
        Files.writeString(rootDir.resolve("inbox/after"), "x");
        Thread.sleep(300);
        assertEquals(1, ctx.log().size());
        assertTrue(ctx.log().toString(), ctx.log().get(0).startsWith("put "));
    }
}
