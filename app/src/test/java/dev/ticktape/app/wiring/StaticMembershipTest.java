package dev.ticktape.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class StaticMembershipTest {
    @Test
    void sameStatePathGivesTheSameInstanceIdAcrossRestarts() {
        String a = StaticMembership.withInstanceId(new Properties(), "g", Path.of("data/x.duckdb"))
                .getProperty("group.instance.id");
        String b = StaticMembership.withInstanceId(new Properties(), "g", Path.of("data/./x.duckdb"))
                .getProperty("group.instance.id");
        String other = StaticMembership.withInstanceId(new Properties(), "g", Path.of("data/y.duckdb"))
                .getProperty("group.instance.id");
        assertThat(a).startsWith("g-").isEqualTo(b).isNotEqualTo(other);
    }

    @Test
    void anExplicitInstanceIdWins() {
        Properties p = new Properties();
        p.put("group.instance.id", "mine");
        assertThat(StaticMembership.withInstanceId(p, "g", Path.of("x")).getProperty("group.instance.id"))
                .isEqualTo("mine");
    }
}
