package dev.ticktape.persistence.postgres;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** Conversions between Java time and PostgreSQL {@code timestamptz} (microsecond precision). */
final class PgTime {
    private PgTime() {}

    /**
     * UTC, truncated to microseconds. PostgreSQL would round the nanoseconds instead, which moves
     * {@code 23:59:59.999999999} into the next day (and the next day's partition).
     */
    static OffsetDateTime utc(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    static OffsetDateTime utcMillis(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    }
}
