package dev.switchboard.triggers.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.cluster.api.ClusterMembership;

/**
 * Which node runs which subscription in cluster mode: leases in the {@code owner} and {@code epoch} columns of
 * {@code sb_subscription}, decided by rendezvous hashing with bounded loads over {@link ClusterMembership#liveNodes()}
 * ({@link #assign}: every live node runs {@code floor(n/k)} or {@code ceil(n/k)} of the {@code n} subscriptions).
 * <p>
 * Each {@link #pass} (every {@code lease.ms}, 500 ms by default) reads every subscription's owner and epoch and, for
 * each one:
 * <ul>
 * <li>whose rendezvous choice among the live nodes is this node, and whose owner is {@code NULL}, DOWN (not live) or
 * this node without a lease held here (a restart): <b>claims</b> it with one {@code UPDATE ... SET owner = self,
 * epoch = epoch + 1 WHERE id = ? AND owner IS NOT DISTINCT FROM <old owner> AND epoch = <old epoch>} (two nodes
 * claiming at once: one update wins, the other matches no row);</li>
 * <li>held here whose choice is another live node (it joined): <b>releases</b> it, the run stopped first
 * ({@link Runs#lost}), then {@code owner = NULL} (fenced by owner and epoch) for the chosen node to claim;</li>
 * <li>held here whose row names another owner or a higher epoch: the lease was lost, the run stops.</li>
 * </ul>
 * <b>Self-fencing</b>: while this node is not among the live nodes (its own heartbeat is stale), or the database could
 * not be read for half the node timeout, every run stops, before another node may claim them (it needs the full node
 * timeout). The store refuses the owner's writes of a lease that was lost ({@link LeaseLostException}) in any case.
 */
