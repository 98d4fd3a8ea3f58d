package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.adapters.runtime.InflightLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final InflightBudget budget = new InflightBudget(new InflightLimits(2, 1, 1000, 10));
    private final GatewayMetrics metrics = new GatewayMetrics(registry, budget, 3);

    @Test
    void capsDistinctConnectionTags() {
        assertThat(metrics.connectionTag("tcp:127.0.0.1:1")).isEqualTo("tcp:127.0.0.1:1");
        assertThat(metrics.connectionTag("tcp:127.0.0.1:2")).isEqualTo("tcp:127.0.0.1:2");
        assertThat(metrics.connectionTag("file:a.ndjson")).isEqualTo("file:a.ndjson");
        assertThat(metrics.connectionTag("tcp:127.0.0.1:4")).isEqualTo("tcp:other");
        assertThat(metrics.connectionTag("stdin")).isEqualTo("stdin:other");
        assertThat(metrics.connectionTag("tcp:127.0.0.1:1")).isEqualTo("tcp:127.0.0.1:1");
    }

    @Test
    void exposesBudgetAsGauges() {
        budget.acquire(5);
        budget.acquire(5);

        assertThat(registry.get("ticktape.gateway.inflight.records").gauge().value())
                .isEqualTo(2.0);
        assertThat(registry.get("ticktape.gateway.paused").gauge().value()).isEqualTo(1.0);
        assertThat(registry.get("ticktape.gateway.pauses").functionCounter().count())
                .isEqualTo(1.0);
    }
}
