package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import dev.ticktape.persistence.AnalyticsSinkContract;
import dev.ticktape.persistence.EventSink;
import dev.ticktape.persistence.FeatureQueries;
import dev.ticktape.persistence.SummaryQueries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The summary, feature and status contract against PostgreSQL, in a fresh database per test; storage days are the
 * day partitions (for features, those of the interval partitions).
 */
class PostgresAnalyticsSinkContractIT extends AnalyticsSinkContract {
    private static final Pattern DAY_PARTITION = Pattern.compile("_p(\\d{8})$");

    private final PostgresFixture pg = PostgresFixture.get();
    private String url;
    private PostgresDatabase db;

    @Override
    protected EventSink<Summary> openSummarySink(Clock clock) {
        if (db == null) {
            url = pg.createDatabase();
            db = PostgresDatabase.open(PostgresConfig.of(url), new SimpleMeterRegistry());
        }
        return new PostgresSummarySink(db, clock);
    }

    @Override
    protected EventSink<FeatureSet> openFeatureSink(Clock clock) {
        return new PostgresFeatureSink(db, clock);
    }

    @Override
    protected EventSink<Status> openStatusSink(Clock clock) {
        return new PostgresStatusSink(db, clock);
    }

    @Override
    protected SummaryQueries summaryQueries() {
        return new PostgresSummaryQueries(db);
    }

    @Override
    protected FeatureQueries featureQueries() {
        return new PostgresFeatureQueries(db);
    }

    @Override
    protected Connection connection() throws SQLException {
        return pg.jdbc(url);
    }

    @Override
    protected String epochMs(String timeExpression) {
        return "(extract(epoch FROM " + timeExpression + ") * 1000)::bigint";
    }

    @Override
    protected Map<String, Long> rowsPerStorageDay(String table) throws SQLException {
        Map<String, Long> out = new LinkedHashMap<>();
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery(
                        "SELECT tableoid::regclass::text, count(*) FROM " + table + " GROUP BY 1 ORDER BY 1")) {
            while (r.next()) {
                Matcher m = DAY_PARTITION.matcher(r.getString(1));
                String day = m.find()
                        ? LocalDate.parse(m.group(1), DateTimeFormatter.BASIC_ISO_DATE)
                                .toString()
                        : "default";
                out.merge(day, r.getLong(2), Long::sum);
            }
        }
        return out;
    }

    /** Each interval's features land in that interval's day partitions, never in a DEFAULT one. */
    @Override
    protected void checkStorageOfTheMidnightBatches() throws Exception {
        try (Connection c = pg.jdbc(url);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT tableoid::regclass::text, count(*) FROM intraday_features "
                        + "GROUP BY 1 ORDER BY 1")) {
            Map<String, Long> partitions = new LinkedHashMap<>();
            while (r.next()) partitions.put(r.getString(1), r.getLong(2));
            assertThat(partitions)
                    .containsExactly(
                            Map.entry("intraday_features_1m_p20240502", 3L),
                            Map.entry("intraday_features_1s_p20240501", 3L));
        }
        assertThat(db.partitions().days("intraday_features_1s")).contains(LocalDate.parse("2024-05-01"));
    }

    @Override
    protected void closeDatabase() {
        if (db != null) db.close();
        db = null;
        if (url != null) pg.dropDatabase(url);
    }
}
