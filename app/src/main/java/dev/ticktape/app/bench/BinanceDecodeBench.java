package dev.ticktape.app.bench;

import dev.ticktape.adapters.binance.BinanceParser;
import dev.ticktape.adapters.binance.BinanceWsFrame;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread decode throughput of the Binance adapter (frame -> normalized event) next to a plain Jackson
 * tree parse of the same frames, so the adapter's own overhead is visible. Frames are the venue's real shapes
 * (trade, bookTicker, diff depth) in the combined envelope.
 */
public final class BinanceDecodeBench {

    /** Frames per second for both paths. */
    public record Result(long frames, double adapterPerSecond, double jacksonPerSecond) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "binance decode: adapter %,.0f msg/s, plain Jackson tree %,.0f msg/s"
                            + " (ratio %.2f, %,d frames, one thread)",
                    adapterPerSecond,
                    jacksonPerSecond,
                    adapterPerSecond / jacksonPerSecond,
                    frames);
        }
    }

    private static final List<String> FRAMES = List.of(
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1767225600123,\"s\":\"BTCUSDT\","
                    + "\"t\":5321047711,\"p\":\"94210.55000000\",\"q\":\"0.01270000\",\"T\":1767225600122,"
                    + "\"m\":false,\"M\":true}}",
            "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":71246339120,\"s\":\"BTCUSDT\",\"b\":\"94187.99000000\","
                    + "\"B\":\"1.73210000\",\"a\":\"94188.00000000\",\"A\":\"0.52184000\"}}",
            "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1767225634105,\"s\":\"BTCUSDT\","
                    + "\"U\":71246339121,\"u\":71246339140,\"b\":[[\"94187.99000000\",\"1.70110000\"],"
                    + "[\"94185.00000000\",\"0.00000000\"]],\"a\":[[\"94188.00000000\",\"0.61020000\"]]}}");

    private BinanceDecodeBench() {}

    /** Runs {@code frames} decodes per path after a warm-up of the same size. */
    public static Result run(long frames) {
        BinanceParser parser = new BinanceParser();
        DecodeRace.Result r = DecodeRace.run(FRAMES, frames, frame -> decode(parser, frame));
        return new Result(frames, r.adapterPerSecond(), r.jacksonPerSecond());
    }

    private static long decode(BinanceParser parser, String frame) {
        BinanceWsFrame f = parser.decode(frame);
        if (f instanceof BinanceWsFrame.Trade t)
            return parser.toTrade(t, 1L, "bench").tsMs();
        if (f instanceof BinanceWsFrame.BookTicker q)
            return parser.toQuote(q, 1767225600000L).tsMs();
        if (f instanceof BinanceWsFrame.DepthUpdate d)
            return parser.toDelta(d, 1L).lastSeq();
        return 0;
    }

    public static void main(String[] args) {
        long frames = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        System.out.println(run(frames));
    }
}
