package dev.ticktape.persistence.duckdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a stored table, or a time range of it, as Hive-partitioned Parquet or CSV files:
 * {@code OUT/<table>/<venue|broker>=<value>/date=<YYYY-MM-DD>/part-0.parquet}, the layout pandas, polars, DuckDB
 * and Spark read as one dataset with the partition values as columns. DuckDB writes the files itself
 * ({@code COPY ... TO ... (PARTITION_BY ...)}); the partition columns live in the paths, not in the files.
 *
 * <p>DuckDB first writes into an empty staging directory; the files are then moved into place, replacing files of
 * the same name, so a partition that is exported again is replaced and other partitions under {@code OUT} stay.
 */
public final class DuckDbExport {
    private DuckDbExport() {}

    /** The tables that can be exported, with the column they are partitioned by and their time column. */
    public enum Table {
        OHLC_1S("ohlc_1s", "venue", "\"timestamp\"", "venue, symbol, \"timestamp\""),
        OHLC_1M("ohlc_1m", "venue", "\"timestamp\"", "venue, symbol, \"timestamp\""),
        OHLC_5M("ohlc_5m", "venue", "\"timestamp\"", "venue, symbol, \"timestamp\""),
        GREEK_SNAPSHOTS("greek_snapshots", "broker", "ts", "broker, contract_key, ts"),
        EXECUTIONS("executions", "broker", "ts", "broker, ts, exec_id"),
        QUOTIENT_SUMMARIES("quotient_summaries", "venue", "end_ts", "venue, symbol, window_ms, end_ts"),
        INTRADAY_FEATURES(
                "intraday_features",
                "venue",
                "\"timestamp\"",
                "venue, symbol, bar_interval, \"timestamp\", feature_name, version"),
        FEED_STATUS("feed_status", "venue", "ts", "venue, connection, ts"),
        STREAM_STATE("stream_state", "venue", "\"timestamp\"", "venue, symbol, \"timestamp\", run_id"),
        STREAM_ACTIONS("stream_actions", "venue", "\"timestamp\"", "venue, symbol, \"timestamp\", run_id");

        private final String table;
        private final String partitionColumn;
        private final String timeColumn;
        private final String order;

        Table(String table, String partitionColumn, String timeColumn, String order) {
            this.table = table;
            this.partitionColumn = partitionColumn;
            this.timeColumn = timeColumn;
            this.order = order;
        }

        public String tableName() {
            return table;
        }

        /**
         * The first Hive key: {@code venue} for bars, analytics and decisions, {@code broker} for Greeks and
         * executions.
         */
        public String partitionColumn() {
            return partitionColumn;
        }

        public static Table of(String name) {
            for (Table t : values()) if (t.table.equals(name)) return t;
            throw new IllegalArgumentException("table must be one of " + names() + ", got " + name);
        }

        public static String names() {
            return Arrays.stream(values()).map(Table::tableName).collect(Collectors.joining(", "));
        }
    }

    /** Output file format. */
    public enum Format {
        PARQUET,
        CSV;

        public static Format of(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("format must be parquet or csv, got " + name);
            }
        }

        String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What to export: rows with {@code from <= time < to} (UTC) of {@code table}, as {@code format}, under
     * {@code out/<table>}.
     */
    public record Request(Table table, Instant from, Instant to, Format format, Path out) {
        public Request {
            if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
            out = out.toAbsolutePath().normalize();
        }

        /**
         * From text (a missing from/to means unbounded): an instant ({@code 2026-01-02T00:00:00Z}) or a UTC date; as
         * {@code to}, a date includes that whole day.
         */
        public static Request parse(String table, String from, String to, String format, String out) {
            if (out == null || out.isBlank()) throw new IllegalArgumentException("out (a directory) is required");
            return new Request(
                    Table.of(table == null ? "" : table),
                    from == null || from.isBlank() ? Instant.EPOCH : bound(from, false),
                    to == null || to.isBlank() ? Instant.parse("9999-01-01T00:00:00Z") : bound(to, true),
                    Format.of(format == null || format.isBlank() ? "parquet" : format),
                    Path.of(out));
        }

