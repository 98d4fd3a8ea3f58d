package dev.ticktape.model.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.InvalidEventException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pins the codec's observable behaviour on a corpus of lines: for every line, what each decoder makes of it
 * (the event, or the reject reason and detail text, which users see in dead letters and counters), and the exact
 * bytes the encoders write for it. The expected files were recorded from the codec before its parsing and
 * writing were reworked for speed, so they are an oracle independent of the current code; a change that alters
 * a reject detail or a single encoded byte fails here. (To extend the corpus, record the new expectations from a
 * codec known to be right, not from the one under change.)
 *
 * <p>{@code decode-corpus.ndjson}: one input per line; {@code decode-corpus.expected.tsv}: per input, the outcome
 * of {@code decode} (default venue {@code ndjson}), of {@code decode} limited to trade and ohlc1s (default venue
 * {@code gw}) and of {@code decodeTick}, tab-separated, with backslash, tab and newline escaped.
 * {@code encode-corpus.expected.ndjson}: per input of both corpora, the encoded event, else the encoded tick, else
 * the encoded dead letter of the general decoder's rejection.
 */
@Timeout(20)
class EventCodecCorpusTest {
    private static final String GATEWAY_VENUE = "gw";
    private static final List<String> GATEWAY_TYPES = List.of("trade", "ohlc1s");
    private static final long DLQ_RECV_MS = 1_700_000_000_123L;

    private final EventCodec codec = new EventCodec();

    @Test
    void decodersGiveTheRecordedEventOrRejection() throws IOException {
        List<String> inputs = lines("decode-corpus.ndjson");
        List<String> expected = lines("decode-corpus.expected.tsv");
        assertThat(expected).hasSameSizeAs(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            byte[] b = inputs.get(i).getBytes(StandardCharsets.UTF_8);
            String actual = String.join(
                    "\t",
                    escape(outcome(() -> codec.decode(b, 0, b.length, EventCodec.DEFAULT_VENUE))),
                    escape(outcome(() -> codec.decode(b, 0, b.length, GATEWAY_VENUE, GATEWAY_TYPES))),
                    escape(outcome(() -> codec.decodeTick(b))));
            assertThat(actual).as("line %d: %s", i + 1, inputs.get(i)).isEqualTo(expected.get(i));
        }
    }

    @Test
    void encodersWriteTheRecordedBytes() throws IOException {
        List<String> inputs = new ArrayList<>(lines("decode-corpus.ndjson"));
        inputs.addAll(lines("encode-corpus.ndjson"));
        List<String> expected = lines("encode-corpus.expected.ndjson");
        assertThat(expected).hasSameSizeAs(inputs);
        for (int i = 0; i < inputs.size(); i++) {
            byte[] b = inputs.get(i).getBytes(StandardCharsets.UTF_8);
            assertThat(new String(encoded(b), StandardCharsets.UTF_8))
                    .as("input %d: %s", i + 1, inputs.get(i))
                    .isEqualTo(expected.get(i));
        }
    }

    @Test
    void deadLetterOfBytesThatAreNotUtf8KeepsThemInBase64() {
        byte[] raw = {'{', (byte) 0xC3, 0x28, '}'};
        DeadLetter d = new DeadLetter(
                dev.ticktape.model.RejectReason.INVALID_UTF8,
                "line is not valid UTF-8",
                "stdin",
                DLQ_RECV_MS,
                raw,
                true);
        // base64 of 7B C3 28 7D is "e8MofQ==".
        assertThat(new String(codec.encodeDeadLetter(d), StandardCharsets.UTF_8))
                .isEqualTo("{\"type\":\"dlq\",\"reason\":\"invalid_utf8\",\"detail\":\"line is not valid UTF-8\","
                        + "\"source\":\"stdin\",\"recv_ms\":1700000000123,\"raw_base64\":\"e8MofQ==\","
                        + "\"truncated\":true}");
    }

    @Test
    void invalidUtf8NearARepeatedNameIsJudgedInTheRecordedOrder() {
        // Recorded like the corpus (bytes that are not UTF-8 cannot live in its text files).
        assertRejected(bytes("{\"a\":1,\"", 0xC3, '(', "\":2}"), "invalid_utf8: invalid UTF-8");
        assertRejected(bytes("{\"a\":1,\"a\":\"", 0xC3, '(', "\"}"), "invalid_json: Duplicate field 'a'");
        assertRejected(bytes("{\"a\":1,\"a\"", 0xC3, "}"), "invalid_json: Duplicate field 'a'");
    }

    private void assertRejected(byte[] line, String expected) {
        assertThat(outcome(() -> codec.decode(line, 0, line.length, EventCodec.DEFAULT_VENUE)))
                .isEqualTo("rejected " + expected);
    }

    /** Strings as UTF-8, integers and chars as single bytes. */
    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            if (part instanceof String s) out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            else if (part instanceof Character c) out.write(c);
            else out.write((Integer) part);
        }
        return out.toByteArray();
    }

    private byte[] encoded(byte[] line) {
        try {
            return codec.encode(codec.decode(line, 0, line.length, EventCodec.DEFAULT_VENUE));
        } catch (InvalidEventException e) {
            try {
                return codec.encodeTick(codec.decodeTick(line));
            } catch (InvalidEventException notATick) {
                return codec.encodeDeadLetter(
                        new DeadLetter(e.reason(), e.detail(), "tcp:127.0.0.1:5000", DLQ_RECV_MS, line, false));
            }
        }
    }

    private static String outcome(Supplier<Object> decode) {
        try {
            return "accepted " + decode.get();
        } catch (InvalidEventException e) {
            return "rejected " + e.reason().code() + ": " + e.detail();
        } catch (RuntimeException e) {
            return "error " + e.getClass().getName() + ": " + e.getMessage();
        }
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** The resource's lines split at {@code \n} only (a record may hold other line separators, e.g. U+2028). */
    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = EventCodecCorpusTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> out = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
            if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
            return out;
        }
    }
}
