package dev.ticktape.adapters.binance;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
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
            return String.format(Locale.ROOT, "binance decode: adapter %,.0f msg/s, plain Jackson tree %,.0f msg/s"
                    + " (ratio %.2f, %,d frames, one thread)", adapterPerSecond, jacksonPerSecond,
                    adapterPerSecond / jacksonPerSecond, frames);
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
        ObjectMapper mapper = new ObjectMapper();
        adapter(parser, frames);
        jackson(mapper, frames);
        long t0 = System.nanoTime();
        long sinkA = adapter(parser, frames);
        long t1 = System.nanoTime();
        long sinkJ = jackson(mapper, frames);
        long t2 = System.nanoTime();
        if (sinkA == 42 && sinkJ == 42) System.out.print(""); // keep results alive
        return new Result(frames, frames / ((t1 - t0) / 1e9), frames / ((t2 - t1) / 1e9));
    }

    private static long adapter(BinanceParser parser, long n) {
        long sink = 0;
        for (long i = 0; i < n; i++) {
            BinanceWsFrame f = parser.decode(FRAMES.get((int) (i % FRAMES.size())));
            if (f instanceof BinanceWsFrame.Trade t) sink += parser.toTrade(t, 1L, "bench").tsMs();
            else if (f instanceof BinanceWsFrame.BookTicker q) sink += parser.toQuote(q, 1767225600000L).tsMs();
            else if (f instanceof BinanceWsFrame.DepthUpdate d) sink += parser.toDelta(d, 1L).lastSeq();
        }
        return sink;
    }

    private static long jackson(ObjectMapper mapper, long n) {
        long sink = 0;
        try {
            for (long i = 0; i < n; i++) sink += mapper.readTree(FRAMES.get((int) (i % FRAMES.size()))).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink;
    }

    public static void main(String[] args) {
        long frames = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        System.out.println(run(frames));
    }
}
