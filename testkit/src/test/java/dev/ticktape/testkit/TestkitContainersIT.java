package dev.ticktape.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The platform on a real Kafka broker and a real PostgreSQL server in containers (the images compose/compose.yaml
 * uses), through the testkit: where a Docker engine answers. Elsewhere it is reported as skipped, with a line in the
 * build log saying so.
 */
@ExtendWith(DockerSkipNotice.class)
@Testcontainers(disabledWithoutDocker = true)
class TestkitContainersIT {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.3.1");

    @Container
    static final PostgreSQLContainer POSTGRES = new PostgreSQLContainer("postgres:17-alpine");

    // Registered after the containers' extension, so the containers are up when the platform starts.
    @RegisterExtension
    static TicktapeExtension ticktape = TicktapeExtension.kafka(KAFKA::getBootstrapServers)
            .postgres(() -> "r2dbc:postgresql://" + POSTGRES.getUsername() + ":" + POSTGRES.getPassword() + "@"
                    + POSTGRES.getHost() + ":" + POSTGRES.getFirstMappedPort() + "/" + POSTGRES.getDatabaseName())
            .build();

    @Test
    @Timeout(120)
    void tradesBecomeBarsInBothStoresOnContainerizedKafkaAndPostgres() throws Exception {
        long second = System.currentTimeMillis() / 1000 * 1000;
        ticktape.send(
                Ndjson.trade("AAPL", second + 10, 190.0, 10),
                Ndjson.trade("AAPL", second + 20, 191.0, 5),
                Ndjson.trade("AAPL", second + 30, 189.5, 5));

        JsonNode bar = ticktape.awaitBar("ndjson", "AAPL", second);
        assertThat(bar.path("trades").asInt()).isEqualTo(3);
        assertThat(bar.path("volume").asDouble()).isEqualTo(20.0);

        // The PostgreSQL sink runs on its own consumer group: its row arrives on its own time.
        try (Connection c =
                DriverManager.getConnection(POSTGRES.getJdbcUrl(), POSTGRES.getUsername(), POSTGRES.getPassword())) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptions()
                    .until(() -> storedTrades(c, "AAPL") == 3);
        }
    }

    private static long storedTrades(Connection c, String symbol) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT coalesce(sum(trades), 0) FROM ohlc_1s WHERE symbol = '" + symbol + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
