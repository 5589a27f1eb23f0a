package dev.switchboard.triggers.internal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.switchboard.cluster.internal.schema.ClusterSchema;
import dev.switchboard.cluster.internal.schema.TestDatabase;

/** Cluster mode's store passes the same contract as the embedded one, on a fresh PostgreSQL schema per test. */
class PostgresTriggerStoreTest extends TriggerStoreContract {

    private TestDatabase database;

    @BeforeEach
    void migrate() throws Exception {
        database = TestDatabase.create();
        ClusterSchema.migrate(database.dataSource());
    }

    @AfterEach
    void dropSchema() throws Exception {
        database.drop();
    }

    @Override
    protected TriggerStore open(StoreLimits limits) {
        return new PostgresTriggerStore(database.dataSource(), null, limits);
    }
}
