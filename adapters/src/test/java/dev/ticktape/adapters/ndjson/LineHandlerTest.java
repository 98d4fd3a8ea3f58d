package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.adapters.runtime.InflightLimits;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class LineHandlerTest {
    private static final long NOW = 1_700_000_005_000L;
    private static final String GOOD_TRADE =
            "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":1700000000123,\"price\":95473.29,\"qty\":0.001}";
    private static final LineSource FILE = LineSource.file(Path.of("data/in.ndjson"));

    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private InflightBudget budget;
    private LineHandler handler;
    private final List<Throwable> failures = new ArrayList<>();

    @BeforeEach
    void setUp() {
        GatewayConfig config = GatewayConfig.defaults().withMaxLineBytes(4096);
        budget = new InflightBudget(InflightLimits.DEFAULT);
        handler = new LineHandler(
                config,
                new EventCodec(),
                publisher,
                budget,
                new GatewayMetrics(registry, budget),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    static Stream<Arguments> badLines() {
        return Stream.of(
                bad("invalid JSON", "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",", RejectReason.INVALID_JSON),
                bad("trailing garbage", GOOD_TRADE + " x", RejectReason.INVALID_JSON),
                bad("two objects on one line", GOOD_TRADE + GOOD_TRADE, RejectReason.INVALID_JSON),
                bad(
                        "missing symbol",
                        "{\"type\":\"trade\",\"ts_ms\":1700000000123,\"price\":1.5,\"qty\":1}",
                        RejectReason.MISSING_FIELD),
                bad(
                        "missing price",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"qty\":1}",
                        RejectReason.MISSING_FIELD),
                bad(
                        "price as a string",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":\"1.5\",\"qty\":1}",
                        RejectReason.WRONG_TYPE),
                bad(
                        "ts_ms as a float",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123.5,\"price\":1.5,\"qty\":1}",
                        RejectReason.WRONG_TYPE),
                bad(
                        "negative qty",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":1.5,\"qty\":-1}",
                        RejectReason.NEGATIVE),
                bad(
                        "NaN price",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":NaN,\"qty\":1}",
                        RejectReason.NON_FINITE),
                bad(
                        "price overflowing to infinity",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":1e400,\"qty\":1}",
                        RejectReason.NON_FINITE),
                bad(
                        "ohlc1s not second-aligned",
                        bar(1_700_000_000_500L, 10, 12, 9, 11),
                        RejectReason.NOT_SECOND_ALIGNED),
                bad("ohlc1s low above open", bar(1_700_000_000_000L, 10, 12, 10.5, 11), RejectReason.INCONSISTENT_OHLC),
                bad(
                        "unknown type",
                        "{\"type\":\"tick\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":1.5,\"qty\":1}",
                        RejectReason.UNKNOWN_TYPE),
                bad(
                        "a model type the gateway does not take",
                        "{\"type\":\"quote\",\"symbol\":\"X\","
                                + "\"ts_ms\":1700000000123,\"bid\":1,\"bid_qty\":1,\"ask\":2,\"ask_qty\":1}",
                        RejectReason.UNKNOWN_TYPE),
                bad(
                        "ohlc1m bar",
                        "{\"type\":\"ohlc1m\",\"symbol\":\"X\",\"ts_ms\":1699999980000,\"open\":1,"
                                + "\"high\":1,\"low\":1,\"close\":1,\"volume\":1}",
                        RejectReason.UNKNOWN_TYPE),
                // Types the gateway does not take are judged by their type, not by the fields they lack.
                bad("quote without its fields", "{\"type\":\"quote\",\"symbol\":\"X\"}", RejectReason.UNKNOWN_TYPE),
                bad("greeks without a contract", "{\"type\":\"greeks\",\"symbol\":\"SPY\"}", RejectReason.UNKNOWN_TYPE),
                bad("book with nothing but a type", "{\"type\":\"book\"}", RejectReason.UNKNOWN_TYPE),
                bad(
                        "negative ts_ms",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":-5,\"price\":1.5,\"qty\":1}",
                        RejectReason.TIMESTAMP_OUT_OF_RANGE),
                bad(
                        "negative price",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":-5,\"qty\":1}",
                        RejectReason.NON_POSITIVE_PRICE),
                bad(
                        "ts_ms in seconds",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000,\"price\":1.5,\"qty\":1}",
                        RejectReason.TIMESTAMP_IN_SECONDS),
                bad(
                        "ohlc1s ts_ms in seconds",
                        "{\"type\":\"ohlc1s\",\"symbol\":\"X\",\"ts_ms\":1700000000,\"open\":1,\"high\":1,"
                                + "\"low\":1,\"close\":1,\"volume\":1}",
                        RejectReason.TIMESTAMP_IN_SECONDS),
                bad("JSON array", "[1,2,3]", RejectReason.NOT_AN_OBJECT),
                bad("JSON string", "\"trade\"", RejectReason.NOT_AN_OBJECT),
                bad(
                        "ts_ms too far in the future",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000065001,\"price\":1.5,\"qty\":1}",
                        RejectReason.TIMESTAMP_OUT_OF_RANGE),
                Arguments.of(
                        "invalid UTF-8 (C3 28) in a string",
                        concat(
                                "{\"type\":\"trade\",\"symbol\":\"X",
                                new byte[] {(byte) 0xC3, 0x28},
                                "\",\"ts_ms\":1700000000123,\"price\":1.5,\"qty\":1}"),
                        RejectReason.INVALID_UTF8),
                Arguments.of(
                        "invalid UTF-8 (lone continuation) in whitespace",
                        concat(GOOD_TRADE, new byte[] {(byte) 0x80}, ""),
                        RejectReason.INVALID_UTF8),
                Arguments.of(
                        "encoded surrogate",
                        concat(
                                "{\"type\":\"trade\",\"symbol\":\"X",
                                new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                "\"}"),
                        RejectReason.INVALID_UTF8));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLines")
    void rejectsBadLineWithOneDeadLetterAndKeepsGoing(String name, byte[] line, RejectReason reason) {
        LineSession session = handler.open(FILE, failures::add);
        LineSplitter splitter = handler.splitter(session);

        feed(splitter, concat(line, "\n" + GOOD_TRADE + "\n"));

        assertThat(publisher.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(reason);
            assertThat(d.raw()).isEqualTo(line);
            assertThat(d.source()).isEqualTo("file:data/in.ndjson");
            assertThat(d.recvMs()).isEqualTo(NOW);
            assertThat(d.truncated()).isFalse();
        });
        assertThat(publisher.trades()).singleElement().satisfies(t -> {
            assertThat(t.venue()).isEqualTo("ndjson");
            assertThat(t.recvMs()).isEqualTo(NOW);
            assertThat(t.source()).isEqualTo("file:data/in.ndjson");
        });
        assertThat(rejectedCount("file:data/in.ndjson", reason.code())).isEqualTo(1.0);
        assertThat(session.accepted()).isEqualTo(1);
        assertThat(session.rejected()).isEqualTo(1);
        assertThat(budget.records()).isZero();
    }

    @Test
    void rejectsOversizedLineKeepingTheFirstKibibyte() {
        LineSession session = handler.open(FILE, failures::add);
        String huge = "{\"type\":\"trade\",\"symbol\":\"" + "A".repeat(5000) + "\"}";

        feed(handler.splitter(session), (huge + "\n" + GOOD_TRADE + "\n").getBytes(StandardCharsets.UTF_8));

        DeadLetter d = publisher.deadLetters().get(0);
        assertThat(publisher.deadLetters()).hasSize(1);
        assertThat(d.reason()).isEqualTo(RejectReason.LINE_TOO_LONG);
        assertThat(d.truncated()).isTrue();
        assertThat(d.raw()).isEqualTo(Arrays.copyOf(huge.getBytes(StandardCharsets.UTF_8), 1024));
        assertThat(d.detail()).contains(Integer.toString(huge.length()));
        assertThat(publisher.trades()).hasSize(1);
    }

    @Test
    void stampsTradeFromTcpWithLiveSymbolSource() {
        LineSession session = handler.open(LineSource.tcp(new InetSocketAddress("127.0.0.1", 40000)), failures::add);

        feed(handler.splitter(session), (GOOD_TRADE + "\n").getBytes(StandardCharsets.UTF_8));

        Trade t = publisher.trades().get(0);
        assertThat(t)
                .isEqualTo(new Trade(
                        "ndjson", "BTCUSDT", 1_700_000_000_123L, NOW, 95473.29, 0.001, null, null, "live:BTCUSDT"));
        assertThat(t.key()).isEqualTo("ndjson:BTCUSDT");
        assertThat(acceptedCount("tcp:127.0.0.1:40000", "trade")).isEqualTo(1.0);
    }

    @Test
    void stampsStdinSource() {
        feed(
                handler.splitter(handler.open(LineSource.STDIN, failures::add)),
                (GOOD_TRADE + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(publisher.trades().get(0).source()).isEqualTo("stdin");
    }

    @Test
    void honoursLineVenueLowerCasedAndUpperCasesSymbol() {
        String line = "{\"type\":\"trade\",\"venue\":\"Binance\",\"symbol\":\"ethusdt\",\"ts_ms\":1700000000123,"
                + "\"price\":3000.5,\"qty\":2,\"side\":\"sell\",\"trade_id\":42,\"recv_ms\":1,\"source\":\"spoof\"}";

        feed(handler.splitter(handler.open(FILE, failures::add)), (line + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(publisher.trades())
                .singleElement()
                .isEqualTo(new Trade(
                        "binance",
                        "ETHUSDT",
                        1_700_000_000_123L,
                        NOW,
                        3000.5,
                        2,
                        Side.SELL,
                        "42",
                        "file:data/in.ndjson"));
    }

    @Test
    void acceptsOhlc1sAsGivenWithTradesDefaultingToZero() {
        LineSession session = handler.open(LineSource.tcp(new InetSocketAddress("127.0.0.1", 40001)), failures::add);

        feed(
                handler.splitter(session),
                (bar(1_700_000_000_000L, 10, 12, 9, 11) + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(publisher.bars())
                .singleElement()
                .isEqualTo(new Bar(
                        BarInterval.S1,
                        "ndjson",
                        "BTCUSDT",
                        1_700_000_000_000L,
                        NOW,
                        10,
                        12,
                        9,
                        11,
                        3.5,
                        0,
                        null,
                        "live:BTCUSDT"));
        assertThat(publisher.bars().get(0).topic()).isEqualTo("md.bars.1s");
        assertThat(acceptedCount("tcp:127.0.0.1:40001", "ohlc1s")).isEqualTo(1.0);
    }

    @Test
    void keepsOhlc1sTradeCountWhenGiven() {
        String line = "{\"type\":\"ohlc1s\",\"symbol\":\"X\",\"ts_ms\":1700000000000,\"open\":1,\"high\":1,"
                + "\"low\":1,\"close\":1,\"volume\":5,\"trades\":7}";

        feed(handler.splitter(handler.open(FILE, failures::add)), (line + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(publisher.bars()).singleElement().extracting(Bar::trades).isEqualTo(7L);
    }

    @Test
    void ignoresBlankLinesSilently() {
        LineSession session = handler.open(FILE, failures::add);

        feed(handler.splitter(session), ("\n  \n\t\r\n" + GOOD_TRADE + "\r\n").getBytes(StandardCharsets.UTF_8));

        assertThat(publisher.deadLetters()).isEmpty();
        assertThat(publisher.trades()).hasSize(1);
        assertThat(session.blank()).isEqualTo(3);
        assertThat(registry.get("ticktape.gateway.lines.blank").counter().count())
                .isEqualTo(3.0);
    }

    @Test
    void reportsPublishFailureToTheSessionAndCountsIt() {
        IllegalStateException boom = new IllegalStateException("broker down");
        publisher.failWith(boom);
        LineSession session = handler.open(FILE, failures::add);

        feed(handler.splitter(session), (GOOD_TRADE + "\nnot json\n").getBytes(StandardCharsets.UTF_8));

        assertThat(failures).containsExactly(boom, boom);
        assertThat(session.publishFailures()).isEqualTo(2);
        assertThat(registry.get("ticktape.gateway.publish.failures").counter().count())
                .isEqualTo(2.0);
        assertThat(budget.records()).isZero();
    }

    @Test
    void holdsBudgetUntilAcknowledged() {
        publisher.holdAcks();
        feed(
                handler.splitter(handler.open(FILE, failures::add)),
                (GOOD_TRADE + "\n" + GOOD_TRADE + "\n").getBytes(StandardCharsets.UTF_8));

        assertThat(budget.records()).isEqualTo(2);
        assertThat(budget.bytes()).isEqualTo(2L * GOOD_TRADE.length());

        publisher.releaseAcks();
        assertThat(budget.records()).isZero();
        assertThat(budget.bytes()).isZero();
    }

    private double rejectedCount(String connection, String reason) {
        return registry.get("ticktape.gateway.lines.rejected")
                .tag("connection", connection)
                .tag("reason", reason)
                .counter()
                .count();
    }

    private double acceptedCount(String connection, String type) {
        return registry.get("ticktape.gateway.lines.accepted")
                .tag("connection", connection)
                .tag("type", type)
                .counter()
                .count();
    }

    private static void feed(LineSplitter splitter, byte[] bytes) {
        splitter.feed(bytes, 0, bytes.length);
    }

    private static String bar(long ts, double o, double h, double l, double c) {
        return "{\"type\":\"ohlc1s\",\"symbol\":\"btcusdt\",\"ts_ms\":" + ts + ",\"open\":" + o + ",\"high\":" + h
                + ",\"low\":" + l + ",\"close\":" + c + ",\"volume\":3.5}";
    }

    private static Arguments bad(String name, String line, RejectReason reason) {
        return Arguments.of(name, line.getBytes(StandardCharsets.UTF_8), reason);
    }

    private static byte[] concat(String a, byte[] b, String c) {
        return concat(concat(a.getBytes(StandardCharsets.UTF_8), b), c.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, String b) {
        return concat(a, b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
