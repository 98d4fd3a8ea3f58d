package dev.ticktape.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PostgresOptionsTest {
    @Test
    void passwordGoesIntoTheUserInfoEncodedAndIsMaskedForPrinting() {
        String url = PostgresOptions.withPassword("r2dbc:postgresql://app@db:5432/md", "p@ss:w/rd");
        assertThat(url).isEqualTo("r2dbc:postgresql://app:p%40ss%3Aw%2Frd@db:5432/md");
        assertThat(PostgresOptions.masked(url)).isEqualTo("r2dbc:postgresql://app:***@db:5432/md");
        assertThat(PostgresOptions.withPassword("r2dbc:postgresql://app@db/md", null))
                .isEqualTo("r2dbc:postgresql://app@db/md");
    }

    @Test
    void readsHumanDurations() {
        DurationConverter c = new DurationConverter();
        assertThat(c.convert("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(c.convert("36h")).isEqualTo(Duration.ofHours(36));
        assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(c.convert("P30D")).isEqualTo(Duration.ofDays(30));
    }
}
