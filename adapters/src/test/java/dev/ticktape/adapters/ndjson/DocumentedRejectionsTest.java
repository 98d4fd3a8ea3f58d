package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.adapters.runtime.InflightLimits;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "Errors" table of docs/stream_daemon.md, row by row: one bad line per documented reason goes through the
 * gateway's line handler and comes out as one dead letter and one counter with exactly that reason. The expected
 * strings are written out, not taken from the enum, so renaming a code breaks this test as it would break users.
 */
@Timeout(10)
class DocumentedRejectionsTest {
    private static final long NOW = 1_700_000_005_000L;
    private static final int MAX_LINE = 256;
    private static final String GOOD =
            "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":1700000000123,\"price\":95473.29,\"qty\":0.001}";

    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private LineHandler handler;

    @BeforeEach
    void setUp() {
        InflightBudget budget = new InflightBudget(InflightLimits.DEFAULT);
        handler = new LineHandler(
                GatewayConfig.defaults().withMaxLineBytes(MAX_LINE),
                new EventCodec(),
                publisher,
                budget,
                new GatewayMetrics(registry, budget),
                Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    }

    static Stream<Arguments> oneLinePerReason() {
        return Stream.of(
                line(
                        "invalid_utf8",
                        bytes("{\"type\":\"trade\",\"symbol\":\"X", new byte[] {(byte) 0xC3, 0x28}, "\"}")),
                text("line_too_long", "{\"type\":\"trade\",\"symbol\":\"" + "A".repeat(MAX_LINE) + "\"}"),
                text("invalid_json", "{\"type\":\"trade\",\"symbol\":"),
                text("not_an_object", "[1,2,3]"),
                text("unknown_type", "{\"type\":\"quote\",\"symbol\":\"X\",\"ts_ms\":1700000000123}"),
                text("missing_field", "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"qty\":1}"),
                text(
                        "wrong_type",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":\"1.5\",\"qty\":1}"),
                text(
                        "non_finite",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":NaN,\"qty\":1}"),
                text(
                        "negative",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":1.5,\"qty\":-1}"),
                text(
                        "non_positive_price",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":-5,\"qty\":1}"),
                text(
                        "invalid_symbol",
                        "{\"type\":\"trade\",\"symbol\":\"A B\",\"ts_ms\":1700000000123,\"price\":1.5,\"qty\":1}"),
                text(
                        "invalid_venue",
                        "{\"type\":\"trade\",\"venue\":\"a b\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":1.5,"
                                + "\"qty\":1}"),
                text(
                        "invalid_value",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000123,\"price\":1.5,\"qty\":1,"
                                + "\"side\":\"up\"}"),
                text(
                        "timestamp_out_of_range",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":-5,\"price\":1.5,\"qty\":1}"),
                text(
                        "timestamp_in_seconds",
                        "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000,\"price\":1.5,\"qty\":1}"),
                text(
                        "not_second_aligned",
                        "{\"type\":\"ohlc1s\",\"symbol\":\"X\",\"ts_ms\":1700000000500,\"open\":10,\"high\":12,"
                                + "\"low\":9,\"close\":11,\"volume\":1}"),
                text(
                        "inconsistent_ohlc",
                        "{\"type\":\"ohlc1s\",\"symbol\":\"X\",\"ts_ms\":1700000000000,\"open\":10,\"high\":12,"
                                + "\"low\":10.5,\"close\":11,\"volume\":1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oneLinePerReason")
    void aBadLineIsOneDeadLetterWithTheDocumentedReason(String reason, byte[] line) {
        LineSession session = handler.open(LineSource.STDIN, f -> {});
        byte[] input = concat(
                concat(line, "\n".getBytes(StandardCharsets.UTF_8)), (GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        handler.splitter(session).feed(input, 0, input.length);

        assertThat(publisher.deadLetters()).singleElement().satisfies(d -> {
            assertThat(d.reason().code()).isEqualTo(reason);
            assertThat(d.source()).isEqualTo("stdin");
        });
        assertThat(registry.get("ticktape.gateway.lines.rejected")
                        .tag("connection", "stdin")
                        .tag("reason", reason)
                        .counter()
                        .count())
                .isEqualTo(1.0);
        assertThat(publisher.trades()).hasSize(1); // the input goes on
    }

    @Test
    void everyReasonInTheDocsHasALineHere() {
        List<String> tested = oneLinePerReason().map(a -> (String) a.get()[0]).collect(Collectors.toList());
        assertThat(tested).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ErrorsTable.reasons());
    }

    @Test
    void theDocsTableListsExactlyTheReasonsOfTheCode() {
        assertThat(ErrorsTable.reasons())
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(RejectReason.values())
                        .map(RejectReason::code)
                        .toList());
    }

    @Test
    void aTimeInSecondsSaysHowToFixIt() {
        byte[] line = "{\"type\":\"trade\",\"symbol\":\"X\",\"ts_ms\":1700000000,\"price\":1.5,\"qty\":1}\n"
                .getBytes(StandardCharsets.UTF_8);
        handler.splitter(handler.open(LineSource.STDIN, f -> {})).feed(line, 0, line.length);

        assertThat(publisher.deadLetters())
                .singleElement()
                .extracting(DeadLetter::detail)
                .isEqualTo("ts_ms 1700000000 looks like seconds (2023-11-14T22:13:20Z as seconds); send epoch "
                        + "milliseconds (x1000)");
        assertThat(publisher.trades()).isEmpty(); // not accepted as a 1970 trade that would go to md.late
    }

    private static Arguments text(String reason, String line) {
        return line(reason, line.getBytes(StandardCharsets.UTF_8));
    }

    private static Arguments line(String reason, byte[] line) {
        return Arguments.of(reason, line);
    }

    private static byte[] bytes(String a, byte[] b, String c) {
        return concat(concat(a.getBytes(StandardCharsets.UTF_8), b), c.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
