package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.model.Bar;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The gateway over real TCP sockets on an ephemeral port. */
@Timeout(60)
class NdjsonGatewayIT {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private NdjsonGateway gateway;

    @BeforeEach
    void start() throws InterruptedException {
        gateway = new NdjsonGateway(GatewayConfig.defaults().withPort(0), publisher, registry);
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void handlesGoodBadAndOversizedLinesOnOneConnectionWhichStaysOpen() throws IOException {
        try (Socket socket = connect()) {
            String label = "tcp:127.0.0.1:" + socket.getLocalPort();
            OutputStream out = socket.getOutputStream();
            write(out, trade("BTCUSDT", 1) + "\n");
            write(out, "{not json\n");
            write(out, "{\"type\":\"trade\",\"symbol\":\"" + "A".repeat(100_000) + "\"}\n");
            write(out, trade("ETHUSDT", 2) + "\r\n");
            write(
                    out,
                    "{\"type\":\"ohlc1s\",\"symbol\":\"SOLUSDT\",\"ts_ms\":1700000000000,\"open\":1,\"high\":2,"
                            + "\"low\":1,\"close\":2,\"volume\":10,\"trades\":3}\n");

            await().atMost(DEADLINE)
                    .until(() -> publisher.eventCount() == 3
                            && publisher.deadLetters().size() == 2);
            assertThat(publisher.trades())
                    .extracting(Trade::symbol, Trade::source)
                    .containsExactly(tuple("BTCUSDT", "live:BTCUSDT"), tuple("ETHUSDT", "live:ETHUSDT"));
            assertThat(publisher.bars())
                    .singleElement()
                    .extracting(Bar::source, Bar::trades)
                    .containsExactly("live:SOLUSDT", 3L);
            assertThat(publisher.deadLetters())
                    .extracting(DeadLetter::reason)
                    .containsExactly(RejectReason.INVALID_JSON, RejectReason.LINE_TOO_LONG);
            assertThat(publisher.deadLetters())
                    .allSatisfy(d -> assertThat(d.source()).isEqualTo(label));
            assertThat(publisher.deadLetters().get(1).raw()).hasSize(GatewayConfig.DEAD_LETTER_HEAD_BYTES);

            // Still open: a later line on the same connection is accepted.
            write(out, trade("XRPUSDT", 4) + "\n");
            await().atMost(DEADLINE).until(() -> publisher.trades().size() == 3);
            assertThat(registry.get("ticktape.gateway.connections").gauge().value())
                    .isEqualTo(1.0);
            assertThat(registry.get("ticktape.gateway.lines.rejected")
                            .tag("connection", label)
                            .tag("reason", "line_too_long")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        }
        await().atMost(DEADLINE)
                .until(() ->
                        registry.get("ticktape.gateway.connections").gauge().value() == 0.0);
    }

    @Test
    void processesFinalLineWithoutNewlineWhenProducerCloses() throws IOException {
        try (Socket socket = connect()) {
            write(socket.getOutputStream(), trade("BTCUSDT", 1) + "\n" + trade("ETHUSDT", 2));
            socket.shutdownOutput();

            await().atMost(DEADLINE).until(() -> publisher.trades().size() == 2);
            assertThat(publisher.trades().get(1).symbol()).isEqualTo("ETHUSDT");
        }
    }

    @Test
    void recordsAProducerDropGapWhenTheConnectionEndsMidLine() throws IOException {
        long beforeLastLine;
        long afterLastLine;
        long beforeDrop;
        String connection;
        try (Socket socket = connect()) {
            connection = ("tcp:127.0.0.1:" + socket.getLocalPort()).toUpperCase(java.util.Locale.ROOT);
            OutputStream out = socket.getOutputStream();
            write(out, trade("BTCUSDT", 1) + "\n");
            beforeLastLine = System.currentTimeMillis();
            write(out, trade("ETHUSDT", 2) + "\n");
            await().atMost(DEADLINE).until(() -> publisher.trades().size() == 2);
            afterLastLine = System.currentTimeMillis();
            write(out, "{\"type\":\"trade\",\"symbol\":\"SOLUS");
            beforeDrop = System.currentTimeMillis();
        } // closed mid-line
        await().atMost(DEADLINE)
                .until(() -> publisher.events().stream().anyMatch(dev.ticktape.model.Gap.class::isInstance));
        dev.ticktape.model.Gap gap = publisher.events().stream()
                .filter(dev.ticktape.model.Gap.class::isInstance)
                .map(dev.ticktape.model.Gap.class::cast)
                .findFirst()
                .orElseThrow();
        assertThat(gap.cause()).isEqualTo(dev.ticktape.model.Gap.Cause.PRODUCER_DROP);
        assertThat(gap.venue()).isEqualTo(GatewayConfig.defaults().defaultVenue());
        assertThat(gap.symbol()).isEqualTo(connection);
        assertThat(gap.instruments()).isEmpty();
        // From the last complete line (the clock read around writing it) to the drop (after the partial bytes).
        assertThat(gap.tsMs()).isBetween(beforeLastLine, afterLastLine);
        assertThat(gap.toMs()).isGreaterThanOrEqualTo(beforeDrop);
        assertThat(gap.isOpen()).isFalse();
        // The partial line itself was still handed over (here: a truncated line, dead-lettered).
        await().atMost(DEADLINE).until(() -> publisher.deadLetters().size() == 1);
    }

    @Test
    void recordsNoGapWhenTheProducerClosesAfterACompleteLine() throws IOException {
        try (Socket socket = connect()) {
            write(socket.getOutputStream(), trade("BTCUSDT", 1) + "\n");
            await().atMost(DEADLINE).until(() -> publisher.trades().size() == 1);
        }
        await().atMost(DEADLINE)
                .until(() ->
                        registry.get("ticktape.gateway.connections").gauge().value() == 0.0);
        assertThat(publisher.events()).noneMatch(dev.ticktape.model.Gap.class::isInstance);
    }

    @Test
    void closesConnectionWhenPublishFails() throws IOException {
        publisher.failWith(new IOException("broker unavailable"));
        try (Socket socket = connect()) {
            socket.setSoTimeout((int) DEADLINE.toMillis());
            write(socket.getOutputStream(), trade("BTCUSDT", 1) + "\n");

            InputStream in = socket.getInputStream();
            assertThat(in.read()).as("server closed the connection").isEqualTo(-1);
        }
        assertThat(registry.get("ticktape.gateway.publish.failures").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void servesSeveralConnectionsWithTheirOwnLabels() throws IOException {
        try (Socket a = connect();
                Socket b = connect()) {
            write(a.getOutputStream(), "oops\n");
            write(b.getOutputStream(), "oops\n");

            await().atMost(DEADLINE).until(() -> publisher.deadLetters().size() == 2);
            assertThat(publisher.deadLetters())
                    .extracting(DeadLetter::source)
                    .containsExactlyInAnyOrder(
                            "tcp:127.0.0.1:" + a.getLocalPort(), "tcp:127.0.0.1:" + b.getLocalPort());
        }
    }

    @Test
    void eachConnectionPublishesThroughItsOwnChannelEndedWhenItCloses() throws IOException {
        String labelA;
        try (Socket a = connect();
                Socket b = connect()) {
            labelA = "tcp:127.0.0.1:" + a.getLocalPort();
            String labelB = "tcp:127.0.0.1:" + b.getLocalPort();
            write(a.getOutputStream(), trade("BTCUSDT", 1) + "\n" + trade("ETHUSDT", 2) + "\n");
            write(b.getOutputStream(), trade("BTCUSDT", 3) + "\n");
            await().atMost(DEADLINE).until(() -> publisher.trades().size() == 3);

            assertThat(publisher.channels())
                    .extracting(InMemoryPublisher.RecordingChannel::name)
                    .containsExactlyInAnyOrder(labelA, labelB);
            assertThat(channel(labelA).trades()).extracting(Trade::symbol).containsExactly("BTCUSDT", "ETHUSDT");
            assertThat(channel(labelB).trades()).extracting(Trade::symbol).containsExactly("BTCUSDT");
            assertThat(publisher.channels()).noneMatch(InMemoryPublisher.RecordingChannel::closed);

            a.close();
            await().atMost(DEADLINE).until(() -> channel(labelA).closed());
            assertThat(channel(labelB).closed())
                    .as("the other connection's channel")
                    .isFalse();
        }
        await().atMost(DEADLINE)
                .until(() -> publisher.channels().stream().allMatch(InMemoryPublisher.RecordingChannel::closed));
    }

    private InMemoryPublisher.RecordingChannel channel(String name) {
        return publisher.channels().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private Socket connect() throws IOException {
        return new Socket(InetAddress.getLoopbackAddress(), gateway.port());
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String trade(String symbol, int i) {
        return "{\"type\":\"trade\",\"symbol\":\"" + symbol + "\",\"ts_ms\":" + (1_700_000_000_000L + i) + ",\"price\":"
                + (100 + i) + ",\"qty\":1}";
    }
}
