package dev.ticktape.adapters.tastytrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TastytradeParserTest {
    private final TastytradeParser parser = new TastytradeParser(DxLinkMessages.EVENT_FIELDS);

    @Test
    void decodesControlMessages() {
        assertThat(parser.decode(Fixtures.text("setup-server.json")))
                .isEqualTo(new TastytradeWsFrame.Setup(60, "1.0-1.2.1-20240722-153442"));
        assertThat(parser.decode(Fixtures.text("auth-state-unauthorized.json")))
                .isEqualTo(new TastytradeWsFrame.AuthState(false));
        assertThat(parser.decode(Fixtures.text("auth-state-authorized.json")))
                .isEqualTo(new TastytradeWsFrame.AuthState(true));
        assertThat(parser.decode(Fixtures.text("channel-opened.json")))
                .isEqualTo(new TastytradeWsFrame.ChannelOpened(3));
        assertThat(parser.decode(Fixtures.text("channel-closed.json")))
                .isEqualTo(new TastytradeWsFrame.ChannelClosed(3));
        assertThat(parser.decode(Fixtures.text("keepalive.json"))).isEqualTo(new TastytradeWsFrame.Keepalive());
        assertThat(parser.decode(Fixtures.text("error-timeout.json")))
                .isInstanceOfSatisfying(
                        TastytradeWsFrame.Error.class,
                        e -> assertThat(e.error()).isEqualTo("TIMEOUT"));
        assertThat(parser.decode(Fixtures.text("feed-config-no-fields.json")))
                .isInstanceOfSatisfying(
                        TastytradeWsFrame.FeedConfig.class,
                        c -> assertThat(c.eventFields()).isEmpty());
    }

    @Test
    void decodesGreeksByConfirmedFieldListWithTwoRecordsPerArray() {
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        List<DxRecord> rs = data("feed-data-greeks.json");
        assertThat(rs).hasSize(2);
        DxRecord call = rs.get(0);
        assertThat(call.symbol()).isEqualTo(".SPY260116C600");
        assertThat(call.number("volatility")).isEqualTo(0.2214);
        assertThat(call.number("delta")).isEqualTo(0.9612);
        assertThat(call.number("rho")).isEqualTo(0.0651);
        assertThat(call.number("vega")).isEqualTo(0.0815);
        assertThat(call.time("time")).isEqualTo(1768230000123L);
        assertThat(call.time("eventTime")).isZero();
        assertThat(rs.get(1).number("delta")).isEqualTo(-0.4171);
    }

    @Test
    void decodesQuoteTradeAndSummaryWithNaN() {
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        List<DxRecord> quotes = data("feed-data-quote.json");
        assertThat(quotes).extracting(DxRecord::symbol).containsExactly(".SPY260116C600", "SPY");
        assertThat(quotes.get(1).number("askPrice")).isEqualTo(691.86);
        DxRecord trade = data("feed-data-trade.json").get(0);
        assertThat(trade.number("price")).isEqualTo(691.85);
        assertThat(trade.values().get("tickDirection")).isEqualTo("UP");
        assertThat(trade.values().get("extendedTradingHours")).isEqualTo(false);
        DxRecord summary = data("feed-data-summary-nan.json").get(0);
        assertThat(summary.number("dayClosePrice")).isNull();
        assertThat((Double) summary.values().get("dayClosePrice")).isNaN();
        assertThat(summary.number("prevDayClosePrice")).isEqualTo(89.35);
    }

    @Test
    void readsGreeksQuoteAndTradeEventsFromTheirRecords() {
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        assertThat(parser.toEvent(data("feed-data-greeks.json").get(0)))
                .isEqualTo(new DxEvent.Greeks(
                        ".SPY260116C600", 1768230000123L, 92.31, 0.2214, 0.9612, 0.0018, -0.1322, 0.0651, 0.0815));
        assertThat(parser.toEvent(data("feed-data-quote.json").get(1)))
                .isEqualTo(new DxEvent.Quote("SPY", 691.84, 691.86));
        assertThat(parser.toEvent(data("feed-data-trade.json").get(0))).isEqualTo(new DxEvent.Trade("SPY", 691.85));
        assertThat(parser.toEvent(data("feed-data-summary-nan.json").get(0))).isNull(); // not used by the adapter
    }

    @Test
    void greeksWithoutCalculationTimeTakeTheEventTimeElseNone() {
        parser.decode(Fixtures.text("feed-config-greeks-without-rho.json"));
        DxEvent.Greeks none = (DxEvent.Greeks)
                parser.toEvent(data("feed-data-greeks-without-rho.json").get(1));
        assertThat(none.timeMs()).isZero(); // neither time nor eventTime in this field list
        assertThat(none.volatility()).isNull(); // "NaN"
        assertThat(none.gamma()).isNull(); // "Infinity"
        assertThat(none.vega()).isEqualTo(0.3101);
        DxRecord eventTimeOnly =
                new DxRecord("Greeks", ".SPY260116C600", Map.of("time", 0.0, "eventTime", 1768230000456.0));
        assertThat(((DxEvent.Greeks) parser.toEvent(eventTimeOnly)).timeMs()).isEqualTo(1768230000456L);
    }

    @Test
    void fallsBackToRequestedFieldsWhenServerConfirmsNone() {
        TastytradeParser platform = new TastytradeParser(
                Map.of("Trade", List.of("eventType", "eventSymbol", "price", "dayVolume", "size")));
        platform.decode(Fixtures.text("feed-config-no-fields.json"));
        var frame = (TastytradeWsFrame.FeedData) platform.decode(Fixtures.text("feed-data-trade-platform.json"));
        assertThat(frame.records()).extracting(DxRecord::symbol).containsExactly("SPY", "BTC/USD:CXTALP");
        assertThat(frame.records().get(0).number("dayVolume")).isEqualTo(1.3743299E7);
        assertThat(frame.records().get(1).number("size")).isNull();
        assertThat(frame.records().get(1).number("price")).isEqualTo(58356.71);
    }

    @Test
    void decodesCompactRecordsWithMissingFieldsNaNAndInfinity() {
        parser.decode(Fixtures.text("feed-config-greeks-without-rho.json"));
        List<DxRecord> rs = data("feed-data-greeks-without-rho.json");
        assertThat(rs).hasSize(2);
        assertThat(rs.get(0).number("rho")).isNull();
        assertThat(rs.get(0).number("theta")).isEqualTo(-0.1322);
        assertThat(rs.get(1).number("volatility")).isNull();
        assertThat(rs.get(1).number("gamma")).isNull();
        assertThat(rs.get(1).number("vega")).isEqualTo(0.3101);
    }

    @Test
    void acceptsLegacyNestedDataShape() {
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        assertThat(data("feed-data-legacy-nested.json"))
                .extracting(DxRecord::symbol)
                .containsExactly(".SPY260116C600");
    }

    @Test
    void confirmedFieldsAreForgottenOnReset() {
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        parser.reset();
        // Back to this client's requested Greeks list (11 fields): the 13-field tastyware records no longer fit.
        assertThatThrownBy(() -> parser.decode(Fixtures.text("feed-data-greeks.json")))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void rejectsUnevenRecordsFullFormatAndTruncatedFrames() {
        parser.decode(Fixtures.text("feed-config-tastyware-fields.json"));
        assertThatThrownBy(() -> parser.decode(Fixtures.text("malformed-feed-data-uneven.json")))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_VALUE));
        assertThatThrownBy(() -> parser.decode(Fixtures.text("feed-data-full.json")))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> parser.decode(Fixtures.text("malformed-truncated.json")))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_JSON));
    }

    private List<DxRecord> data(String fixture) {
        return ((TastytradeWsFrame.FeedData) parser.decode(Fixtures.text(fixture))).records();
    }
}
