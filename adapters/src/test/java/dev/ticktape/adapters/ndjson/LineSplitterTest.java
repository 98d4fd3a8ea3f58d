package dev.ticktape.adapters.ndjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineSplitterTest {
    private final List<String> out = new ArrayList<>();
    private final LineSplitter.Sink sink = new LineSplitter.Sink() {
        @Override
        public void line(byte[] buf, int off, int len) {
            out.add(new String(buf, off, len, StandardCharsets.UTF_8));
        }

        @Override
        public void tooLong(byte[] buf, int off, int headLen, long lineBytes) {
            out.add("TOO_LONG(" + lineBytes + "):" + new String(buf, off, headLen, StandardCharsets.UTF_8));
        }
    };

    @Test
    void splitsOnNewlineAndStripsCarriageReturn() {
        LineSplitter s = new LineSplitter(100, 10, sink);
        feed(s, "a\r\nbb\n\nccc\r\n");

        assertThat(out).containsExactly("a", "bb", "", "ccc");
    }

    @Test
    void deliversTheSameLinesWhateverTheChunking() {
        String input = "first line\r\n" + "x".repeat(40) + "\n\nshort\n" + "y".repeat(70) + "\nlast";
        byte[] bytes = input.getBytes(StandardCharsets.UTF_8);
        LineSplitter whole = new LineSplitter(50, 8, sink);
        whole.feed(bytes, 0, bytes.length);
        whole.finish();
        List<String> expected = List.copyOf(out);

        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            out.clear();
            LineSplitter s = new LineSplitter(50, 8, sink);
            int pos = 0;
            while (pos < bytes.length) {
                int n = Math.min(bytes.length - pos, 1 + random.nextInt(12));
                s.feed(bytes, pos, n);
                pos += n;
            }
            s.finish();
            assertThat(out).as("round %d", round).isEqualTo(expected);
        }
        assertThat(expected)
                .containsExactly("first line", "x".repeat(40), "", "short", "TOO_LONG(70):yyyyyyyy", "last");
    }

    @Test
    void reportsOversizedLineOnceAndContinuesWithTheNextLine() {
        LineSplitter s = new LineSplitter(10, 4, sink);
        feed(s, "abcdefgh");
        feed(s, "ijklmnop");
        feed(s, "qrst\nok\n");

        assertThat(out).containsExactly("TOO_LONG(20):abcd", "ok");
    }

    @Test
    void allowsLineOfExactlyTheLimitWithCrLf() {
        LineSplitter s = new LineSplitter(5, 4, sink);
        feed(s, "abc");
        feed(s, "de\r");
        feed(s, "\n12345\r\n");

        assertThat(out).containsExactly("abcde", "12345");
    }

    @Test
    void finishDeliversPartialLastLineOnlyOnce() {
        LineSplitter s = new LineSplitter(100, 10, sink);
        feed(s, "one\ntwo");
        s.finish();
        s.finish();

        assertThat(out).containsExactly("one", "two");
    }

    @Test
    void discardPartialDropsTheUnfinishedLine() {
        LineSplitter s = new LineSplitter(100, 10, sink);
        feed(s, "one\ntw");
        s.discardPartial();
        feed(s, "three\n");

        assertThat(out).containsExactly("one", "three");
    }

    private static void feed(LineSplitter s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
    }
}
