package dev.switchboard.connector.file.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;
import dev.switchboard.connector.api.TriggerContext;
import dev.switchboard.connector.support.Backoff;
import dev.switchboard.connector.support.PollScheduler;
import dev.switchboard.connector.support.Pollers;
import dev.switchboard.connector.support.Polling;
import dev.switchboard.connector.support.TriggerConnection;

/**
 * The {@code fileTrigger} binding, "when a file is created": polls one folder (not recursively) every
 * {@code pollSeconds} for regular files (not symbolic links, not writeFile's temporary files) whose name matches
 * {@code pattern}, and emits the new ones ({@link SeenFiles}) oldest first, one event {@code {path, size,
 * lastModified}} per file, at most {@code trigger.batch.size} per batch. The checkpoint is put after the sink
 * completes. Polling rather than a {@code WatchService}: it works on every file system (network shares included) and
 * a restart resumes from the checkpoint with nothing lost.
 * <p>
 * Where a subscription starts is read when it is created ({@link #startPosition}: the folder's files now, or nothing
 * with {@code includeExisting}) and stored by the host as its first checkpoint, so files created right after the
 * subscription, or while the host is down before the first event, are emitted. A folder that cannot be read reports
 * the subscription FAILING ({@link TriggerContext#failing}) and is polled again after a backoff that doubles up to
 * {@code trigger.backoff.max.ms}.
 */
final class FileCreatedTrigger {

    static final String TYPE = "fileTrigger";
    static final String OPERATION = "whenFileCreated";

    private static final Logger LOG = LoggerFactory.getLogger(FileCreatedTrigger.class);
    private static final String NO_CONNECTION = "the file connector's trigger needs a connection with rootFolder";

    private final int batchSize;
    private final Pollers pollers;
    private final long backoffMaxMs;

    FileCreatedTrigger(int batchSize, PollScheduler scheduler, long backoffMaxMs) {
        this.batchSize = batchSize;
        this.pollers = new Pollers(scheduler);
        this.backoffMaxMs = backoffMaxMs;
    }

    /**
     * Where a new subscription starts: every matching file there now is taken as seen (none with
     * {@code includeExisting}). Reads the folder either way, so a folder that is not there refuses the subscription.
     */
    String startPosition(TriggerContext context) throws IOException {
        FileRoot root = FileRoot.of(TriggerConnection.parameters(context, NO_CONNECTION));
        JsonNode in = context.inputs();
        String folderInput = in.path("folder").asText("");
        Path folder = folderOf(root, folderInput);
        if (in.path("includeExisting").asBoolean(false)) {
            return SeenFiles.empty().toCheckpoint();
        }
        try {
            return SeenFiles.of(scan(
                            folder,
                            FolderListing.matcher("pattern", in.path("pattern").asText(null))))
                    .toCheckpoint();
        } catch (IOException e) {
            throw new ServiceOperationException(
                    503,
                    "FolderUnreadable",
                    "Input 'folder' (" + FileRoot.quote(folderInput) + ") could not be read ("
                            + e.getClass().getSimpleName() + ").");
        }
    }

    /** The trigger's folder, which must exist. */
    private static Path folderOf(FileRoot root, String folderInput) {
        Path folder = root.resolve("folder", folderInput, true);
        if (!Files.isDirectory(folder)) {
            throw new ServiceOperationException(
                    404,
                    "FolderNotFound",
                    "Input 'folder' (" + FileRoot.quote(folderInput) + ") is not an existing folder.");
        }
        return folder;
    }

