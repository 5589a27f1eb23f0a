package dev.switchboard.triggers.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.switchboard.cluster.internal.schema.TestDatabase;

/** A connection pool on a test schema, as the cluster bundle gives a node (HikariCP), so that tests run at its pace. */
final class TestPool {

    private TestPool() {}

    static HikariDataSource of(TestDatabase database) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.url());
        config.setUsername(database.user());
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(0);
        return new HikariDataSource(config);
    }
}
