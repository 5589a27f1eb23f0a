package dev.switchboard.connector.sql.internal;

import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.connector.api.ConnectionParameters;
import dev.switchboard.connector.api.ServiceOperationException;

/**
 * What makes two connections share a pool: the connection parameters that reach the database. Holds secrets, so
 * {@link #toString()} shows none of them.
 */
final class PoolKey {

    static final String CONNECTION_STRING = "connectionString";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String MAX_POOL_SIZE = "maxPoolSize";

    static final int DEFAULT_MAX_POOL_SIZE = 10;
    static final int LIMIT_MAX_POOL_SIZE = 100;

    private final String connectionString;
    private final String username;
    private final String password;
    private final int maxPoolSize;

    PoolKey(String connectionString, String username, String password, int maxPoolSize) {
        this.connectionString = Objects.requireNonNull(connectionString);
        this.username = username;
        this.password = password;
        this.maxPoolSize = maxPoolSize;
    }

    /** @throws ServiceOperationException 400 when the connection string is missing or maxPoolSize is not 1-100 */
    static PoolKey of(ConnectionParameters parameters) {
        String url = parameters.getRequired(CONNECTION_STRING).trim();
        String user = parameters.getString(USERNAME);
        String password = parameters.getString(PASSWORD);
        return new PoolKey(
                url,
                user == null || user.isEmpty() ? null : user,
                password == null || password.isEmpty() ? null : password,
                maxPoolSize(parameters.get(MAX_POOL_SIZE)));
    }

    private static int maxPoolSize(JsonNode node) {
        if (node == null || node.isNull() || node.asText().isBlank()) {
            return DEFAULT_MAX_POOL_SIZE;
        }
        int size;
        try {
            size = node.isNumber() && node.canConvertToExactIntegral()
                    ? node.intValue()
                    : Integer.parseInt(node.asText().trim());
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > LIMIT_MAX_POOL_SIZE) {
            throw new ServiceOperationException(
                    400,
                    "InvalidConnectionParameter",
                    "The connection parameter 'maxPoolSize' must be an integer from 1 to " + LIMIT_MAX_POOL_SIZE + ".");
        }
        return size;
    }

    String connectionString() {
        return connectionString;
    }

    String username() {
        return username;
    }

    String password() {
        return password;
    }

    int maxPoolSize() {
        return maxPoolSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolKey other
                && connectionString.equals(other.connectionString)
                && Objects.equals(username, other.username)
                && Objects.equals(password, other.password)
                && maxPoolSize == other.maxPoolSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(connectionString, username, password, maxPoolSize);
    }

    /** No values: they are secrets. */
    @Override
    public String toString() {
        return "PoolKey[maxPoolSize=" + maxPoolSize + "]";
    }
}
