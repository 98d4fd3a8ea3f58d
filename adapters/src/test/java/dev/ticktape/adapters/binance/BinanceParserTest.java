package dev.ticktape.adapters.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.BookUpdate.Level;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.Trade;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinanceParserTest {
    private static final long RECV = 1767225700000L;
    private final BinanceParser parser = new BinanceParser();

    private BinanceWsFrame decode(String fixture) {
        return parser.decode(Fixtures.text(fixture));
    }

    @Test
    void decodesRawTradeWithBuyAggressor() {
        var f = (BinanceWsFrame.Trade) decode("trade-raw.json");
        Trade t = parser.toTrade(f, RECV, "ws:binance/CONN0");
        assertThat(t)
                .isEqualTo(new Trade(
                        "binance",
                        "BTCUSDT",
                        1767225600122L,
                        RECV,
                        94210.55,
                        0.0127,
                        Side.BUY,
                        "5321047711",
                        "ws:binance/CONN0"));
    }

    @Test
    void buyerMakerTradeIsSellInitiated() {
        var f = (BinanceWsFrame.Trade) decode("trade-combined.json");
        assertThat(parser.toTrade(f, RECV, "s").side()).isEqualTo(Side.SELL);
    }

    @Test
    void ignoresUnknownFields() {
        var f = (BinanceWsFrame.Trade) decode("trade-unknown-fields.json");
        assertThat(f)
                .isEqualTo(new BinanceWsFrame.Trade(
                        "BTCUSDT", 1767225600123L, 5321047711L, "94210.55000000", "0.01270000", 1767225600122L, false));
    }

    @Test
    void decodesAggTrade() {
        assertThat(decode("aggtrade-combined.json"))
                .isEqualTo(new BinanceWsFrame.AggTrade(
                        "BTCUSDT",
                        1767225600140L,
                        3481220095L,
                        "94210.54000000",
                        "0.00410000",
                        5321047712L,
                        5321047714L,
                        1767225600139L,
                        true));
    }

    @Test
    void closedOneSecondKlineBecomesBar() {
        var k = (BinanceWsFrame.Kline) decode("kline-1s-closed.json");
        Bar bar = parser.toBar(k, RECV, "live:BTCUSDT");
        assertThat(bar.interval()).isEqualTo(BarInterval.S1);
        assertThat(bar.tsMs()).isEqualTo(1767225600000L);
        assertThat(bar.open()).isEqualTo(94210.55);
        assertThat(bar.high()).isEqualTo(94211.40);
        assertThat(bar.low()).isEqualTo(94210.10);
        assertThat(bar.close()).isEqualTo(94211.02);
        assertThat(bar.volume()).isEqualTo(0.84311);
        assertThat(bar.trades()).isEqualTo(20);
        assertThat(bar.vwap()).isCloseTo(79431.71602511 / 0.84311, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void openKlineIsNotFinalAndGivesNoBar() {
        var k = (BinanceWsFrame.Kline) decode("kline-1m-open.json");
        assertThat(k.interval()).isEqualTo("1m");
        assertThat(k.lastTradeId()).isEqualTo(5321048950L);
        assertThat(parser.toBar(k, RECV, "s")).isNull();
    }

    @Test
    void bookTickerWithoutEventTimeUsesReceiveTime() {
        var f = (BinanceWsFrame.BookTicker) decode("bookticker-combined.json");
        assertThat(f.updateId()).isEqualTo(71246339120L);
        assertThat(parser.toQuote(f, RECV))
                .isEqualTo(new Quote("binance", "BTCUSDT", RECV, RECV, 94187.99, 1.7321, 94188.0, 0.52184));
    }

    @Test
    void depthUpdateBecomesDeltaWithSequenceRange() {
        var f = (BinanceWsFrame.DepthUpdate) decode("depthupdate-combined.json");
        BookUpdate d = parser.toDelta(f, RECV);
        assertThat(d.kind()).isEqualTo(BookUpdate.Kind.DELTA);
        assertThat(d.firstSeq()).isEqualTo(71246339121L);
        assertThat(d.lastSeq()).isEqualTo(71246339140L);
        assertThat(d.tsMs()).isEqualTo(1767225634105L);
        assertThat(d.bids()).containsExactly(new Level(94187.99, 1.7011), new Level(94185.0, 0.0));
        assertThat(d.asks()).containsExactly(new Level(94188.0, 0.6102));
    }

    @Test
    void partialDepthTakesSymbolFromStreamName() {
        var f = (BinanceWsFrame.PartialDepth) decode("partialdepth5-combined.json");
        assertThat(f.symbol()).isEqualTo("BTCUSDT");
        assertThat(f.lastUpdateId()).isEqualTo(71246339140L);
        assertThat(f.bids()).hasSize(5);
        assertThat(f.asks().get(4)).isEqualTo(new Level(94189.99, 0.033));
    }

    @Test
    void decodesServerShutdownRawAndCombined() {
        assertThat(decode("servershutdown-combined.json")).isEqualTo(new BinanceWsFrame.ServerShutdown(1767312000000L));
        assertThat(decode("servershutdown-raw.json")).isEqualTo(new BinanceWsFrame.ServerShutdown(1770123456789L));
    }

    @Test
    void decodesControlResponses() {
        assertThat(decode("response-subscribe.json")).isEqualTo(new BinanceWsFrame.Response("7", "null"));
        assertThat(decode("response-list-subscriptions.json"))
                .isEqualTo(new BinanceWsFrame.Response("3", "[\"btcusdt@aggTrade\"]"));
    }

    @Test
    void decodesErrorFramesWithAndWithoutId() {
        assertThat(decode("error-unknown-property.json"))
                .isEqualTo(new BinanceWsFrame.Error(0, "Unknown property", "5"));
        assertThat(decode("error-invalid-id.json"))
                .isEqualTo(
                        new BinanceWsFrame.Error(2, "Invalid request: request ID must be an unsigned integer", null));
        assertThat(decode("error-invalid-json.json")).isInstanceOf(BinanceWsFrame.Error.class);
    }

    @Test
    void unusedEventTypeIsUnknownNotAnError() {
        assertThat(decode("unknown-event-avgprice.json"))
                .isEqualTo(new BinanceWsFrame.Unknown("btcusdt@avgPrice", "avgPrice"));
    }

    @Test
    void rejectsTruncatedFrameAsInvalidJson() {
        assertThatThrownBy(() -> decode("malformed-truncated.json"))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void rejectsTradeWithoutPrice() {
        assertThatThrownBy(() -> decode("malformed-missing-price.json"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("'p'");
    }

    @Test
    void rejectsPriceThatIsNotDecimal() {
        var f = new BinanceWsFrame.Trade("BTCUSDT", 1L, 1L, "abc", "1", 1767225600000L, false);
        assertThatThrownBy(() -> parser.toTrade(f, RECV, "s"))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.INVALID_VALUE);
    }

    @Test
    void decodesRestDepthSnapshot() {
        BinanceDepthSnapshot s = parser.decodeDepthSnapshot(Fixtures.bytes("rest-depth.json"));
        assertThat(s)
                .isEqualTo(new BinanceDepthSnapshot(
                        1027024L, List.of(new Level(4.0, 431.0)), List.of(new Level(4.000002, 12.0))));
        BookUpdate snap = parser.toSnapshot("BNBBTC", s, RECV);
        assertThat(snap.kind()).isEqualTo(BookUpdate.Kind.SNAPSHOT);
        assertThat(snap.lastSeq()).isEqualTo(1027024L);
    }

    @Test
    void decodesRestAggTrades() {
        assertThat(parser.decodeAggTrades("BTCUSDT", Fixtures.bytes("rest-aggtrades.json")))
                .containsExactly(new BinanceWsFrame.AggTrade(
                        "BTCUSDT",
                        1498793709153L,
                        26129L,
                        "0.01633102",
                        "4.70443515",
                        27781L,
                        27781L,
                        1498793709153L,
                        true));
    }

    @Test
    void restHistoricalTradesMapLikeStreamTrades() {
        List<BinanceWsFrame.Trade> trades =
                parser.decodeHistoricalTrades("BNBBTC", Fixtures.bytes("rest-historicaltrades.json"));
        assertThat(trades).extracting(BinanceWsFrame.Trade::tradeId).containsExactly(28457L, 28458L);
        Trade t = parser.toTrade(trades.get(0), RECV, "rest:binance");
        assertThat(t.side()).isEqualTo(Side.SELL);
        assertThat(t.price()).isEqualTo(4.000001);
        assertThat(t.tsMs()).isEqualTo(1499865549590L);
        assertThat(t.tradeId()).isEqualTo("28457");
    }

    @Test
    void mapsSymbolsBothWays() {
        assertThat(BinanceSymbols.toInstrument("btcusdt")).isEqualTo("BTCUSDT");
        assertThat(BinanceSymbols.toStreamSymbol("BTCUSDT")).isEqualTo("btcusdt");
        assertThat(BinanceSymbols.fromStream("ethusdt@depth@100ms")).isEqualTo("ETHUSDT");
    }
}
