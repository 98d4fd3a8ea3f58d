package dev.ticktape.persistence.duckdb;

import dev.ticktape.persistence.JdbcReconciliationStore;
import dev.ticktape.persistence.ReconciliationStore;
import dev.ticktape.persistence.ReconciliationStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class DuckDbReconciliationStoreTest extends ReconciliationStoreContract {
    @TempDir
    Path dir;

    private DuckDbDatabase db;

    @Override
    protected ReconciliationStore store() throws Exception {
        db = DuckDbDatabase.open(dir.resolve("r.duckdb"));
        return JdbcReconciliationStore.duckdb(db);
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) db.close();
    }
}
