package dev.ticktape.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Decision;
import dev.ticktape.model.Execution;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import dev.ticktape.model.Topics;
import dev.ticktape.model.Trade;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(10)
class EventCodecTest {
    private static final long TS = 1_700_000_000_123L;
    private final EventCodec codec = new EventCodec();

    private MarketEvent decode(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return codec.decode(b, 0, b.length, EventCodec.DEFAULT_VENUE);
    }

    @Test
    void decodesThePublishedTradeLineAndFillsTheDefaultVenue() {
        Trade t = (Trade) decode(
                "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":1700000000123,\"price\":95473.29,\"qty\":0.001}");
        assertThat(t).isEqualTo(new Trade("ndjson", "BTCUSDT", TS, 0, 95473.29, 0.001));
        assertThat(t.key()).isEqualTo("ndjson:BTCUSDT");
        assertThat(t.topic()).isEqualTo(Topics.TRADES);
    }

    @Test
    void normalisesSymbolToUpperAndVenueToLowerCase() {
        Trade t = (Trade) decode(
                "{\"type\":\"trade\",\"venue\":\"Binance\",\"symbol\":\"btcusdt\",\"ts_ms\":1700000000123,\"price\":1,"
                        + "\"qty\":1}");
        assertThat(t.venue()).isEqualTo("binance");
        assertThat(t.symbol()).isEqualTo("BTCUSDT");
    }

    @Test
    void roundTripsEveryEventType() {
        OptionContract c = new OptionContract("SPY", LocalDate.of(2026, 12, 18), 600.0, 'C', "SPY   261218C00600000");
        List<MarketEvent> events = List.of(
                new Trade("binance", "BTCUSDT", TS, TS + 2, 95473.29, 0.001, Side.BUY, "12345", "live:BTCUSDT"),
                new Quote("binance", "BTCUSDT", TS, TS + 1, 1.5, 2, 1.6, 3),
                new BookUpdate(
                        "binance",
                        "BTCUSDT",
                        TS,
                        TS,
                        BookUpdate.Kind.DELTA,
                        List.of(new BookUpdate.Level(1.5, 2)),
                        List.of(new BookUpdate.Level(1.6, 0)),
                        10,
                        12),
                new Bar(
                        BarInterval.S1,
                        "ndjson",
                        "AAPL",
                        1_700_000_000_000L,
                        TS,
                        10,
                        12,
                        9,
                        11,
                        100,
                        7,
                        10.5,
                        "live:AAPL"),
                new Bar(BarInterval.M1, "polygon", "AAPL", 1_699_999_980_000L, TS, 10, 12, 9, 11, 100, 0, null, null),
                new Greeks("tastytrade", "SPY", TS, TS, "ACC1", c, 0.5, 0.01, -0.2, 0.3, 0.05, 0.18, 601.0, 12.3),
                new Execution("ibkr", "SPY", TS, TS, "U1", "o1", "e1", Side.SELL, 12.3, 2, c),
                new Status("binance", "CONN0", TS, TS, Status.State.DEGRADED, "stale", Map.of("reconnects", 2L)),
                new Summary(
                        "binance",
                        "BTCUSDT",
                        1_700_000_001_000L,
                        TS,
                        60_000,
                        2,
                        60,
                        100,
                        101,
                        Math.log(1.01),
                        100.5,
                        0.5,
                        100,
                        101,
                        1.0,
                        1.0 / 100.5,
                        1.0,
                        12.5,
                        3,
                        100.4,
                        1),
                new Summary(
                        "binance",
                        "BTCUSDT",
                        1_700_000_001_000L,
                        TS,
                        60_000,
                        1,
                        60,
                        100,
                        100,
                        0,
                        100,
                        0,
                        100,
                        100,
                        null,
                        null,
                        null,
                        null,
                        0,
                        null,
                        0),
                new FeatureSet(
                        "polygon",
                        "AAPL",
                        BarInterval.M1,
                        1_699_999_980_000L,
                        TS,
                        "v1",
                        "2023-11-14",
                        new LinkedHashMap<>(Map.of("intraday_vwap", 10.25, "intraday_rsi_14", 50.0)),
                        2),
                new Decision(
                        "binance",
                        "BTCUSDT",
                        1_700_000_000_000L,
                        TS,
                        "run-1",
                        95000.5,
                        -1,
                        "short",
                        -1,
                        -1,
                        0.75,
                        false,
                        1,
                        "enter_short",
                        true,
                        Decision.Posture.ACTIVE,
                        76.0004,
                        "live:BTCUSDT"));
        for (MarketEvent e : events) {
            assertThat(codec.decode(codec.encode(e))).as(e.type()).isEqualTo(e);
        }
    }

