package dev.ticktape.persistence;

import dev.ticktape.model.features.FeatureDefinition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Writes the feature catalog ({@link FeatureDefinition#CATALOG}) into {@code feature_definitions}, so the table
 * and the computation share one source. Both stores call it on every open, after their migrations: each catalog
 * entry is upserted as active, and a stored definition the catalog no longer lists (an older version) stays with
 * {@code is_active = false}, beside the rows computed with it. The SQL is the same in DuckDB and PostgreSQL.
 */
public final class FeatureDefinitionsSync {
    private static final String DEACTIVATE = "UPDATE feature_definitions SET is_active = FALSE WHERE is_active";
    private static final String UPSERT = "INSERT INTO feature_definitions "
            + "(name, version, description, formula, lookback_bars, is_active) VALUES (?, ?, ?, ?, ?, TRUE) "
            + "ON CONFLICT (name, version) DO UPDATE SET description = excluded.description, "
            + "formula = excluded.formula, lookback_bars = excluded.lookback_bars, is_active = TRUE";

    private FeatureDefinitionsSync() {}

    /** Syncs {@link FeatureDefinition#CATALOG} in one transaction; leaves auto-commit as it found it. */
    public static void sync(Connection c) throws SQLException {
        sync(c, FeatureDefinition.CATALOG);
    }

    static void sync(Connection c, List<FeatureDefinition> catalog) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement();
                PreparedStatement p = c.prepareStatement(UPSERT)) {
            s.executeUpdate(DEACTIVATE);
            for (FeatureDefinition d : catalog) {
                p.setString(1, d.name());
                p.setString(2, d.version());
                p.setString(3, d.description());
                p.setString(4, d.formula());
                p.setInt(5, d.lookbackBars());
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }
}
