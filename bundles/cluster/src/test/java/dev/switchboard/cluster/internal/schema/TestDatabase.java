package dev.switchboard.cluster.internal.schema;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A schema of its own in the test PostgreSQL ({@code SWITCHBOARD_TEST_POSTGRES_URL}, default the local {@code test}
 * database as {@code postgres}), dropped by {@link #drop}: tests running at once never see each other's tables.
 */
public final class TestDatabase {

    private final String url;
    private final Properties credentials;
    private final String schema;

    private TestDatabase(String url, Properties credentials, String schema) {
        this.url = url;
        this.credentials = credentials;
        this.schema = schema;
    }

    public static TestDatabase create() throws SQLException {
        String url = setting("SWITCHBOARD_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
        Properties credentials = new Properties();
        credentials.setProperty("user", setting("SWITCHBOARD_TEST_POSTGRES_USER", "postgres"));
        String password = setting("SWITCHBOARD_TEST_POSTGRES_PASSWORD", "");
        if (!password.isEmpty()) {
            credentials.setProperty("password", password);
        }
        String schema =
                "sb_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, credentials);
                Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return new TestDatabase(url, credentials, schema);
    }

    /** The JDBC URL of this schema (its tables are found without a prefix). */
    public String url() {
        return url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String user() {
        return credentials.getProperty("user");
    }

    public String schema() {
        return schema;
    }

    /** A data source opening a new connection each time (tests only). */
    public DataSource dataSource() {
        return new SimpleDataSource(url(), credentials);
    }

    public void drop() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, credentials);
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static String setting(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private record SimpleDataSource(String url, Properties credentials) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            return DriverManager.getConnection(url, credentials);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return DriverManager.getConnection(url, username, password);
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {}

        @Override
        public void setLoginTimeout(int seconds) {}

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }
}
