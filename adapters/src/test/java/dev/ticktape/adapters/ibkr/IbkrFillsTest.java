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

/** Executions from {@code /iserver/account/trades} and the {@code str} topic; option identity from {@code /trsrv/secdef}. */
class IbkrFillsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void readsTheRestTradeListWithStringAndNumberFields() throws Exception {
        JsonNode list = MAPPER.readTree(Fixtures.text("rest-account-trades.json"));
        IbkrFills.Fill opt = IbkrFills.parse(list.get(0));
        assertThat(opt).isEqualTo(new IbkrFills.Fill("0000e0d5.6576fd38.01.01", 654371995L, "OPT", "SPX", Side.SELL,
                41.30, 2.0, 1767191411000L, "U1234567", "risk-hedge-7"));
        IbkrFills.Fill stock = IbkrFills.parse(list.get(1));
        assertThat(stock.conid()).isEqualTo(265598L);
        assertThat(stock.qty()).isEqualTo(100.0);
        assertThat(stock.side()).isEqualTo(Side.BUY);
        // No trade_time_r: the UTC trade_time string is used.
        assertThat(stock.tsMs()).isEqualTo(java.time.Instant.parse("2025-12-31T14:31:02Z").toEpochMilli());
        Execution x = stock.toExecution(null, 5L);
        assertThat(x.symbol()).isEqualTo("AAPL");
        assertThat(x.contract()).isNull();
    }

    @Test
    void optionExecutionsCarryTheContractFromSecdefAndRefuseWithoutIt() throws Exception {
        List<IbkrOption> defs = IbkrPositions.parseSecdef(MAPPER.readTree(Fixtures.text("rest-secdef.json")));
        assertThat(defs).hasSize(1); // the stock definition is not an option
        IbkrOption spx = defs.get(0);
        assertThat(spx.conid()).isEqualTo(654371995L);
        assertThat(spx.underlyingConid()).isEqualTo(416904L);
        assertThat(spx.account()).isNull();
        assertThat(spx.contract().occ()).isEqualTo("SPXW  250116P03975000");
        assertThat(spx.contract().expiry()).isEqualTo(LocalDate.of(2025, 1, 16));

        IbkrFills.Fill fill = IbkrFills.parse(MAPPER.readTree(Fixtures.text("rest-account-trades.json")).get(0));
        Execution x = fill.toExecution(spx.contract(), 1767191411500L);
        assertThat(x.venue()).isEqualTo("ibkr");
        assertThat(x.symbol()).isEqualTo("SPXW250116P03975000");
        assertThat(x.contract()).isEqualTo(spx.contract());
        assertThat(x.execId()).isEqualTo("0000e0d5.6576fd38.01.01");
        assertThat(x.recvMs()).isEqualTo(1767191411500L);
        assertThatThrownBy(() -> fill.toExecution(null, 1L)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("no contract");
    }

    @Test
    void theStrTopicCarriesTradeObjectsAndABadOneFailsAlone() {
        IbkrWsFrame f = new IbkrParser().decode(Fixtures.text("str-trades.json"));
        assertThat(f).isInstanceOf(IbkrWsFrame.Trades.class);
        JsonNode args = ((IbkrWsFrame.Trades) f).args();
        assertThat(IbkrFills.parse(args.get(0)).execId()).isEqualTo("0000e0d5.6576fd3a.01.01");
        assertThatThrownBy(() -> IbkrFills.parse(args.get(1))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("execution_id");
    }

    @Test
    void rejectsUnknownSidesAndMissingNumbers() throws Exception {
        String base = "{\"execution_id\":\"e1\",\"conid\":\"1\",\"price\":\"1.0\",\"size\":1,\"trade_time_r\":1767191411000";
        assertThatThrownBy(() -> IbkrFills.parse(MAPPER.readTree(base + ",\"side\":\"X\"}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("unknown side");
        assertThatThrownBy(() -> IbkrFills.parse(MAPPER.readTree(base.replace("\"price\":\"1.0\",", "") + ",\"side\":\"B\"}")))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("price");
        assertThatThrownBy(() -> IbkrFills.parse(MAPPER.readTree("{\"execution_id\":\"e1\",\"conid\":1,\"price\":\"1\","
                + "\"size\":1,\"side\":\"B\",\"trade_time\":\"yesterday\"}"))).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("trade_time");
    }
}
