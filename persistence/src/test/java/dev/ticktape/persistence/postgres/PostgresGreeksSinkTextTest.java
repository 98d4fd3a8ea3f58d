package dev.ticktape.persistence.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The measures' float8 text: what PostgreSQL parses back must be the very same double. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PostgresGreeksSinkTextTest {

    @Test
    void everyDoubleReadsBackAsItself() {
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            double v = i % 2 == 0 ? Double.longBitsToDouble(random.nextLong()) : random.nextDouble(-5, 5);
            if (Double.isNaN(v) || Double.isInfinite(v)) continue;
            assertThat(Double.parseDouble(PostgresGreeksSink.text(v))).isEqualTo(v);
        }
    }

    @Test
    void handWrittenValues() {
        assertThat(PostgresGreeksSink.text(0.1)).isEqualTo("0.1");
        assertThat(PostgresGreeksSink.text(-0.4321)).isEqualTo("-0.4321");
        assertThat(PostgresGreeksSink.text(450.0)).isEqualTo("450.0");
        assertThat(PostgresGreeksSink.text(Double.MIN_VALUE)).isEqualTo("4.9E-324");
    }

    @Test
    void missingAndSpecialValuesAsPostgresSpellsThem() {
        assertThat(PostgresGreeksSink.text(null)).isNull();
        assertThat(PostgresGreeksSink.text(Double.NaN)).isEqualTo("NaN");
        assertThat(PostgresGreeksSink.text(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(PostgresGreeksSink.text(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }
}
