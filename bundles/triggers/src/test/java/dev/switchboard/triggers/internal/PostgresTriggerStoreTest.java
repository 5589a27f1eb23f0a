package dev.switchboard.triggers.internal;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;

/** Cluster mode's store passes the same contract as the embedded one, on a fresh PostgreSQL schema per test. */
class PostgresTriggerStoreTest extends TriggerStoreContract {

    private TestDatabase database;
    private HikariDataSource pool;

    @BeforeEach
    void migrate() throws Exception {
        database = TestDatabase.create();
        pool = TestPool.of(database);
        ClusterSchema.migrate(pool);
    }

    @AfterEach
    void dropSchema() throws Exception {
        pool.close();
        database.drop();
    }

    @Override
    protected TriggerStore open(StoreLimits limits) {
        return new PostgresTriggerStore(pool, null, limits);
    }
}