final class SubscriptionLeases {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionLeases.class);

    /** What the runs of this node do when a lease comes or goes. */
    interface Runs {

        /** This node now holds the lease: start the subscription's binding and delivery. */
        void acquired(String id);

        /** This node no longer holds the lease (or is about to release it): stop them, and return when stopped. */
        void lost(String id, String reason);
    }

    /** One subscription as the last pass read it. */
    record Lease(String id, String owner, long epoch, long emitted, String state, String reason) {}

    private final ClusterMembership membership;
    private final PostgresTriggerStore store;
    private final Runs runs;
    private final LongSupplier clock;

    /** When the database was last read successfully (clock ms). */
    private long lastRead;
    /** Why this node fenced itself; {@code null} while it works. */
    private volatile String fenced;
    /** What this node last reported of each held run ({@code state\nreason}). */
    private final Map<String, String> reported = new HashMap<>();

    SubscriptionLeases(ClusterMembership membership, PostgresTriggerStore store, Runs runs) {
        this(membership, store, runs, System::currentTimeMillis);
    }

    SubscriptionLeases(ClusterMembership membership, PostgresTriggerStore store, Runs runs, LongSupplier clock) {
        this.membership = membership;
        this.store = store;
        this.runs = runs;
        this.clock = clock;
        this.lastRead = clock.getAsLong();
    }

    String self() {
        return membership.self();
    }

    /** Why this node runs nothing now (its heartbeat is stale, the database unreachable); {@code null} when it runs. */
    String fenced() {
        return fenced;
    }

    /**
     * One pass: claims, releases and drops leases as described above, and returns every subscription's lease as read
     * (before this pass's changes); {@code null} when the database could not be read or this node fenced itself.
     * Not to be called concurrently.
     */
    synchronized List<Lease> pass() {
        String self = membership.self();
        List<String> live;
        List<Lease> leases;
        try {
            live = membership.liveNodes();
            leases = read();
            lastRead = clock.getAsLong();
        } catch (RuntimeException | SQLException e) {
            long silent = clock.getAsLong() - lastRead;
            if (silent > membership.nodeTimeoutMillis() / 2) {
                fence("the cluster database could not be read for " + silent + " ms (" + e.getMessage() + ")");
            } else {
                LOG.debug("Subscription leases not read", e);
            }
            return null;
        }
        if (!live.contains(self)) {
            fence("this node's heartbeat is stale (it is not among the live nodes " + live + ")");
            return null;
        }
        if (fenced != null) {
            LOG.info("Node {} is live again: it claims subscriptions again ({})", self, fenced);
            fenced = null;
        }
        Set<String> present = new HashSet<>();
        Map<String, String> owners = new HashMap<>();
        for (Lease lease : leases) {
            present.add(lease.id());
            owners.put(lease.id(), lease.owner());
        }
        Map<String, String> choices = assign(owners, live);
        for (Lease lease : leases) {
            decide(self, live, lease, choices.get(lease.id()));
        }
        for (String id : held()) {
            if (!present.contains(id)) {
                drop(id, "the subscription was deleted");
            }
        }
        return leases;
    }

    private void decide(String self, List<String> live, Lease lease, String choice) {
        String id = lease.id();
        Long held = store.lease(id);
        if (held != null) {
            if (!self.equals(lease.owner()) || held != lease.epoch()) {
                drop(id, "node " + lease.owner() + " took it over (epoch " + lease.epoch() + ")");
            } else if (!self.equals(choice)) {
                release(id, held, "node " + choice + " takes it over");
            }
            return;
        }
        boolean free = lease.owner() == null || !live.contains(lease.owner()) || self.equals(lease.owner());
        if (self.equals(choice) && free) {
            claim(self, lease);
        }
    }

    private void claim(String self, Lease lease) {
        long epoch;
        try {
            epoch = store.transaction(c -> {
                try (PreparedStatement u = c.prepareStatement("UPDATE sb_subscription SET owner = ?, epoch = epoch + 1 "
                        + "WHERE id = ? AND owner IS NOT DISTINCT FROM ? AND epoch = ? RETURNING epoch")) {
                    u.setString(1, self);
                    u.setString(2, lease.id());
                    u.setString(3, lease.owner());
                    u.setLong(4, lease.epoch());
                    try (ResultSet rs = u.executeQuery()) {
                        return rs.next() ? rs.getLong(1) : -1L;
                    }
                }
            });
        } catch (IllegalStateException e) {
            LOG.debug("Subscription {} not claimed", lease.id(), e);
            return;
        }
        if (epoch < 0) {
            return; // another node claimed it first
        }
        store.hold(lease.id(), epoch);
        LOG.info(
                "Subscription {}: node {} runs it now (epoch {}; was {})",
                lease.id(),
                self,
                epoch,
                lease.owner() == null ? "unowned" : lease.owner());
        runs.acquired(lease.id());
    }

    /** Stops the run here first, then gives the lease up for the chosen node to claim. */
    private void release(String id, long epoch, String reason) {
        String self = membership.self();
        runs.lost(id, reason);
        store.drop(id);
        reported.remove(id);
        try {
            store.transaction(c -> PostgresTriggerStore.update(
                    c,
                    "UPDATE sb_subscription SET owner = NULL WHERE id = ? AND owner = ? AND epoch = ?",
                    id,
                    self,
                    epoch));
            LOG.info("Subscription {}: released by node {} ({})", id, self, reason);
        } catch (IllegalStateException e) {
            // not released: it stays owned by this node's id until the chosen node sees it DOWN... or this node's
            // next pass, which finds it owned by itself without a lease and claims it again if still its choice
            LOG.debug("Subscription {} not released", id, e);
        }
    }

    /** Gives every lease held up (the host stops): each run stopped first, then released for the others. */
    synchronized void releaseAll() {
        for (String id : held()) {
            Long epoch = store.lease(id);
            if (epoch != null) {
                release(id, epoch, "node " + membership.self() + " is stopping");
            }
        }
    }

    private void drop(String id, String reason) {
        runs.lost(id, reason);
        store.drop(id);
        reported.remove(id);
        LOG.info("Subscription {} stops on node {}: {}", id, membership.self(), reason);
    }

    private void fence(String reason) {
        if (fenced == null) {
            LOG.warn("Node {} stops every subscription it runs: {}", membership.self(), reason);
        }
        fenced = reason;
        for (String id : held()) {
            runs.lost(id, "this node fenced itself: " + reason);
            store.drop(id);
        }
        reported.clear();
    }

    private List<String> held() {
        return new ArrayList<>(store.leasedIds());
    }

    /**
     * Writes what the owner's run shows ({@code state}, {@code reason}) for the other nodes' views, when it changed
     * since it was last written; fenced by this node's lease. A failure is retried on the next call.
     */
    void report(String id, String state, String reason) {
        Long epoch = store.lease(id);
        String value = state + "\n" + Objects.toString(reason, "");
        synchronized (this) {
            if (epoch == null || value.equals(reported.get(id))) {
                return;
            }
        }
        try {
            store.transaction(c -> PostgresTriggerStore.update(
                    c,
                    "UPDATE sb_subscription SET run_state = ?, run_reason = ? WHERE id = ? AND owner = ? AND epoch = ?",
                    state,
                    reason,
                    id,
                    membership.self(),
                    epoch));
            synchronized (this) {
                reported.put(id, value);
            }
        } catch (IllegalStateException e) {
            LOG.debug("State of subscription {} not reported", id, e);
        }
    }

    private List<Lease> read() throws SQLException {
        try (Connection c = store.dataSource().getConnection();
                PreparedStatement q = c.prepareStatement(
                        "SELECT id, owner, epoch, emitted, run_state, run_reason FROM sb_subscription");
                ResultSet rs = q.executeQuery()) {
            List<Lease> all = new ArrayList<>();
            while (rs.next()) {
                all.add(new Lease(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getString(5),
                        rs.getString(6)));
            }
            return all;
        }
    }

    /**
     * Which live node runs each subscription, from each one's current owner ({@code null} for none): rendezvous
     * (highest random weight) hashing with bounded loads, sticky to live owners. Every live node gets a share of
     * {@code floor(n/k)} subscriptions, {@code n mod k} of them one more, so counts differ by one at most. First every
     * subscription stays with its owner when the owner is live and its share not full (taken by descending hash, so
     * an owner over its share keeps the same ones on every node); then the others are taken by (subscription, node)
     * hash from the highest down, each by the first node with room. Every node computes the same assignment from the
     * same owners and live nodes, whatever their order. A node that dies leaves only its own subscriptions to move;
     * a node that joins takes its share from the others and nothing else moves. (Plain rendezvous hashing moves as
     * little but spreads 6 subscriptions over 3 nodes as 4, 1 and 1 as often as not.)
     */
    static Map<String, String> assign(Map<String, String> owners, List<String> nodes) {
        Map<String, String> assigned = new HashMap<>();
        if (nodes.isEmpty() || owners.isEmpty()) {
            return assigned;
        }
        List<String> live = nodes.stream().distinct().sorted().toList();
        Shares shares = new Shares(owners.size(), live.size());
        List<Pair> kept = new ArrayList<>();
        owners.forEach((id, owner) -> {
            if (owner != null && live.contains(owner)) {
                kept.add(new Pair(id, owner, score(owner, id)));
            }
        });
        kept.sort(Pair.ORDER);
        for (Pair pair : kept) {
            if (shares.take(pair.node())) {
                assigned.put(pair.id(), pair.node());
            }
        }
        List<Pair> pairs = new ArrayList<>();
        for (String id : owners.keySet()) {
            if (!assigned.containsKey(id)) {
                for (String node : live) {
                    pairs.add(new Pair(id, node, score(node, id)));
                }
            }
        }
        pairs.sort(Pair.ORDER);
        for (Pair pair : pairs) {
            if (!assigned.containsKey(pair.id()) && shares.take(pair.node())) {
                assigned.put(pair.id(), pair.node());
            }
        }
        return assigned;
    }

    /** The nodes' shares of {@link #assign}: {@code floor(n/k)} each, and {@code n mod k} one larger, first come. */
    private static final class Shares {
        private final Map<String, Integer> counts = new HashMap<>();
        private final int floor;
        private int larger;

        Shares(int subscriptions, int nodes) {
            this.floor = subscriptions / nodes;
            this.larger = subscriptions % nodes;
        }

        boolean take(String node) {
            int count = counts.getOrDefault(node, 0);
            if (count < floor || (count == floor && larger > 0)) {
                if (count == floor) {
                    larger--;
                }
                counts.put(node, count + 1);
                return true;
            }
            return false;
        }
    }

    /** One candidate of {@link #assign}: highest score first, ties by node, then subscription id. */
    private record Pair(String id, String node, long score) {
        static final Comparator<Pair> ORDER = (a, b) -> {
            int c = Long.compareUnsigned(b.score, a.score);
            if (c == 0) {
                c = a.node.compareTo(b.node);
            }
            return c != 0 ? c : a.id.compareTo(b.id);
        };
    }

    private static long score(String node, String id) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(node.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
