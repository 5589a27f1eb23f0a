package dev.switchboard.triggers.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.triggers.api.Subscriptions;

/**
 * Readiness, critical: the trigger event store can be written. Every emitted batch and checkpoint is committed to the
 * store before it counts, so a store that cannot be written loses nothing but accepts nothing either. Probed by
 * writing, syncing and deleting a small file beside the store (a full disk, a read-only mount or a folder that went
 * away all fail it), and by the store file being writable. Registered only while the subscription manager runs.
 */
@Component(
        service = HealthCheck.class,
        immediate = true,
        property = {
            HealthCheck.NAME + "=" + EventStoreCheck.NAME,
            HealthCheck.TAGS + "=" + SubscriptionsResumedCheck.READY_TAG,
            HealthCheck.TAGS + "=" + SubscriptionsResumedCheck.PUBLIC_TAG
        })
public final class EventStoreCheck implements HealthCheck {

    static final String NAME = "Event store writable";
    static final String STORE_FILE = "triggers.mv.db";
    static final String PROBE_FILE = ".health-probe";
    private static final Logger LOG = LoggerFactory.getLogger(EventStoreCheck.class);

    private final Path folder;
    /** In cluster mode the store is the cluster database: its state is asked of it, no file is probed. */
    private final ClusterSubscriptions cluster;
    /** The last problem logged, so that a failing store is logged once per change, not on every probe. */
    private volatile String logged;

    @Activate
    public EventStoreCheck(BundleContext context, @Reference Subscriptions subscriptions) {
        this(SubscriptionManager.home(context), subscriptions instanceof ClusterSubscriptions c ? c : null);
    }

    EventStoreCheck(Path folder) {
        this(folder, null);
    }

    private EventStoreCheck(Path folder, ClusterSubscriptions cluster) {
        this.folder = folder;
        this.cluster = cluster;
    }

    @Override
    public Result execute() {
        if (cluster != null) {
            String problem = cluster.storeProblem();
            return problem == null
                    ? new Result(Result.Status.OK, "the trigger store (the cluster database) accepts writes")
                    : new Result(Result.Status.CRITICAL, "the trigger store cannot be written (" + problem + ")");
        }
        String problem = probe(folder);
        if (problem == null) {
            if (logged != null) {
                LOG.info("The trigger store in {} accepts writes again", folder);
                logged = null;
            }
            return new Result(Result.Status.OK, "the trigger store accepts writes");
        }
        if (!problem.equals(logged)) {
            // the path goes to the log only: the readiness answer is public
            LOG.warn("The trigger store in {} cannot be written: {}", folder, problem);
            logged = problem;
        }
        return new Result(
                Result.Status.CRITICAL,
                "the trigger store cannot be written (" + problem + "); the log names the folder");
    }

    /** @return {@code null} when a write reaches the disk, else a short reason without the path */
    static String probe(Path folder) {
        if (!Files.isDirectory(folder)) {
            return "its folder is missing";
        }
        Path store = folder.resolve(STORE_FILE);
        if (Files.exists(store) && !Files.isWritable(store)) {
            return "the store file is read-only";
        }
        Path probe = folder.resolve(PROBE_FILE);
        try {
            try (FileChannel channel = FileChannel.open(
                    probe, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap("probe".getBytes(StandardCharsets.US_ASCII)));
                channel.force(true);
            }
            Files.delete(probe);
            return null;
        } catch (IOException e) {
            return "a write failed: " + e.getClass().getSimpleName();
        }
    }
}