        private static Instant bound(String text, boolean end) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notInstant) {
                try {
                    LocalDate day = LocalDate.parse(text);
                    return (end ? day.plusDays(1) : day)
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(
                            "expected an instant (2026-01-02T00:00:00Z) or a date (2026-01-02), got " + text);
                }
            }
        }
    }

    /** Prepares statements: a plain connection, or a {@link ReadOnlySql.Session} with its timeout. */
    @FunctionalInterface
    public interface Preparer {
        PreparedStatement prepare(String sql) throws SQLException;
    }

    /** What was written: the table's directory, the row count and the files relative to it. */
    public record Result(String table, Path dir, long rows, List<String> files) {}

    /**
     * Runs the {@code COPY} on {@code c} into {@code stagingDir} (which must not exist yet) and returns the row
     * count. {@code c} may be inside a read-only transaction: COPY writes files, not the database.
     */
    public static long copy(Preparer c, Request r, Path stagingDir) throws SQLException {
        String sql = "COPY (SELECT *, CAST(" + r.table().timeColumn + " AS DATE) AS date FROM " + r.table().table
                + " WHERE " + r.table().timeColumn + " >= ? AND " + r.table().timeColumn + " < ? ORDER BY "
                + r.table().order + ") TO '" + stagingDir.toString().replace("'", "''") + "' (FORMAT "
                + r.format().extension() + (r.format() == Format.CSV ? ", HEADER true" : "") + ", PARTITION_BY ("
                + r.table().partitionColumn + ", date), FILENAME_PATTERN 'part-{i}')";
        try {
            Files.createDirectories(stagingDir.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + stagingDir.getParent(), e);
        }
        try (PreparedStatement p = c.prepare(sql)) {
            p.setObject(1, LocalDateTime.ofInstant(r.from(), ZoneOffset.UTC));
            p.setObject(2, LocalDateTime.ofInstant(r.to(), ZoneOffset.UTC));
            p.execute();
            return p.getUpdateCount();
        }
    }

    /** Another process holds the DuckDB file (DuckDB's own lock: one writing process, or readers only). */
    public static final class FileLockedException extends IllegalStateException {
        FileLockedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Exports from the DuckDB file of a stopped instance, opened read-only by this process (staging next to the
     * output, so the final moves are renames).
     *
     * @throws FileLockedException when a running process holds the file
     */
    public static Result exportFile(Path dbFile, Request r) throws SQLException {
        if (!Files.isRegularFile(dbFile)) throw new IllegalArgumentException(dbFile + " does not exist");
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        Connection c;
        try {
            c = DriverManager.getConnection("jdbc:duckdb:" + dbFile.toAbsolutePath(), props);
        } catch (SQLException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Conflicting lock")) {
                throw new FileLockedException(
                        dbFile + " is held by a running process ("
                                + m.substring(m.indexOf("Conflicting lock")).split("\\. See")[0] + ")",
                        e);
            }
            throw e;
        }
        Path staging = r.out().resolve(".ticktape-" + stagingDir(r.out()).getFileName());
        long rows;
        try (c) {
            rows = copy(c::prepareStatement, r, staging);
        }
        return publish(r, staging, rows);
    }

    /** A fresh, not yet existing, staging directory under {@code parent}. */
    public static Path stagingDir(Path parent) {
        return parent.toAbsolutePath().resolve("export-" + UUID.randomUUID());
    }

    /** Moves what {@link #copy} wrote in {@code stagingDir} to {@code out/<table>} and removes the staging dir. */
    public static Result publish(Request r, Path stagingDir, long rows) {
        Path target = r.out().resolve(r.table().table);
        List<String> files = new ArrayList<>();
        try {
            Files.createDirectories(target);
            if (Files.isDirectory(stagingDir)) {
                List<Path> written;
                try (Stream<Path> s = Files.walk(stagingDir)) {
                    written = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : written) {
                    Path rel = stagingDir.relativize(f);
                    Path dest = target.resolve(rel.toString());
                    Files.createDirectories(dest.getParent());
                    Files.move(f, dest, StandardCopyOption.REPLACE_EXISTING);
                    files.add(rel.toString());
                }
            }
            deleteTree(stagingDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move the exported files to " + target + ": " + e.getMessage(), e);
        }
        return new Result(r.table().table, target, rows, files);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
