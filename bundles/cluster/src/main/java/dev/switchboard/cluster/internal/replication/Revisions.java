package dev.switchboard.cluster.internal.replication;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Draws the next cluster revision ({@code sb_revision}) under a transaction-scoped advisory lock, so that writes commit
 * in revision order: a reader that has seen revision N never finds a lower one committed afterwards (a plain sequence
 * hands out numbers in order but transactions may commit out of order, and {@code revision > N} would miss one).
 */
final class Revisions {

    /** The advisory lock's key: {@code 'swbr'} as an int (the schema's lock is {@code 'swbd'}). */
    private static final long LOCK = 0x73776272L;

    private Revisions() {}

    /** Locks and draws; {@code c} must be in a transaction, which the caller commits after its write. */
    static long next(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            try (ResultSet rs = s.executeQuery("SELECT nextval('sb_revision')")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
