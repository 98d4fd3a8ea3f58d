package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.adapters.runtime.InMemoryPublisher;
import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.adapters.runtime.InflightLimits;
import dev.ticktape.broker.LogCapture;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Trade;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileTailerTest {
    private static final Duration DEADLINE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final InMemoryPublisher publisher = new InMemoryPublisher();
    private final InflightBudget budget = new InflightBudget(new InflightLimits(100, 50, 1L << 20, 1L << 19));
    private final LineHandler handler = new LineHandler(
            GatewayConfig.defaults(),
            new EventCodec(),
            publisher,
            budget,
            new GatewayMetrics(new SimpleMeterRegistry(), budget),
            Clock.systemUTC());
    private FileTailer tailer;

    @AfterEach
    void tearDown() {
        if (tailer != null) tailer.close();
    }

    @Test
    void replaysWholeFileThenCompletes() throws Exception {
        Path file = dir.resolve("trades.ndjson");
        Files.writeString(file, lines(1, 1000) + "garbage\n" + trade(1001)); // last line has no newline

        tailer = new FileTailer(file, false, handler, budget, Duration.ofMillis(20));
        tailer.start();
        tailer.awaitCompletion(DEADLINE);

        assertThat(publisher.trades()).hasSize(1001);
        assertThat(publisher.trades()).extracting(Trade::price).startsWith(1.0).endsWith(1001.0);
        assertThat(publisher.trades().get(0).source()).isEqualTo("file:" + file);
        assertThat(publisher.deadLetters())
                .singleElement()
                .extracting(d -> d.reason())
                .isEqualTo(RejectReason.INVALID_JSON);
        // The replay is one channel, ended at the end of the file, with every trade through it.
        assertThat(publisher.channels()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("file:" + file);
            assertThat(c.closed()).isTrue();
            assertThat(c.trades()).hasSize(1001);
        });
    }

    @Test
    void replayBlocksWhileAcksAreHeldAndFinishesOnceReleased() throws Exception {
        Path file = dir.resolve("big.ndjson");
        Files.writeString(file, lines(1, 5000));
        publisher.holdAcks();

        tailer = new FileTailer(file, false, handler, budget, Duration.ofMillis(20));
        tailer.start();

        // Reading stops near the high mark of 100: at most one 64 KiB chunk (~840 lines of ~78 bytes) past it.
        await().atMost(DEADLINE).until(budget::isPaused);
        await().during(Duration.ofMillis(300))
                .atMost(DEADLINE)
                .until(() -> !tailer.completion().isDone() && budget.records() <= 100 + 900);

        publisher.releaseAcks();
        tailer.awaitCompletion(DEADLINE);
        assertThat(publisher.trades()).hasSize(5000);
    }

    @Test
    void failsReplayOfMissingFile() {
        tailer = new FileTailer(dir.resolve("absent.ndjson"), false, handler, budget, Duration.ofMillis(20));
        tailer.start();

        await().atMost(DEADLINE).until(() -> tailer.completion().isDone());
        assertThat(tailer.completion()).isCompletedExceptionally();
    }

    @Test
    void followPicksUpAppendedLinesAndCompletesPartialLine() throws Exception {
        Path file = dir.resolve("live.ndjson");
        Files.writeString(file, lines(1, 3));
        tailer = new FileTailer(file, true, handler, budget, Duration.ofMillis(20));
        tailer.start();
        await().atMost(DEADLINE).until(() -> publisher.trades().size() == 3);

        String fourth = trade(4);
        append(file, fourth.substring(0, 20));
        await().during(Duration.ofMillis(200))
                .atMost(DEADLINE)
                .until(() -> publisher.trades().size() == 3);
        append(file, fourth.substring(20) + "\n" + trade(5) + "\n");

        await().atMost(DEADLINE).until(() -> publisher.trades().size() == 5);
        assertThat(publisher.deadLetters()).isEmpty();
        tailer.close();
        assertThat(tailer.completion()).isCompleted();
    }

    @Test
    void followRereadsTruncatedFileFromTheStart() throws Exception {
        Path file = dir.resolve("truncated.ndjson");
        Files.writeString(file, lines(1, 5));
        tailer = new FileTailer(file, true, handler, budget, Duration.ofMillis(20));
        tailer.start();
        await().atMost(DEADLINE).until(() -> publisher.trades().size() == 5);

        Files.writeString(file, trade(6) + "\n", StandardOpenOption.TRUNCATE_EXISTING);

        await().atMost(DEADLINE).until(() -> publisher.trades().size() == 6);
        assertThat(publisher.trades().get(5).price()).isEqualTo(6.0);
    }

    @Test
    void followSwitchesToReplacedFile() throws Exception {
        Path file = dir.resolve("rotated.ndjson");
        Files.writeString(file, lines(1, 2));
        tailer = new FileTailer(file, true, handler, budget, Duration.ofMillis(20));
        tailer.start();
        await().atMost(DEADLINE).until(() -> publisher.trades().size() == 2);

        Path next = dir.resolve("next.ndjson");
        Files.writeString(next, lines(3, 10)); // larger than the old file: only the file key reveals the swap
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        await().atMost(DEADLINE).until(() -> publisher.trades().size() == 10);
        assertThat(publisher.trades()).extracting(Trade::price).endsWith(10.0);
    }

    @Test
    void streamReaderReadsStdinToTheEnd() throws IOException, InterruptedException {
        byte[] input = (lines(1, 10) + "\n{bad\n" + trade(11)).getBytes(StandardCharsets.UTF_8);

        LineSession session =
                new NdjsonStreamReader(handler, budget).readAll(new ByteArrayInputStream(input), LineSource.STDIN);

        assertThat(session.accepted()).isEqualTo(11);
        assertThat(session.rejected()).isEqualTo(1);
        assertThat(session.blank()).isEqualTo(1);
        assertThat(publisher.trades()).allSatisfy(t -> assertThat(t.source()).isEqualTo("stdin"));
        assertThat(publisher.channels()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo("stdin");
            assertThat(c.closed()).as("ended at EOF").isTrue();
            assertThat(c.trades()).hasSize(11);
        });
    }

    @Test
    void followKeepsItsChannelOpenUntilClosed() throws Exception {
        Path file = dir.resolve("follow.ndjson");
        Files.writeString(file, lines(1, 3));
        tailer = new FileTailer(file, true, handler, budget, Duration.ofMillis(20));
        tailer.start();
        await().atMost(DEADLINE).until(() -> publisher.trades().size() == 3);
        assertThat(publisher.channels())
                .singleElement()
                .satisfies(c -> assertThat(c.closed()).isFalse());

        tailer.close();
        assertThat(publisher.channels()).singleElement().satisfies(c -> {
            assertThat(c.closed()).isTrue();
            assertThat(c.trades()).hasSize(3);
        });
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    @Test
    void aFileNameWithANewlineCannotForgeALogLine() throws Exception {
        // A file name may hold any character but '/' and NUL; its label reaches the log and the replay summary.
        Path file = dir.resolve("in\nERROR forged.ndjson");
        Files.writeString(file, lines(1, 3) + "garbage\n");
        String escaped = "file:" + dir + "/in\\u000aERROR forged.ndjson";

        try (LogCapture log = new LogCapture(FileTailer.class)) {
            tailer = new FileTailer(file, false, handler, budget, Duration.ofMillis(20));
            tailer.start();
            tailer.awaitCompletion(DEADLINE);

            assertThat(log.messages())
                    .hasSize(2) // opened, summary
                    .allSatisfy(m -> assertThat(m).doesNotContain("\n").doesNotContain("\r"))
                    .anySatisfy(m -> assertThat(m).startsWith("ndjson input opened " + escaped))
                    .anySatisfy(m -> assertThat(m).startsWith("replay " + escaped + " finished"));
        }
        // Dead letters and provenance keep the label as it is: JSON escapes it, and it must name the real file.
        assertThat(publisher.deadLetters())
                .singleElement()
                .extracting(d -> d.source())
                .isEqualTo("file:" + file);
        assertThat(new PublishFailedException("file:" + file, new IllegalStateException("down\nERROR x")).getMessage())
                .isEqualTo("publish failed for " + escaped + ": java.lang.IllegalStateException: down\\u000aERROR x");
    }

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to)
                .mapToObj(FileTailerTest::trade)
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String trade(int i) {
        return "{\"type\":\"trade\",\"symbol\":\"BTCUSDT\",\"ts_ms\":" + (1_700_000_000_000L + i) + ",\"price\":" + i
                + ",\"qty\":0.5}";
    }
}
