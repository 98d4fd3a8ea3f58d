package dev.ticktape.app.push;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One record decoded once by its topic's feed and shared by every client it goes to: the filter fields and the
 * event already framed for the wire ({@code event:}, {@code id:}, {@code data:} lines and the blank line).
 *
 * @param venue      the event's venue
 * @param symbol     the event's symbol, or null (alerts)
 * @param underlying  an option's underlying (Greeks), or null
 * @param instruments a gap's instruments (empty: the whole connection), or null for any other event
 * @param frame       the UTF-8 bytes of the whole SSE event
 */
record StreamEvent(String venue, String symbol, String underlying, List<String> instruments, byte[] frame) {

    /**
     * Frames one event. {@code id} is {@code topic-partition-offset}, unique and ordered per partition;
     * {@code json} must be one line (callers ensure it).
     */
    static StreamEvent of(
            String event,
            String topic,
            int partition,
            long offset,
            byte[] json,
            String venue,
            String symbol,
            String underlying) {
        return of(event, topic, partition, offset, json, venue, symbol, underlying, null);
    }

    /** As above, for a gap: {@code instruments} are the ones it affects (empty: all of its connection). */
    static StreamEvent of(
            String event,
            String topic,
            int partition,
            long offset,
            byte[] json,
            String venue,
            String symbol,
            String underlying,
            List<String> instruments) {
        byte[] head = ("event: " + event + "\nid: " + topic + "-" + partition + "-" + offset + "\ndata: ")
                .getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, frame, 0, head.length);
        System.arraycopy(json, 0, frame, head.length, json.length);
        frame[frame.length - 2] = '\n';
        frame[frame.length - 1] = '\n';
        return new StreamEvent(venue, symbol, underlying, instruments, frame);
    }
}
