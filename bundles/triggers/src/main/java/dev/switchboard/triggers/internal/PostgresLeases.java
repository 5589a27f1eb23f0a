package dev.switchboard.triggers.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leases a node holds on subscriptions (their epochs), and the fence its owner-only writes pass: in the writing
 * transaction, the subscription's row is locked and its {@code owner} and {@code epoch} must still be this node's
 * lease.
 */
final class PostgresLeases {

    /** This node's id; {@code null}: no fencing (a single writer, as in the contract tests). */
    private final String self;
    /** The epoch of each lease this node holds. */
    private final Map<String, Long> held = new ConcurrentHashMap<>();

    PostgresLeases(String self) {
        this.self = self;
    }

    void hold(String id, long epoch) {
        held.put(id, epoch);
    }

    void drop(String id) {
        held.remove(id);
    }

    Long epoch(String id) {
        return held.get(id);
    }

    Set<String> ids() {
        return Set.copyOf(held.keySet());
    }

    void clear() {
        held.clear();
    }

    /**
     * Locks the subscription's row and checks this node's lease on it.
     *
     * @return {@code false} when the subscription does not exist (any more): nothing to write
     * @throws LeaseLostException when another node owns it now, or a later claim raised its epoch
     */
    boolean fence(Connection c, String id) throws SQLException {
        try (PreparedStatement q =
                c.prepareStatement("SELECT owner, epoch FROM sb_subscription WHERE id = ? FOR UPDATE")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                if (self == null) {
                    return true;
                }
                String owner = rs.getString(1);
                long epoch = rs.getLong(2);
                Long lease = held.get(id);
                if (lease == null || lease != epoch || !self.equals(owner)) {
                    throw new LeaseLostException(id, self, lease, owner, epoch);
                }
                return true;
            }
        }
    }
}
