package dev.switchboard.connector.sql.internal;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

import dev.switchboard.connector.api.ServiceOperationException;

/**
 * Turns JDBC failures into {@link ServiceOperationException}s with a status a caller can act on. A message may carry
 * the driver's text for statement errors (scrubbed of the connection string and password), never for connection
 * errors, whose text tends to repeat the URL.
 */
final class SqlFailures {

    /** H2's ErrorCode.ADMIN_RIGHTS_REQUIRED, its SQLState too. */
    static final String H2_ADMIN_RIGHTS_REQUIRED = "90040";

    private SqlFailures() {}

    /** A failure while running a statement on {@code key}'s database. */
    static ServiceOperationException statementFailure(SQLException e, PoolKey key) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (isConnectionProblem(e, state)) {
            return new ServiceOperationException(
                    503, "DatabaseUnavailable", "The database could not be reached" + stateOf(e) + ".", null);
        }
        if (e instanceof SQLTimeoutException || "57014".equals(state) || "HYT00".equals(state)) {
            return new ServiceOperationException(
                    504, "QueryTimeout", "The statement took too long and was cancelled" + stateOf(e) + ".", null);
        }
        if (H2_ADMIN_RIGHTS_REQUIRED.equals(state)) {
            return new ServiceOperationException(
                    400,
                    "StatementNotAllowed",
                    "The statement needs H2 admin rights,"
                            + " which statements sent through the sql connector never have: reading or writing files"
                            + " (FILE_READ, FILE_WRITE, CSVREAD, CSVWRITE, RUNSCRIPT, SCRIPT, BACKUP), Java code (CREATE ALIAS,"
                            + " CREATE TRIGGER, CREATE AGGREGATE), other databases (LINK_SCHEMA, CREATE LINKED TABLE), users"
                            + " and database-wide SET commands are refused. Put database-wide settings such as MODE into the"
                            + " connection string (the sql connector's README lists those it accepts).",
                    null);
        }
        String text = scrub(e.getMessage(), key);
        if (isUnknownObject(state)) {
            return new ServiceOperationException(404, "NotFound", "SQL error" + stateOf(e) + ": " + text, null);
        }
        return new ServiceOperationException(400, "SqlError", "SQL error" + stateOf(e) + ": " + text, null);
    }

    /** A failure while opening a pool: the database cannot be reached or refused the login. */
    static ServiceOperationException connectFailure(Throwable e, PoolKey key) {
        SQLException sql = findSql(e);
        String why = sql != null
                        && ((sql.getSQLState() != null && sql.getSQLState().startsWith("28"))
                                || sql instanceof SQLInvalidAuthorizationSpecException)
                ? "The database refused the login"
                : "The database could not be reached";
        return new ServiceOperationException(
                503, "DatabaseUnavailable", why + (sql == null ? "" : stateOf(sql)) + ".", null);
    }

    /** {@code " (SQLState X)"}, or nothing when there is none. */
    static String stateOf(Throwable e) {
        SQLException sql = findSql(e);
        return sql == null || sql.getSQLState() == null ? "" : " (SQLState " + sql.getSQLState() + ")";
    }

    private static boolean isConnectionProblem(SQLException e, String state) {
        return state.startsWith("08")
                || state.startsWith("28")
                || e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException;
    }

    private static boolean isUnknownObject(String state) {
        // undefined table / column: SQL standard (H2, MariaDB) and PostgreSQL's own codes
        return switch (state) {
            case "42S02", "42S22", "42P01", "42703", "42Y07", "42X05" -> true;
            default -> false;
        };
    }

    private static SQLException findSql(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The message without the connection string or the password in it. */
    static String scrub(String message, PoolKey key) {
        if (message == null) {
            return "";
        }
        String text = message.replace(key.connectionString(), "***");
        if (key.password() != null && key.password().length() >= 3) {
            text = text.replace(key.password(), "***");
        }
        return text;
    }
}
