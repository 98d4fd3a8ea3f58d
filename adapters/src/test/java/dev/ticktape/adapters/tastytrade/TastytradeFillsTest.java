package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Execution;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Fills of account-streamer {@code Order} notifications (and {@code /orders/live} items, the same object). */
class TastytradeFillsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode order(String fixture) throws Exception {
        return MAPPER.readTree(Fixtures.text(fixture)).path("data");
    }

    @Test
    void everyFillOfAnOptionOrderBecomesAnExecutionWithTheOccIdentity() throws Exception {
        TastytradeFills.Parsed p = TastytradeFills.fromOrder(order("account-order-filled.json"), 99L);
        assertThat(p.rejected()).isEmpty();
        assertThat(p.executions()).hasSize(2);
        Execution x = p.executions().get(0);
        assertThat(x.venue()).isEqualTo("tastytrade");
        assertThat(x.account()).isEqualTo("5WT00001");
        assertThat(x.orderId()).isEqualTo("301778522");
        assertThat(x.execId()).isEqualTo("8_TW::26M2023-06-05-17:40:05.790::1");
        assertThat(x.side()).isEqualTo(Side.BUY);
        assertThat(x.qty()).isEqualTo(1.0);
        assertThat(x.price()).isEqualTo(0.47);
        assertThat(x.tsMs()).isEqualTo(Instant.parse("2023-06-05T17:40:05.790Z").toEpochMilli());
        assertThat(x.recvMs()).isEqualTo(99L);
        assertThat(x.symbol()).isEqualTo("RIVN230609P00014000");
        assertThat(x.contract().underlying()).isEqualTo("RIVN");
        assertThat(x.contract().expiry()).isEqualTo(LocalDate.of(2023, 6, 9));
        assertThat(x.contract().strike()).isEqualTo(14.0);
        assertThat(x.contract().right()).isEqualTo('P');
        assertThat(p.executions().get(1).execId()).endsWith("::2");
    }

    @Test
    void badFillsAreRejectedOneByOneAndTheGoodOnePasses() throws Exception {
        TastytradeFills.Parsed p = TastytradeFills.fromOrder(order("account-order-bad-fill.json"), 1L);
        assertThat(p.executions()).singleElement().satisfies(x -> {
            assertThat(x.symbol()).isEqualTo("AAPL");
            assertThat(x.contract()).isNull();
            assertThat(x.side()).isEqualTo(Side.SELL);
            assertThat(x.qty()).isEqualTo(10.0);
        });
        assertThat(p.rejected()).extracting(r -> r.error().reason())
                .containsExactly(RejectReason.WRONG_TYPE, RejectReason.MISSING_FIELD);
        assertThat(p.rejected().get(1).raw()).contains("190.10");
    }

    @Test
    void anOrderWithoutFillsYieldsNothing() throws Exception {
        JsonNode live = MAPPER.readTree("{\"id\":1,\"account-number\":\"5WT00001\",\"status\":\"Live\",\"legs\":"
                + "[{\"instrument-type\":\"Equity\",\"symbol\":\"AAPL\",\"action\":\"Buy to Open\",\"fills\":[]}]}");
        TastytradeFills.Parsed p = TastytradeFills.fromOrder(live, 1L);
        assertThat(p.executions()).isEmpty();
        assertThat(p.rejected()).isEmpty();
    }
}
