package dev.ticktape.persistence.postgres;

import dev.ticktape.persistence.JdbcReconciliationStore;
import dev.ticktape.persistence.ReconciliationStore;
import dev.ticktape.persistence.ReconciliationStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;

/** The store contract on PostgreSQL (Flyway V8), in a fresh database. */
class PostgresReconciliationStoreIT extends ReconciliationStoreContract {
    private final PostgresFixture pg = PostgresFixture.get();
    private String url;
    private PostgresDatabase db;

    @Override
    protected ReconciliationStore store() {
        url = pg.createDatabase();
        db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
        return JdbcReconciliationStore.postgres(db);
    }

    @AfterEach
    void drop() {
        if (db != null) db.close();
        if (url != null) pg.dropDatabase(url);
    }
}
