package dev.ticktape.topology.query;

import static dev.ticktape.topology.greeks.GreeksHarness.T0;
import static dev.ticktape.topology.greeks.GreeksHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Greeks;
import dev.ticktape.topology.greeks.GreeksHarness;
import dev.ticktape.topology.greeks.GreeksKeys;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GreeksQueriesTest {
    private static final long TS = T0 - 10_000;
    private static final String AAPL = "AAPL  240119C00190000";
    private static final String MSFT = "MSFT  240119P00380000";
    private final GreeksHarness h = new GreeksHarness();

    @BeforeEach
    void load() {
        send("tastytrade", "ACC1", "AAPL", AAPL);
        send("tastytrade", "ACC2", "MSFT", MSFT);
        send("ibkr", "U123", "AAPL", AAPL);
        send("ib", "U9", "MSFT", MSFT); // a broker whose name prefixes another's must not leak into "ibkr"
    }

    @AfterEach
    void close() {
        h.close();
    }

    private void send(String broker, String account, String underlying, String occ) {
        h.greeks.pipeInput(GreeksKeys.of(broker, occ), json(broker, account, underlying, occ, TS, 0.5));
    }

    private List<String> scan(String broker, String account, String underlying) {
        return GreeksQueries.scan(h.latestStore(), new GreeksFilter(broker, account, underlying), GreeksHarness.CODEC)
                .stream()
                .map(g -> g.venue() + "|" + g.contract().occ())
                .toList();
    }

    @Test
    void returnsEverySnapshotOrderedByBrokerAndContract() {
        assertThat(scan(null, null, null))
                .containsExactly("ib|" + MSFT, "ibkr|" + AAPL, "tastytrade|" + AAPL, "tastytrade|" + MSFT);
    }

    @Test
    void filtersByBrokerAccountAndUnderlying() {
        assertThat(scan("IBKR", null, null)).containsExactly("ibkr|" + AAPL);
        assertThat(scan("tastytrade", "ACC2", null)).containsExactly("tastytrade|" + MSFT);
        assertThat(scan(null, null, "aapl")).containsExactly("ibkr|" + AAPL, "tastytrade|" + AAPL);
        assertThat(scan("ibkr", null, "MSFT")).isEmpty();
    }

    @Test
    void filterTreatsBlankAsAny() {
        Greeks g = GreeksHarness.decode(json("ibkr", "U1", "AAPL", AAPL, TS, 0.5));
        assertThat(new GreeksFilter(" ", "", null).matches(g)).isTrue();
        assertThat(new GreeksFilter(null, "U2", null).matches(g)).isFalse();
    }
}
