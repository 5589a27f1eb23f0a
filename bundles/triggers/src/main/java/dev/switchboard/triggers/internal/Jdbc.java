package dev.switchboard.triggers.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The JDBC plumbing of {@link PostgresTriggerStore}: reads on an auto-commit connection, transactions committed when
 * their work returns and rolled back when it throws, and the one-row queries the store's SQL is made of. A
 * {@link SQLException} leaves as an {@link IllegalStateException} that names the SQLState (never the URL).
 */
final class Jdbc {

    /** Work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Reads (auto-commit). */
    <T> T query(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    /** One transaction: committed when {@code work} returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    static int update(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement u = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                u.setObject(i + 1, values[i]);
            }
            return u.executeUpdate();
        }
    }

    /** The first column of the first row as a number, 0 when there is no row. */
    static long single(Connection c, String sql, String id) throws SQLException {
        Long value = number(c, sql, id);
        return value == null ? 0 : value;
    }

    /** The first column of the first row as a number, {@code null} when there is no row. */
    static Long number(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The first column of the first row as text, {@code null} when there is no row. */
    static String text(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static IllegalStateException unavailable(SQLException e) {
        return new IllegalStateException(
                "the cluster database could not be used (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
    }
}
