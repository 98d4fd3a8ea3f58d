package dev.ticktape.topology.bars;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Headers on {@code md.late} records, values as decimal ASCII: which bar the record missed and the watermark
 * it missed it by. The record value is the late input itself (trade JSON, or a 1s bar JSON for the roll-up).
 */
public final class LateHeaders {
    /** Start (epoch ms) of the bar the record belonged to. */
    public static final String BAR_START = "ticktape.bar_start";
    /** The closed watermark (epoch ms) at the time the record arrived. */
    public static final String WATERMARK = "ticktape.watermark";
    /** The interval of the missed bar: {@code 1s} (late trade) or {@code 1m} (late 1s bar). */
    public static final String INTERVAL = "ticktape.interval";

    private LateHeaders() {}

    static Headers of(String interval, long barStart, long watermark) {
        RecordHeaders h = new RecordHeaders();
        h.add(BAR_START, ascii(barStart));
        h.add(WATERMARK, ascii(watermark));
        h.add(INTERVAL, interval.getBytes(StandardCharsets.US_ASCII));
        return h;
    }

    private static byte[] ascii(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }
}
