package dev.ticktape.app.access;

import dev.ticktape.persistence.duckdb.ReadOnlySql;
import java.util.Locale;

/** The answer formats of {@code POST /v1/sql}, chosen by {@code Accept} or {@code ?format=}. */
enum SqlFormat {
    JSON("application/json", null),
    CSV("text/csv; charset=utf-8", ReadOnlySql.FileFormat.CSV),
    PARQUET("application/vnd.apache.parquet", ReadOnlySql.FileFormat.PARQUET);

    final String mediaType;
    final ReadOnlySql.FileFormat file;

    SqlFormat(String mediaType, ReadOnlySql.FileFormat file) {
        this.mediaType = mediaType;
        this.file = file;
    }

    /** {@code format} wins over {@code accept}; nothing, or any type, is JSON. */
    static SqlFormat choose(String format, String accept) {
        if (format != null && !format.isBlank()) {
            try {
                return valueOf(format.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("format must be json, csv or parquet, got " + format);
            }
        }
        if (accept == null || accept.isBlank()) return JSON;
        // The first listed type we can serve (quality values are not weighed: clients here ask for one type).
        for (String part : accept.split(",")) {
            String type = part.split(";")[0].trim().toLowerCase(Locale.ROOT);
            switch (type) {
                case "application/json", "*/*", "application/*" -> {
                    return JSON;
                }
                case "text/csv", "text/*" -> {
                    return CSV;
                }
                case "application/vnd.apache.parquet", "application/parquet", "application/x-parquet" -> {
                    return PARQUET;
                }
                default -> {}
            }
        }
        return null;
    }
}
