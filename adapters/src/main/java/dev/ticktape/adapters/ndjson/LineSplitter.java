package dev.ticktape.adapters.ndjson;

import java.util.Arrays;

/**
 * Splits a byte stream into lines on {@code \n}, stripping one trailing {@code \r}. Holds at most one partial line
 * of up to {@code maxLineBytes}; a longer line is skipped up to its newline and reported once through
 * {@link Sink#tooLong} with its first {@code headBytes}. Lines that fit in one fed chunk are passed without
 * copying. Not thread-safe: one splitter per input.
 */
public final class LineSplitter {

    /** Receives lines. Buffers are reused after the call returns: copy what must be kept. */
    public interface Sink {
        void line(byte[] buf, int off, int len);

        /** A line longer than the limit: its first {@code headLen} bytes at {@code buf[off]}, and its full length. */
        void tooLong(byte[] buf, int off, int headLen, long lineBytes);
    }

    private final int maxLineBytes;
    private final int headBytes;
    private final Sink sink;
    private byte[] pending;
    private int pendingLen;
    /** Bytes of the current line seen so far while skipping an oversized line; -1 when not skipping. */
    private long skippedLineBytes = -1;

    public LineSplitter(int maxLineBytes, int headBytes, Sink sink) {
        if (maxLineBytes < 1 || headBytes < 0) throw new IllegalArgumentException("limits");
        this.maxLineBytes = maxLineBytes;
        this.headBytes = Math.min(headBytes, maxLineBytes);
        this.sink = sink;
        this.pending = new byte[Math.min(1024, maxLineBytes + 1)];
    }

    public void feed(byte[] buf, int off, int len) {
        int end = off + len;
        int start = off;
        while (start < end) {
            int nl = indexOfNewline(buf, start, end);
            if (nl < 0) {
                append(buf, start, end - start);
                return;
            }
            if (pendingLen == 0 && skippedLineBytes < 0) {
                emit(buf, start, nl - start);
            } else {
                append(buf, start, nl - start);
                completePending();
            }
            start = nl + 1;
        }
    }

    /** End of input: a last line without a newline is delivered like any other line. */
    public void finish() {
        if (pendingLen > 0 || skippedLineBytes >= 0) completePending();
    }

    /** Whether bytes of a line without its newline are pending (the input stopped mid-line if it ends now). */
    public boolean hasPartial() {
        return pendingLen > 0 || skippedLineBytes >= 0;
    }

    /** Forgets a partial line (used when the input it belonged to is gone, e.g. a connection failed). */
    public void discardPartial() {
        pendingLen = 0;
        skippedLineBytes = -1;
    }

    private void completePending() {
        if (skippedLineBytes >= 0) {
            long total = skippedLineBytes;
            skippedLineBytes = -1;
            int head = pendingLen;
            pendingLen = 0;
            sink.tooLong(pending, 0, head, total);
        } else {
            int n = pendingLen;
            pendingLen = 0;
            emit(pending, 0, n);
        }
    }

    private void emit(byte[] buf, int off, int len) {
        if (len > 0 && buf[off + len - 1] == '\r') len--;
        if (len > maxLineBytes) {
            sink.tooLong(buf, off, headBytes, len);
        } else {
            sink.line(buf, off, len);
        }
    }

    private void append(byte[] buf, int off, int len) {
        if (len == 0) return;
        if (skippedLineBytes >= 0) {
            skippedLineBytes += len;
            return;
        }
        // One byte of slack for a '\r' that the terminator may still strip.
        if (pendingLen + len > maxLineBytes + 1) {
            int keep = Math.min(headBytes - Math.min(pendingLen, headBytes), len);
            if (pendingLen < headBytes) {
                ensureCapacity(pendingLen + keep);
                System.arraycopy(buf, off, pending, pendingLen, keep);
            }
            skippedLineBytes = (long) pendingLen + len;
            pendingLen = Math.min(headBytes, pendingLen + keep);
            return;
        }
        ensureCapacity(pendingLen + len);
        System.arraycopy(buf, off, pending, pendingLen, len);
        pendingLen += len;
    }

    private void ensureCapacity(int needed) {
        if (needed <= pending.length) return;
        int size = Math.min(Math.max(needed, pending.length * 2), maxLineBytes + 1);
        pending = Arrays.copyOf(pending, size);
    }

    private static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') return i;
        }
        return -1;
    }
}
