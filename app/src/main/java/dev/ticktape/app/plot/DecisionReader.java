package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.codec.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a decision NDJSON file incrementally: each {@link #poll} decodes only what was appended since the last
 * one. A line is decoded once its newline has arrived, so a line caught half-written by a sink is read whole on a
 * later poll; the final poll of a finished file also takes an unterminated last line. Bad lines (not JSON, not a
 * valid decision, another event type) are counted, never fatal.
 */
public final class DecisionReader {
    private static final int CHUNK = 1 << 20;

    private final Path file;
    private final EventCodec codec = new EventCodec();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long offset;
    private Object fileKey;
    private long lineNo;
    private long badLines;
    private String firstBad;

    public DecisionReader(Path file) {
        this.file = file;
    }

    /**
     * What one poll found.
     *
     * @param decisions the decisions decoded, in file order
     * @param restarted the file was replaced (another inode) or shrank: it was read again from its start, and
     *                  whatever was collected from the old content should be dropped
     */
    public record Batch(List<Decision> decisions, boolean restarted) {}

    /**
     * Decodes the complete lines appended since the last poll.
     *
     * @param finalRead also decode an unterminated last line (the file is not growing any more)
     */
    public Batch poll(boolean finalRead) throws IOException {
        List<Decision> out = new ArrayList<>();
        boolean restarted = false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            // A rotated file can be longer than the old one by the time it is seen: its identity tells, not its size.
            Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
            boolean replaced = fileKey != null && key != null && !fileKey.equals(key);
            fileKey = key;
            if (replaced || ch.size() < offset) {
                offset = 0;
                lineNo = 0;
                badLines = 0;
                firstBad = null;
                pending.reset();
                restarted = true;
            }
            ByteBuffer buf = ByteBuffer.allocate(CHUNK);
            int n;
            while ((n = ch.read(buf, offset)) > 0) {
                offset += n;
                split(buf.array(), n, out);
                buf.clear();
            }
        }
        if (finalRead && pending.size() > 0) {
            byte[] last = pending.toByteArray();
            pending.reset();
            decode(last, 0, last.length, out);
        }
        return new Batch(out, restarted);
    }

    /** Lines that were not valid decisions in what was read (since the last restart). */
    public long badLines() {
        return badLines;
    }

    /** The first bad line's number and why, for the summary line; null when there was none. */
    public String firstBad() {
        return firstBad;
    }

    private void split(byte[] chunk, int len, List<Decision> out) {
        int start = 0;
        for (int i = 0; i < len; i++) {
            if (chunk[i] != '\n') continue;
            if (pending.size() > 0) {
                pending.write(chunk, start, i - start);
                byte[] line = pending.toByteArray();
                pending.reset();
                decode(line, 0, line.length, out);
            } else {
                decode(chunk, start, i - start, out);
            }
            start = i + 1;
        }
        pending.write(chunk, start, len - start);
    }

    private void decode(byte[] buf, int off, int len, List<Decision> out) {
        lineNo++;
        if (len > 0 && buf[off + len - 1] == '\r') len--;
        if (isBlank(buf, off, len)) return; // blank lines separate nothing and are no error
        String why;
        try {
            MarketEvent e = codec.decode(buf, off, len, EventCodec.DEFAULT_VENUE);
            if (e instanceof Decision d) {
                out.add(d);
                return;
            }
            why = "type '" + e.type() + "' is not a decision";
        } catch (RuntimeException e) {
            why = brief(e);
        }
        badLines++;
        if (firstBad == null) firstBad = "line " + lineNo + ": " + why;
    }

    /** The first line of the error, cut short: Jackson's messages run on with the parser's location. */
    private static String brief(RuntimeException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int nl = m.indexOf('\n');
        if (nl >= 0) m = m.substring(0, nl);
        return m.length() > 100 ? m.substring(0, 100) + "..." : m;
    }

    private static boolean isBlank(byte[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t') return false;
        }
        return true;
    }
}
