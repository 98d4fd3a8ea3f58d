package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.runtime.InflightLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** TCP flow control reaches the producer while acknowledgements are held; nothing is lost when they resume. */
class BackpressureIT {
    private static final int HIGH = 1_000;
    private static final int LINES = 100_000; // ~8 MB: far more than the socket buffers on both sides
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Test
    void stallsProducerAtHighWaterMarkAndLosesNothingOnRelease() throws Exception {
        InMemoryPublisher publisher = new InMemoryPublisher();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        GatewayConfig config = GatewayConfig.defaults()
                .withPort(0)
                .withInflight(new InflightLimits(HIGH, HIGH / 2, 64L << 20, 32L << 20))
                .withReceiveBufferBytes(64 * 1024);
        publisher.holdAcks();
        AtomicLong linesWritten = new AtomicLong();

        NdjsonGateway gateway = new NdjsonGateway(config, publisher, registry);
        try (Socket socket = new Socket()) {
            gateway.start();
            socket.setSendBufferSize(64 * 1024);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port()));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeLines(socket, linesWritten));

            await().atMost(DEADLINE).until(() -> gateway.budget().isPaused());
            // Held: the producer cannot finish, and in-flight stays near the mark (one or two socket reads past it,
            // ~800 lines each with a 64 KiB receive buffer).
            await().during(Duration.ofMillis(500))
                    .atMost(DEADLINE)
                    .until(() -> !writer.isDone() && gateway.budget().records() <= HIGH + 2_500);
            assertThat(linesWritten.get())
                    .as("lines the producer got into its socket")
                    .isLessThan(LINES);
            assertThat(publisher.eventCount()).isLessThan(LINES / 2);
            assertThat(registry.get("ticktape.gateway.paused").gauge().value()).isEqualTo(1.0);

            publisher.releaseAcks();
            writer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            await().atMost(DEADLINE).until(() -> publisher.eventCount() == LINES);

            assertThat(publisher.eventCount()).isEqualTo(LINES);
            assertThat(publisher.deadLetters()).isEmpty();
            assertThat(gateway.budget().isPaused()).isFalse();
            assertThat(registry.get("ticktape.gateway.pauses").functionCounter().count())
                    .isGreaterThanOrEqualTo(1.0);
        } finally {
            publisher.releaseAcks(); // a failed assertion must not leave close() flushing held acks forever
            gateway.close();
        }
    }

    private static void writeLines(Socket socket, AtomicLong written) {
        try {
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
            for (int i = 0; i < LINES; i++) {
                String line = "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":" + (1_700_000_000_000L + i)
                        + ",\"price\":95473.29,\"qty\":0.001}\n";
                out.write(line.getBytes(StandardCharsets.US_ASCII));
                written.incrementAndGet();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
