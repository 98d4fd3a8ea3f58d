package dev.ticktape.adapters.polygon;

import static dev.ticktape.adapters.polygon.PolygonFixtures.bytes;
import static dev.ticktape.adapters.polygon.PolygonFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Trade;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class PolygonParserTest {
    private final PolygonParser parser = new PolygonParser();

    private PolygonWsFrame single(String fixture) {
        List<PolygonWsFrame> frames = parser.decode(text(fixture));
        assertThat(frames).hasSize(1);
        return frames.get(0);
    }

    @ParameterizedTest
    @CsvSource({
        "status-connected.json, connected, Connected Successfully",
        "status-auth-success.json, auth_success, authenticated",
        "status-auth-failed.json, auth_failed, authentication failed",
        "status-auth-timeout.json, auth_timeout, No authentication request received.",
        "status-subscribed.json, success, 'subscribed to: T.MSFT'",
        "status-unsubscribed.json, success, 'unsubscribed to: T.MSFT'",
        "status-error-not-authorized.json, error, not authorized",
        "status-max-connections.json, max_connections, Maximum number of connections exceeded."
    })
    void decodesEveryStatusKind(String fixture, String status, String message) {
        assertThat(single(fixture)).isEqualTo(new PolygonWsFrame.Status(status, message));
    }

    @Test
    void decodesLitAndTrfTradesOfOneFrame() {
        List<PolygonWsFrame> frames = parser.decode(text("trades-lit-and-trf.json"));
        assertThat(frames)
                .containsExactly(
                        new PolygonWsFrame.Trade(
                                "MSFT", 12, "52983525029461", null, 512.34, 100, "100.0", 1767191400123L),
                        new PolygonWsFrame.Trade("MSFT", 4, "71675", 202, 512.335, 7, "7.0", 1767191400131L));
        Trade lit = parser.toTrade((PolygonWsFrame.Trade) frames.get(0), 5L, "src");
        assertThat(lit)
                .isEqualTo(new Trade(
                        "polygon", "MSFT", 1767191400123L, 5L, 512.34, 100.0, null, "12-52983525029461", "src"));
        Trade trf = parser.toTrade((PolygonWsFrame.Trade) frames.get(1), 5L, "src");
        assertThat(trf.tradeId()).isEqualTo("4-202-71675");
        assertThat(trf.qty()).isEqualTo(7.0);
    }

    @Test
    void fractionalSizeWinsOverIntegerSize() {
        Trade t = parser.toTrade((PolygonWsFrame.Trade) single("trade-fractional.json"), 1L, "src");
        assertThat(t.qty()).isEqualTo(0.740474);
        assertThat(t.symbol()).isEqualTo("AAPL");
    }

    @Test
    void quoteSizesAreShares() {
        Quote q = parser.toQuote((PolygonWsFrame.Quote) single("quote.json"), 9L);
        assertThat(q).isEqualTo(new Quote("polygon", "MSFT", 1767191400140L, 9L, 512.33, 120, 512.36, 80));
    }

    @Test
    void secondAggregateBecomesOneSecondBarWithFractionalVolume() {
        Bar b = parser.toBar((PolygonWsFrame.Aggregate) single("agg-second.json"), 7L, "src");
        assertThat(b)
                .isEqualTo(new Bar(
                        BarInterval.S1,
                        "polygon",
                        "MSFT",
                        1767191400000L,
                        7L,
                        512.34,
                        512.36,
                        512.3,
                        512.33,
                        1207.0,
                        0,
                        512.3398,
                        "src"));
    }

    @Test
    void minuteAggregateBecomesMinuteBarAtWindowStart() {
        PolygonWsFrame.Aggregate a = (PolygonWsFrame.Aggregate) single("agg-minute.json");
        assertThat(a.end() - a.start()).isEqualTo(60_000);
        Bar b = parser.toBar(a, 7L, "src");
        assertThat(b)
                .isEqualTo(new Bar(
                        BarInterval.M1,
                        "polygon",
                        "MSFT",
                        1767191400000L,
                        7L,
                        512.34,
                        512.6,
                        512.01,
                        512.18,
                        58211.0,
                        0,
                        512.2907,
                        "src"));
    }

    @Test
    void ignoresUnknownFieldsAndPrefersFractionalVolume() {
        Bar b = parser.toBar((PolygonWsFrame.Aggregate) single("agg-minute-unknown-fields.json"), 7L, "src");
        assertThat(b.volume()).isEqualTo(58211.5);
        assertThat(b.close()).isEqualTo(512.18);
    }

    @Test
    void keepsStatusDataAndUnknownEventsOfAMixedFrameInOrder() {
        List<PolygonWsFrame> frames = parser.decode(text("mixed-status-data-unknown.json"));
        assertThat(frames).hasSize(3);
        assertThat(frames.get(0)).isEqualTo(new PolygonWsFrame.Status("success", "subscribed to: AM.MSFT"));
        assertThat(frames.get(1)).isInstanceOf(PolygonWsFrame.Quote.class);
        assertThat(frames.get(2)).isEqualTo(new PolygonWsFrame.Unknown("XL2"));
    }

    @Test
    void marksOnlyTheBadElementOfAFrameAsMalformed() {
        List<PolygonWsFrame> frames = parser.decode(text("malformed-trade-missing-price.json"));
        assertThat(frames.get(0)).isInstanceOfSatisfying(PolygonWsFrame.Malformed.class, m -> {
            assertThat(m.reason()).isEqualTo(RejectReason.MISSING_FIELD);
            assertThat(m.detail()).contains("'p'");
            assertThat(m.raw()).contains("\"ev\":\"T\"");
        });
        assertThat(frames.get(1)).isInstanceOf(PolygonWsFrame.Quote.class);
    }

    @Test
    void rejectsTruncatedJson() {
        assertThatThrownBy(() -> parser.decode(text("malformed-truncated.json")))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_JSON));
    }

    @Test
    void rejectsFrameThatIsNotAnArray() {
        assertThatThrownBy(() -> parser.decode(text("malformed-not-array.json")))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.WRONG_TYPE));
    }

    @Test
    void decodesAggregatesPageWithNextUrl() {
        PolygonAggsPage p = parser.decodeAggs(bytes("rest-aggs-page1.json"));
        assertThat(p.ticker()).isEqualTo("AAPL");
        assertThat(p.results())
                .containsExactly(
                        new PolygonAggsPage.Bar(1577941200000L, 74.06, 75.15, 73.7975, 75.0875, 135647456, 74.6099, 1L),
                        new PolygonAggsPage.Bar(
                                1578027600000L, 74.2875, 75.145, 74.125, 74.3575, 146535512, 74.7026, 1L));
        assertThat(PolygonRest.relative(p.nextUrl()))
                .isEqualTo("/v2/aggs/ticker/AAPL/range/1/day/1578114000000/2020-01-10?cursor=bGltaXQ9MiZzb3J0PWFzYw");
    }

    @Test
    void treatsDelayedStatusAsDataAndFloatVolumeAsVolume() {
        PolygonAggsPage p = parser.decodeAggs(bytes("rest-aggs-delayed-last.json"));
        assertThat(p.status()).isEqualTo("DELAYED");
        assertThat(p.nextUrl()).isNull();
        assertThat(p.results()).singleElement().satisfies(b -> {
            assertThat(b.volume()).isEqualTo(642646396.0);
            assertThat(b.trades()).isEqualTo(82132L);
        });
    }

    @Test
    void emptyPageHasNoBars() {
        PolygonAggsPage p = parser.decodeAggs(bytes("rest-aggs-empty.json"));
        assertThat(p.results()).isEmpty();
        assertThat(p.nextUrl()).isNull();
    }

    @Test
    void errorBodyIsRefused() {
        assertThatThrownBy(() -> parser.decodeAggs(bytes("rest-aggs-error.json")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("Unknown API Key");
    }

    @Test
    void restBarAndLiveBarOfTheSameWindowDifferOnlyInTheTradeCountTheSocketLacks() {
        Bar live = parser.toBar((PolygonWsFrame.Aggregate) single("agg-minute.json"), 7L, "src");
        Bar rest = parser.toBar(
                PolygonAggsRequest.minutes("MSFT", 1767191400000L, 1767191459999L),
                new PolygonAggsPage.Bar(1767191400000L, 512.34, 512.6, 512.01, 512.18, 58211, 512.2907, 812L),
                7L,
                "src");
        assertThat(rest.trades()).isEqualTo(812);
        assertThat(live.trades()).isZero();
        assertThat(PolygonMinuteBars.sameValues(rest, live)).isTrue(); // a gap-fill does not republish it
    }

    @Test
    void minuteAggregatesKeepTheirTradeCountAndInterval() {
        PolygonAggsRequest req = PolygonAggsRequest.minutes("AAPL", 1767623460000L, 1767623579999L);
        List<Bar> bars = parser.decodeAggs(bytes("rest-aggs-minute.json")).results().stream()
                .map(b -> parser.toBar(req, b, 9L, "rest"))
                .toList();
        assertThat(bars)
                .containsExactly(
                        new Bar(
                                BarInterval.M1,
                                "polygon",
                                "AAPL",
                                1767623460000L,
                                9L,
                                243.05,
                                243.25,
                                242.98,
                                243.2,
                                41237,
                                512,
                                243.1187,
                                "rest"),
                        new Bar(
                                BarInterval.M1,
                                "polygon",
                                "AAPL",
                                1767623520000L,
                                9L,
                                243.21,
                                243.3,
                                243.12,
                                243.18,
                                38810.5,
                                467,
                                243.2209,
                                "rest"));
    }

    @Test
    void secondAggregatesBecomeSecondBars() {
        PolygonAggsRequest req = new PolygonAggsRequest("AAPL", 1, "second", 0, 1);
        Bar b = parser.toBar(req, new PolygonAggsPage.Bar(1767623461000L, 2, 3, 1, 2, 10, null, 4L), 9L, "rest");
        assertThat(b.interval()).isEqualTo(BarInterval.S1);
        assertThat(b.trades()).isEqualTo(4);
    }

    @Test
    void dailyAggregatesAreRefusedNotLabelledAsMinuteBars() {
        // The notes' §5 sample is a page of daily bars; nothing in the body says so, only the request does.
        PolygonAggsPage page = parser.decodeAggs(bytes("rest-aggs-page1.json"));
        PolygonAggsRequest daily = new PolygonAggsRequest("AAPL", 1, "day", 1577941200000L, 1578027600000L);
        assertThat(daily.barInterval()).isEmpty();
        assertThatThrownBy(() -> parser.toBar(daily, page.results().get(0), 9L, "rest"))
                .isInstanceOfSatisfying(InvalidEventException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.INVALID_VALUE);
                    assertThat(e.detail()).contains("1/day");
                });
    }

    @ParameterizedTest
    @CsvSource({"5, minute", "1, hour", "2, second", "1, week"})
    void otherBarSizesAreRefused(int multiplier, String timespan) {
        PolygonAggsRequest req = new PolygonAggsRequest("AAPL", multiplier, timespan, 0, 1);
        assertThatThrownBy(() -> parser.toBar(req, new PolygonAggsPage.Bar(0, 1, 1, 1, 1, 0, null, 1L), 9L, "rest"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining(multiplier + "/" + timespan);
    }

    @Test
    void requestPathNamesItsBarSize() {
        assertThat(PolygonAggsRequest.minutes("AAPL", 1, 2).path())
                .isEqualTo("/v2/aggs/ticker/AAPL/range/1/minute/1/2?adjusted=true&sort=asc&limit=50000");
        assertThat(PolygonAggsRequest.of("AAPL", BarInterval.S1, 1, 2).path()).contains("/range/1/second/1/2");
    }
}
