package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The account side: fills of account-streamer {@code Order} notifications (and {@code /orders/live} items, the
 * same object), the streamer's replies, positions and the quote token answer.
 */
class TastytradeAccountParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final TastytradeAccountParser parser = new TastytradeAccountParser();

    private static JsonNode order(String fixture) throws Exception {
        return MAPPER.readTree(Fixtures.text(fixture)).path("data");
    }

    @Test
    void everyFillOfAnOptionOrderBecomesAnExecutionWithTheOccIdentity() throws Exception {
        TastytradeAccountFrame.Order p = parser.order(order("account-order-filled.json"), 99L);
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
        TastytradeAccountFrame.Order p = parser.order(order("account-order-bad-fill.json"), 1L);
        assertThat(p.executions()).singleElement().satisfies(x -> {
            assertThat(x.symbol()).isEqualTo("AAPL");
            assertThat(x.contract()).isNull();
            assertThat(x.side()).isEqualTo(Side.SELL);
            assertThat(x.qty()).isEqualTo(10.0);
        });
        assertThat(p.rejected())
                .extracting(r -> r.error().reason())
                .containsExactly(RejectReason.WRONG_TYPE, RejectReason.MISSING_FIELD);
        assertThat(p.rejected().get(1).raw()).contains("190.10");
    }

    @Test
    void theStreamerDeliversOrdersAndRepliesAndRefusesWhatIsNotAnObject() throws Exception {
        String text = Fixtures.text("account-order-filled.json");
        assertThat(parser.decode(text, 99L)).isEqualTo(parser.order(order("account-order-filled.json"), 99L));
        assertThat(parser.decode(Fixtures.text("account-connect-ok.json"), 1L))
                .isInstanceOfSatisfying(TastytradeAccountFrame.Reply.class, r -> {
                    assertThat(r.ok()).isTrue();
                    assertThat(r.action()).isEqualTo("connect");
                });
        assertThat(parser.decode(Fixtures.text("account-error-token.json"), 1L))
                .isInstanceOfSatisfying(
                        TastytradeAccountFrame.Reply.class,
                        r -> assertThat(r.error()).isTrue());
        assertThatThrownBy(() -> parser.decode("not json", 1L))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_JSON));
        assertThatThrownBy(() -> parser.decode("[1]", 1L))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.NOT_AN_OBJECT));
    }

    @Test
    void readsOpenEquityOptionPositionsWithStreamerSymbols() throws Exception {
        List<HeldOption> held = parser.positions(MAPPER.readTree(Fixtures.text("positions.json")));
        assertThat(held).extracting(HeldOption::streamerSymbol).containsExactly(".RIVN230609P14", ".SPXW241125P5990");
        assertThat(held.get(0).contract().occ()).isEqualTo("RIVN  230609P00014000");
        assertThat(held.get(0).account()).isEqualTo("5YZ55555");
        assertThat(held.get(1).contract().underlying()).isEqualTo("SPX");
    }

    @Test
    void quoteTokenAnswerCarriesDxlinkUrl() throws Exception {
        var qt = parser.quoteToken(MAPPER.readTree(Fixtures.text("api-quote-tokens.json")));
        assertThat(qt.dxlinkUrl()).startsWith("wss://");
        assertThat(qt.token()).isNotEmpty();
        assertThat(parser.accessToken(MAPPER.readTree("{\"access_token\":\"t1\"}")))
                .isEqualTo("t1");
        assertThat(parser.accessToken(MAPPER.readTree("{}"))).isEmpty();
    }

    @Test
    void anOrderWithoutFillsYieldsNothing() throws Exception {
        JsonNode live = MAPPER.readTree("{\"id\":1,\"account-number\":\"5WT00001\",\"status\":\"Live\",\"legs\":"
                + "[{\"instrument-type\":\"Equity\",\"symbol\":\"AAPL\",\"action\":\"Buy to Open\",\"fills\":[]}]}");
        TastytradeAccountFrame.Order p = parser.order(live, 1L);
        assertThat(p.executions()).isEmpty();
        assertThat(p.rejected()).isEmpty();
    }
}
