package dev.ticktape.adapters.runtime;

/**
 * Where a market-data frame stands in its venue stream: the stream it belongs to (e.g. {@code BTCUSDT@depth}) and a
 * number that only grows along that stream (trade id, last book update id). Two connections carrying the same
 * stream give the same frame the same position.
 */
public record WsFramePosition(String stream, long seq) {
    public WsFramePosition {
        if (stream == null) throw new IllegalArgumentException("stream");
    }
}
