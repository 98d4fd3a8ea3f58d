package dev.ticktape.adapters.ibkr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.Side;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's account answers: executions from {@code /iserver/account/trades} and the {@code str} topic, option
 * identity from {@code /trsrv/secdef} and positions, session state.
 */
class IbkrAccountParserTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final IbkrAccountParser parser = new IbkrAccountParser();

    @Test
    void readsTheRestTradeListWithStringAndNumberFields() throws Exception {
        JsonNode list = MAPPER.readTree(Fixtures.text("rest-account-trades.json"));
        IbkrFill opt = parser.fill(list.get(0));
        assertThat(opt)
                .isEqualTo(new IbkrFill(
                        "0000e0d5.6576fd38.01.01",
                        654371995L,
                        "OPT",
                        "SPX",
                        Side.SELL,
                        41.30,
                        2.0,
                        1767191411000L,
                        "U1234567",
                        "risk-hedge-7"));
        IbkrFill stock = parser.fill(list.get(1));
        assertThat(stock.conid()).isEqualTo(265598L);
        assertThat(stock.qty()).isEqualTo(100.0);
        assertThat(stock.side()).isEqualTo(Side.BUY);
        // No trade_time_r: the UTC trade_time string is used.
        assertThat(stock.tsMs())
                .isEqualTo(java.time.Instant.parse("2025-12-31T14:31:02Z").toEpochMilli());
        Execution x = stock.toExecution(null, 5L);
        assertThat(x.symbol()).isEqualTo("AAPL");
        assertThat(x.contract()).isNull();
        assertThat(parser.trades(list).fills()).containsExactly(opt, stock);
    }

    @Test
    void optionExecutionsCarryTheContractFromSecdefAndRefuseWithoutIt() throws Exception {
        List<IbkrOption> defs = parser.secdef(MAPPER.readTree(Fixtures.text("rest-secdef.json")));
        assertThat(defs).hasSize(1); // the stock definition is not an option
        IbkrOption spx = defs.get(0);
        assertThat(spx.conid()).isEqualTo(654371995L);
        assertThat(spx.underlyingConid()).isEqualTo(416904L);
        assertThat(spx.account()).isNull();
        assertThat(spx.contract().occ()).isEqualTo("SPXW  250116P03975000");
        assertThat(spx.contract().expiry()).isEqualTo(LocalDate.of(2025, 1, 16));

        IbkrFill fill = parser.fill(
                MAPPER.readTree(Fixtures.text("rest-account-trades.json")).get(0));
        Execution x = fill.toExecution(spx.contract(), 1767191411500L);
        assertThat(x.venue()).isEqualTo("ibkr");
        assertThat(x.symbol()).isEqualTo("SPXW250116P03975000");
        assertThat(x.contract()).isEqualTo(spx.contract());
        assertThat(x.execId()).isEqualTo("0000e0d5.6576fd38.01.01");
        assertThat(x.recvMs()).isEqualTo(1767191411500L);
        assertThatThrownBy(() -> fill.toExecution(null, 1L))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("no contract");
    }

    @Test
    void theStrTopicCarriesTradeObjectsAndABadOneFailsAlone() {
        IbkrWsFrame f = new IbkrParser().decode(Fixtures.text("str-trades.json"));
        assertThat(f).isInstanceOf(IbkrWsFrame.Trades.class);
        IbkrWsFrame.Trades t = (IbkrWsFrame.Trades) f;
        assertThat(t.fills())
                .singleElement()
                .satisfies(x -> assertThat(x.execId()).isEqualTo("0000e0d5.6576fd3a.01.01"));
        assertThat(t.rejected()).singleElement().satisfies(r -> {
            assertThat(r.error()).hasMessageContaining("execution_id");
            assertThat(r.raw()).doesNotContain("0000e0d5.6576fd3a.01.01");
        });
    }

    @Test
    void rejectsUnknownSidesAndMissingNumbers() throws Exception {
        String base =
                "{\"execution_id\":\"e1\",\"conid\":\"1\",\"price\":\"1.0\",\"size\":1,\"trade_time_r\":1767191411000";
        assertThatThrownBy(() -> parser.fill(MAPPER.readTree(base + ",\"side\":\"X\"}")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("unknown side");
        assertThatThrownBy(
                        () -> parser.fill(MAPPER.readTree(base.replace("\"price\":\"1.0\",", "") + ",\"side\":\"B\"}")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("price");
        assertThatThrownBy(() -> parser.fill(MAPPER.readTree("{\"execution_id\":\"e1\",\"conid\":1,\"price\":\"1\","
                        + "\"size\":1,\"side\":\"B\",\"trade_time\":\"yesterday\"}")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("trade_time");
    }

    @Test
    void readsOpenOptionPositionsToContracts() throws Exception {
        List<IbkrOption> held = parser.positions(MAPPER.readTree(Fixtures.text("rest-positions.json")), "U1234567");
        assertThat(held).extracting(IbkrOption::conid).containsExactly(654371995L, 700000001L);
        assertThat(held.get(0).contract().occ()).isEqualTo("SPXW  250116P03975000");
        assertThat(held.get(0).contract().underlying()).isEqualTo("SPX");
        assertThat(held.get(0).underlyingConid()).isEqualTo(416904L);
        assertThat(held.get(1).contract().occ()).isEqualTo("SPY   260116C00600000");
    }

    @Test
    void restAnswersCarrySessionAndAuthState() throws Exception {
        assertThat(parser.session(MAPPER.readTree(Fixtures.text("rest-tickle.json"))))
                .hasSize(32);
        assertThat(parser.authStatus(MAPPER.readTree(Fixtures.text("rest-auth-status.json")))
                        .authenticated())
                .isTrue();
        assertThat(parser.session(MAPPER.readTree("{}"))).isEmpty();
    }
}
