package dev.ticktape.topology.bars;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers on {@code md.late} records, values as ASCII: why the record is there, which bar it missed and the
 * watermark at the time (decimal epoch ms). The record value is the late input itself (trade JSON, or a 1s bar JSON for the roll-up).
 */
public final class LateHeaders {
    /** Start (epoch ms) of the bar the record belonged to. */
    public static final String BAR_START = "ticktape.bar_start";
    /** The closed watermark (epoch ms) at the time the record arrived. */
    public static final String WATERMARK = "ticktape.watermark";
    /** The interval of the missed bar: {@code 1s} (late trade) or {@code 1m} (late 1s bar). */
    public static final String INTERVAL = "ticktape.interval";
    /** Why the record is here (ASCII code). */
    public static final String REASON = "ticktape.reason";
    /** The record's bar ended more than the allowed lateness before the newest input: it can no longer be revised. */
    public static final String BEYOND_LATENESS = "beyond_allowed_lateness";

    private LateHeaders() {}

    static Headers of(String interval, long barStart, long watermark, String reason) {
        RecordHeaders h = new RecordHeaders();
        h.add(REASON, reason.getBytes(StandardCharsets.US_ASCII));
        h.add(BAR_START, ascii(barStart));
        h.add(WATERMARK, ascii(watermark));
        h.add(INTERVAL, interval.getBytes(StandardCharsets.US_ASCII));
        return h;
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