    AutoCloseable start(TriggerContext context) {
        ConnectionParameters parameters = TriggerConnection.parameters(context, NO_CONNECTION);
        Poller poller;
        try {
            poller = new Poller(context, FileRoot.of(parameters));
        } catch (ServiceOperationException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        Polling polling = pollers.start(TYPE + " of subscription " + context.subscriptionId(), poller::pollOnce);
        poller.polling = polling;
        return polling;
    }

    void closeAll() {
        pollers.closeAll();
    }

    int running() {
        return pollers.running();
    }

    /** The matching regular files of {@code folder} as candidates (a file that vanishes meanwhile is skipped). */
    static List<SeenFiles.Candidate> scan(Path folder, PathMatcher matcher) throws IOException {
        List<SeenFiles.Candidate> candidates = new ArrayList<>();
        for (Path file : FolderListing.regularFiles(folder)) {
            if (matcher != null && !matcher.matches(file.getFileName())) {
                continue;
            }
            try {
                BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
                candidates.add(new SeenFiles.Candidate(
                        file.getFileName().toString(), attrs.lastModifiedTime().toMillis(), attrs.size()));
            } catch (NoSuchFileException e) {
                // deleted between listing and reading
            }
        }
        return candidates;
    }

    /**
     * One poll: emits the next batch of new files through {@code emit} and marks them in {@code seen}; returns how
     * many were emitted (0: nothing new). The caller puts the checkpoint after a non-empty batch.
     */
    static int pollOnce(FileRoot root, Path folder, PathMatcher matcher, SeenFiles seen, int batchSize, Emitter emit)
            throws Exception {
        List<SeenFiles.Candidate> batch = seen.newFiles(scan(folder, matcher), batchSize);
        if (batch.isEmpty()) {
            return 0;
        }
        List<JsonNode> events = new ArrayList<>(batch.size());
        for (SeenFiles.Candidate c : batch) {
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            event.put("path", root.relative(folder.resolve(c.name())));
            event.put("size", c.size());
            event.put("lastModified", Instant.ofEpochMilli(c.lastModified()).toString());
            events.add(event);
        }
        emit.emit(events);
        batch.forEach(seen::mark);
        return batch.size();
    }

    /** Emits a batch and returns once it is stored (throws otherwise). */
    @FunctionalInterface
    interface Emitter {
        void emit(List<JsonNode> events) throws Exception;
    }

    private final class Poller {
        private final TriggerContext context;
        private final FileRoot root;
        private final Path folder;
        private final String folderInput;
        private final PathMatcher matcher;
        private final long pollMillis;
        private final boolean includeExisting;
        private SeenFiles seen; // only touched by pollOnce, which never runs twice at once
        /** Polls in a row that could not read the folder (0: reading). */
        private int failures;

        private String lastFailure;
        private volatile Polling polling;

        Poller(TriggerContext context, FileRoot root) {
            this.context = context;
            this.root = root;
            JsonNode in = context.inputs();
            this.folderInput = in.path("folder").asText("");
            this.folder = folderOf(root, folderInput);
            this.matcher = FolderListing.matcher("pattern", in.path("pattern").asText(null));
            this.pollMillis = Math.max(50, (long) (in.path("pollSeconds").asDouble(5) * 1000));
            this.includeExisting = in.path("includeExisting").asBoolean(false);
        }

        /** One poll: at most one batch, emitted and checkpointed; returns when to poll again. */
        long pollOnce() {
            try {
                if (seen == null) {
                    seen = position();
                }
                int emitted = FileCreatedTrigger.pollOnce(
                        root,
                        folder,
                        matcher,
                        seen,
                        batchSize,
                        events -> context.sink()
                                .emit(events)
                                .toCompletableFuture()
                                .get(60, TimeUnit.SECONDS));
                if (failures > 0) {
                    LOG.info(
                            "fileTrigger of subscription {} on folder {}: the folder can be read again",
                            context.subscriptionId(),
                            FileRoot.quote(folderInput));
                    failures = 0;
                    lastFailure = null;
                    context.recovered();
                }
                if (emitted > 0) {
                    context.checkpoints().put(seen.toCheckpoint());
                }
                return emitted < batchSize ? pollMillis : 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing: no next poll
                return pollMillis;
            } catch (IOException e) {
                return readFailed(e);
            } catch (Exception e) {
                if (!closed()) {
                    // a failed emit leaves seen as it was: the same files are tried again
                    LOG.warn(
                            "fileTrigger of subscription {} on folder {}: {}; polling again",
                            context.subscriptionId(),
                            FileRoot.quote(folderInput),
                            e.getClass().getSimpleName());
                }
                return Math.max(pollMillis, 1000);
            }
        }

        /** Reports the subscription FAILING (once per distinct reason in the log); returns the backoff. */
        private long readFailed(IOException e) {
            if (closed()) {
                return pollMillis;
            }
            failures++;
            String reason = "Input 'folder' (" + FileRoot.quote(folderInput) + ") cannot be read ("
                    + e.getClass().getSimpleName() + ")";
            Backoff backoff = new Backoff(Math.max(pollMillis, 1000), backoffMaxMs);
            long delay = backoff.delay(failures);
            if (!reason.equals(lastFailure)) {
                LOG.warn(
                        "fileTrigger of subscription {}: {}; polling again in {} ms, then less and less often (up "
                                + "to every {} ms) until it can read",
                        context.subscriptionId(),
                        reason,
                        delay,
                        backoff.maxMs());
            }
            lastFailure = reason;
            context.failing(reason);
            return delay;
        }

        /**
         * From the checkpoint (the start the host stored at creation, or the files emitted); without one (a host that
         * stores no start), everything there now is seen (unless includeExisting) and put.
         */
        private SeenFiles position() throws IOException {
            String checkpoint = context.checkpoints().get();
            if (checkpoint != null) {
                return SeenFiles.parse(checkpoint);
            }
            if (includeExisting) {
                return SeenFiles.empty();
            }
            SeenFiles seen = SeenFiles.of(scan(folder, matcher));
            // put at once, so files created before the first event but while the host is down are not skipped
            context.checkpoints().put(seen.toCheckpoint());
            return seen;
        }

        private boolean closed() {
            Polling p = polling;
            return p != null && p.isClosed();
        }
    }
}
