package dev.ticktape.adapters.ibkr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.InvalidEventException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IbkrParsingTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final IbkrParser parser = new IbkrParser();

    @Test
    void decodesUnsolicitedAndControlMessages() {
        assertThat(parser.decode(Fixtures.text("system-success.json")))
                .isEqualTo(new IbkrWsFrame.SystemMsg("jdoe123", 0));
        assertThat(parser.decode(Fixtures.text("system-heartbeat.json")))
                .isEqualTo(new IbkrWsFrame.SystemMsg(null, 1767204010000L));
        assertThat(parser.decode(Fixtures.text("sts-authenticated.json")))
                .isEqualTo(new IbkrWsFrame.SessionStatus(true, null));
        assertThat(parser.decode(Fixtures.text("sts-not-authenticated.json")))
                .isEqualTo(new IbkrWsFrame.SessionStatus(false, null));
        assertThat(parser.decode(Fixtures.text("sts-competing.json")))
                .isEqualTo(new IbkrWsFrame.SessionStatus(null, false));
        assertThat(parser.decode(Fixtures.text("tic-reply.json"))).isEqualTo(new IbkrWsFrame.TicReply(1767204012345L));
        assertThat(parser.decode(Fixtures.text("waiting-for-session.json")))
                .isEqualTo(new IbkrWsFrame.WaitingForSession());
        assertThat(parser.decode(Fixtures.text("error.json"))).isEqualTo(new IbkrWsFrame.ErrorMsg("unknown"));
        assertThat(parser.decode(Fixtures.text("act.json"))).isEqualTo(new IbkrWsFrame.Other("act"));
        assertThat(parser.decode(Fixtures.text("ntf.json"))).isEqualTo(new IbkrWsFrame.Other("ntf"));
        assertThat(parser.decode(Fixtures.text("blt.json"))).isEqualTo(new IbkrWsFrame.Other("blt"));
        assertThat(parser.decode(Fixtures.text("smd-no-conid.json"))).isInstanceOf(IbkrWsFrame.Other.class);
        assertThatThrownBy(() -> parser.decode("{\"topic\":\"smd+1\",\"conid\":"))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void parsesPrefixedSuffixedAndPercentValues() throws Exception {
        assertThat(IbkrValue.number("C271.84")).isEqualTo(271.84);
        assertThat(IbkrValue.number("H12.40")).isEqualTo(12.40);
        assertThat(IbkrValue.number("17.9%")).isEqualTo(17.9);
        assertThat(IbkrValue.number("10.2K")).isEqualTo(10200.0);
        assertThat(IbkrValue.number("1.5M")).isEqualTo(1_500_000.0);
        assertThat(IbkrValue.number("1,234.5")).isEqualTo(1234.5);
        assertThat(IbkrValue.number("")).isNull();
        assertThat(IbkrValue.number("n/a")).isNull();
        assertThat(IbkrValue.number(MAPPER.readTree("0.04"))).isEqualTo(0.04);
        assertThat(IbkrValue.percentAsFraction(MAPPER.readTree("\"17.9%\"")))
                .isCloseTo(0.179, org.assertj.core.data.Offset.offset(1e-12));
        var stock = (IbkrWsFrame.MarketData) parser.decode(Fixtures.text("smd-stock-halted-formatted.json"));
        assertThat(stock.values().get(IbkrField.LAST)).isEqualTo(193.18);
        // Volume (87) is not a field this adapter reads; its formatted value still parses.
        assertThat(IbkrValue.number(MAPPER.readTree(Fixtures.text("smd-stock-halted-formatted.json"))
                        .get("87")))
                .isEqualTo(10200.0);
    }

    @Test
    void mergesPartialUpdatesIntoTheLastFullState() throws Exception {
        IbkrGreeksBook book = new IbkrGreeksBook();
        List<IbkrOption> held =
                new IbkrAccountParser().positions(MAPPER.readTree(Fixtures.text("rest-positions.json")), "U1234567");
        book.watch(held.get(0));
        assertThat(book.apply(md("smd-option-ids-only.json"), 1767204010600L)).isNull(); // no analytics yet
        Greeks full = book.apply(md("smd-option-greeks.json"), 1767204011100L);
        assertThat(full.venue()).isEqualTo("ibkr");
        assertThat(full.symbol()).isEqualTo("SPXW250116P03975000");
        assertThat(full.account()).isEqualTo("U1234567");
        assertThat(full.tsMs()).isEqualTo(1767204011013L);
        assertThat(full.delta()).isEqualTo(-0.318);
        assertThat(full.theta()).isEqualTo(-1.974);
        assertThat(full.vega()).isEqualTo(3.412);
        assertThat(full.iv()).isCloseTo(0.179, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(full.rho()).isNull();
        assertThat(full.mark()).isEqualTo((41.10 + 41.60) / 2);
        Greeks partial = book.apply(md("smd-option-bid-ask-only.json"), 1767204011600L);
        assertThat(partial.delta()).isEqualTo(-0.318); // unchanged fields kept, not zeroed
        assertThat(partial.iv()).isEqualTo(full.iv());
        assertThat(partial.mark()).isEqualTo((41.00 + 41.50) / 2);
        assertThat(partial.tsMs()).isEqualTo(1767204011514L);
        assertThat(book.apply(md("smd-not-subscribed.json"), 1767204012600L)).isNull();
    }

    @Test
    void marksFrozenAndDelayedGreeksByTheAvailabilityCode() throws Exception {
        IbkrGreeksBook book = new IbkrGreeksBook();
        List<IbkrOption> held =
                new IbkrAccountParser().positions(MAPPER.readTree(Fixtures.text("rest-positions.json")), "U1234567");
        book.watch(held.get(0));
        // No code sent yet: the model's default.
        assertThat(book.apply(md("smd-option-greeks.json"), 1767204011100L).availability())
                .isEqualTo(Greeks.Availability.REALTIME);
        // "DPB": delayed 15-20 minutes; "RpB": realtime again.
        assertThat(book.apply(md("smd-option-delayed.json"), 1767204012800L).availability())
                .isEqualTo(Greeks.Availability.DELAYED);
        assertThat(book.apply(md("smd-option-realtime.json"), 1767204013300L).availability())
                .isEqualTo(Greeks.Availability.REALTIME);
        // After the close: "ZBd" frozen, then "YpB" frozen delayed, which is frozen, not delayed.
        Greeks frozen = book.apply(md("smd-option-frozen.json"), 1767218400300L);
        assertThat(frozen.availability()).isEqualTo(Greeks.Availability.FROZEN);
        assertThat(frozen.delta()).isEqualTo(-0.321);
        assertThat(book.apply(md("smd-option-frozen-delayed.json"), 1767218401300L)
                        .availability())
                .isEqualTo(Greeks.Availability.FROZEN);
        // Not subscribed: nothing published at all.
        assertThat(book.apply(md("smd-not-subscribed.json"), 1767218402000L)).isNull();
    }

    @Test
    void takesUnderlyingPriceFromTheUnderlyingStreamStrippingThePriorClosePrefix() throws Exception {
        IbkrGreeksBook book = new IbkrGreeksBook();
        var contract = dev.ticktape.model.options.OccSymbol.parse("SPY   260116C00600000", "SPY");
        book.watch(new IbkrOption(654371995L, contract, 265598L, "U1"));
        assertThat(book.apply(md("smd-stock-prior-close.json"), 1767190200200L)).isNull();
        assertThat(book.apply(md("smd-option-greeks.json"), 1767204011100L).underlyingPrice())
                .isEqualTo(271.84);
    }

    private IbkrWsFrame.MarketData md(String fixture) {
        return (IbkrWsFrame.MarketData) parser.decode(Fixtures.text(fixture));
    }
}