    @Test
    void ohlc1sTradesDefaultsToZero() {
        Bar b = (Bar) decode("{\"type\":\"ohlc1s\",\"symbol\":\"X\",\"ts_ms\":1700000000000,\"open\":1,\"high\":2,"
                + "\"low\":0.5,\"close\":1.5,\"volume\":10}");
        assertThat(b.trades()).isZero();
        assertThat(b.interval()).isEqualTo(BarInterval.S1);
        assertThat(b.vwap()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            invalid json              | {"type":"trade"                                                                     | invalid_json
            trailing garbage          | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":1,"qty":1} x             | invalid_json
            not an object             | [1,2]                                                                               | not_an_object
            unknown type first        | {"type":"foo"}                                                                      | unknown_type
            missing symbol            | {"type":"trade","ts_ms":1700000000123,"price":1,"qty":1}                            | missing_field
            missing price             | {"type":"trade","symbol":"X","ts_ms":1700000000123,"qty":1}                         | missing_field
            price as string           | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":"1.5","qty":1}           | wrong_type
            ts with a fraction        | {"type":"trade","symbol":"X","ts_ms":1700000000123.5,"price":1,"qty":1}             | wrong_type
            ts as a string            | {"type":"trade","symbol":"X","ts_ms":"1700000000123","price":1,"qty":1}             | wrong_type
            negative qty              | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":1,"qty":-1}              | negative
            NaN price                 | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":NaN,"qty":1}             | non_finite
            overflowing price         | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":1e400,"qty":1}           | non_finite
            zero price                | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":0,"qty":1}               | non_positive_price
            negative price            | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":-5,"qty":1}              | non_positive_price
            negative ohlc1s low       | {"type":"ohlc1s","symbol":"X","ts_ms":1700000000000,"open":1,"high":2,"low":-1,"close":1,"volume":1} | non_positive_price
            negative ts               | {"type":"trade","symbol":"X","ts_ms":-5,"price":1,"qty":1}                          | timestamp_out_of_range
            zero ts                   | {"type":"trade","symbol":"X","ts_ms":0,"price":1,"qty":1}                           | timestamp_out_of_range
            ts in microseconds        | {"type":"trade","symbol":"X","ts_ms":1700000000123000,"price":1,"qty":1}            | timestamp_out_of_range
            ts beyond a long          | {"type":"trade","symbol":"X","ts_ms":17000000001230000000000,"price":1,"qty":1}     | timestamp_out_of_range
            ts in seconds             | {"type":"trade","symbol":"X","ts_ms":1700000000,"price":1,"qty":1}                  | timestamp_in_seconds
            ts in seconds as 1.7e9    | {"type":"trade","symbol":"X","ts_ms":1.7e9,"price":1,"qty":1}                       | timestamp_in_seconds
            ts in seconds, fraction   | {"type":"trade","symbol":"X","ts_ms":1700000000.25,"price":1,"qty":1}               | timestamp_in_seconds
            ts 1 ms                   | {"type":"trade","symbol":"X","ts_ms":1,"price":1,"qty":1}                           | timestamp_in_seconds
            ohlc1s ts in seconds      | {"type":"ohlc1s","symbol":"X","ts_ms":1700000000,"open":1,"high":2,"low":1,"close":1,"volume":1} | timestamp_in_seconds
            ts in seconds, no price   | {"type":"trade","symbol":"X","ts_ms":1700000000,"qty":1}                            | timestamp_in_seconds
            symbol with space         | {"type":"trade","symbol":"A B","ts_ms":1700000000123,"price":1,"qty":1}             | invalid_symbol
            bad venue                 | {"type":"trade","venue":"a b","symbol":"X","ts_ms":1700000000123,"price":1,"qty":1} | invalid_venue
            bad side                  | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":1,"qty":1,"side":"up"}   | invalid_value
            duplicate field           | {"type":"trade","symbol":"X","ts_ms":1700000000123,"price":1,"price":2,"qty":1}     | invalid_json
            ohlc1s not aligned        | {"type":"ohlc1s","symbol":"X","ts_ms":1700000000123,"open":1,"high":2,"low":1,"close":1,"volume":1} | not_second_aligned
            ohlc1s low above open     | {"type":"ohlc1s","symbol":"X","ts_ms":1700000000000,"open":1,"high":2,"low":1.5,"close":1.6,"volume":1} | inconsistent_ohlc
            ohlc1s negative trades    | {"type":"ohlc1s","symbol":"X","ts_ms":1700000000000,"open":1,"high":2,"low":1,"close":1,"volume":1,"trades":-2} | negative
            ohlc1s negative volume    | {"type":"ohlc1s","symbol":"X","ts_ms":1700000000000,"open":1,"high":2,"low":1,"close":1,"volume":-1} | negative
            """)
    void rejectsWithAPreciseReason(String name, String json, String reason) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).reason().code())
                .isEqualTo(reason);
    }

    @Test
    void typeFirstDecodeRefusesOtherTypesBeforeLookingAtTheirFields() {
        byte[] quote = "{\"type\":\"quote\",\"symbol\":\"X\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> codec.decode(quote, 0, quote.length, "ndjson", List.of("trade", "ohlc1s")))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("type 'quote' is not accepted here; send trade or ohlc1s")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.UNKNOWN_TYPE);
        // The same line through the general decoder: a known type, so its missing fields are the fault.
        assertThatThrownBy(() -> codec.decode(quote, 0, quote.length, "ndjson"))
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.MISSING_FIELD);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1700000000    | ts_ms 1700000000 looks like seconds (2023-11-14T22:13:20Z as seconds); send epoch milliseconds (x1000)
            1.7e9         | ts_ms 1700000000 looks like seconds (2023-11-14T22:13:20Z as seconds); send epoch milliseconds (x1000)
            1700000000.25 | ts_ms 1700000000.25 looks like seconds (2023-11-14T22:13:20Z as seconds); send epoch milliseconds (x1000)
            99999999999   | ts_ms 99999999999 looks like seconds; send epoch milliseconds (x1000)
            """)
    void aTimeInSecondsGetsAHint(String ts, String detail) {
        // 1,700,000,000 s = 19,675 days and 80,000 s = 2023-11-14 22:13:20 UTC; 99,999,999,999 s is past 2100.
        assertThatThrownBy(() ->
                        decode("{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":" + ts + ",\"price\":1,\"qty\":1}"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(detail);
    }

    @Test
    void theSecondsRuleStopsAt1973() {
        // 100,000,000,000 ms = 1973-03-03T09:46:40Z: the first value read as milliseconds.
        Trade t = (Trade) decode("{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":100000000000,\"price\":1,\"qty\":1}");
        assertThat(java.time.Instant.ofEpochMilli(t.tsMs())).hasToString("1973-03-03T09:46:40Z");
        assertThatThrownBy(() ->
                        decode("{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":99999999999,\"price\":1,\"qty\":1}"))
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.TIMESTAMP_IN_SECONDS);
        // Records built in code keep the plain range: adapters convert units themselves, tests use small clocks.
        assertThat(new Trade("ndjson", "X", 99_999_999_999L, 0, 1, 1).tsMs()).isEqualTo(99_999_999_999L);
    }

    @Test
    void reportsInvalidUtf8() {
        byte[] bad = "{\"type\":\"trade\",\"symbol\":\"X\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> codec.decode(bad, 0, bad.length, "ndjson"))
                .isInstanceOf(InvalidEventException.class)
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.INVALID_UTF8);
    }

    @Test
    void deadLetterKeepsTextOrExactBytes() {
        JsonNode text = codec.readTree(codec.encodeDeadLetter(new DeadLetter(
                RejectReason.MISSING_FIELD,
                "missing 'price'",
                "tcp:127.0.0.1:5000",
                TS,
                "{\"type\":\"trade\"}".getBytes(StandardCharsets.UTF_8),
                false)));
        assertThat(text.path("reason").asText()).isEqualTo("missing_field");
        assertThat(text.path("source").asText()).isEqualTo("tcp:127.0.0.1:5000");
        assertThat(text.path("raw").asText()).isEqualTo("{\"type\":\"trade\"}");

        byte[] raw = {(byte) 0xC3, 0x28};
        JsonNode bin = codec.readTree(
                codec.encodeDeadLetter(new DeadLetter(RejectReason.INVALID_UTF8, null, "stdin", TS, raw, true)));
        assertThat(bin.has("raw")).isFalse();
        assertThat(java.util.Base64.getDecoder().decode(bin.path("raw_base64").asText()))
                .isEqualTo(raw);
        assertThat(bin.path("truncated").asBoolean()).isTrue();
    }

    @Test
    void greeksCarryTheirAvailabilityAndRealtimeStaysImplicit() {
        OptionContract c = new OptionContract("SPY", LocalDate.of(2026, 12, 18), 600.0, 'C', "SPY   261218C00600000");
        Greeks live = new Greeks("ibkr", "SPY", TS, TS, null, c, 0.5, null, null, null, null, 0.2, 601.0, null);
        Greeks frozen = new Greeks(
                "ibkr",
                "SPY",
                TS,
                TS,
                null,
                c,
                0.5,
                null,
                null,
                null,
                null,
                0.2,
                601.0,
                null,
                Greeks.Availability.FROZEN);
        assertThat(new String(codec.encode(live), StandardCharsets.UTF_8)).doesNotContain("availability");
        assertThat(new String(codec.encode(frozen), StandardCharsets.UTF_8)).contains("\"availability\":\"frozen\"");
        assertThat(codec.decode(codec.encode(frozen))).isEqualTo(frozen);
        String stale = new String(codec.encode(frozen), StandardCharsets.UTF_8).replace("frozen", "stale");
        assertThatThrownBy(() -> decode(stale))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("stale");
    }
}
