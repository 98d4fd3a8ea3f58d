package dev.ticktape.app.bench;

import dev.ticktape.adapters.polygon.PolygonParser;
import dev.ticktape.adapters.polygon.PolygonWsFrame;
import java.util.List;
import java.util.Locale;

/**
 * Single-thread decode throughput of the Polygon adapter (array frame -> normalized events) next to a plain
 * Jackson tree parse of the same frames, so the adapter's own overhead is visible. Frames are the venue's shapes
 * from the protocol notes: two trades in one frame, an NBBO quote, a second and a minute aggregate.
 */
public final class PolygonDecodeBench {

    /** Frames per second for both paths; {@code elements} events were decoded per path. */
    public record Result(long frames, long elements, double adapterPerSecond, double jacksonPerSecond) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "polygon decode: adapter %,.0f frames/s, plain Jackson tree %,.0f"
                            + " frames/s (ratio %.2f, %,d frames / %,d events, one thread)",
                    adapterPerSecond,
                    jacksonPerSecond,
                    adapterPerSecond / jacksonPerSecond,
                    frames,
                    elements);
        }
    }

    private static final List<String> FRAMES = List.of(
            "[{\"ev\":\"T\",\"sym\":\"MSFT\",\"i\":\"52983525029461\",\"x\":12,\"p\":512.34,\"s\":100,\"c\":[12],"
                    + "\"t\":1767191400123,\"pt\":1767191400119,\"q\":1883127,\"z\":3,\"ds\":\"100.0\"},{\"ev\":\"T\","
                    + "\"sym\":\"MSFT\",\"i\":\"71675\",\"x\":4,\"p\":512.335,\"s\":7,\"c\":[12,37],\"t\":1767191400131,"
                    + "\"pt\":1767191400127,\"q\":1883131,\"z\":3,\"trfi\":202,\"trft\":1767191400131,\"ds\":\"7.0\"}]",
            "[{\"ev\":\"Q\",\"sym\":\"MSFT\",\"bx\":12,\"bp\":512.33,\"bs\":120,\"ax\":11,\"ap\":512.36,\"as\":80,"
                    + "\"i\":[604],\"t\":1767191400140,\"pt\":1767191400138,\"q\":41123557,\"z\":3}]",
            "[{\"ev\":\"A\",\"sym\":\"MSFT\",\"v\":1207,\"av\":3120457,\"op\":509.12,\"vw\":512.3398,\"o\":512.34,"
                    + "\"c\":512.33,\"h\":512.36,\"l\":512.3,\"a\":510.8871,\"z\":86,\"s\":1767191400000,"
                    + "\"e\":1767191401000,\"dv\":\"1207.0\",\"dav\":\"3120457.0\"}]",
            "[{\"ev\":\"AM\",\"sym\":\"MSFT\",\"v\":58211,\"av\":3178668,\"op\":509.12,\"vw\":512.2907,\"o\":512.34,"
                    + "\"c\":512.18,\"h\":512.6,\"l\":512.01,\"a\":510.9302,\"z\":94,\"s\":1767191400000,"
                    + "\"e\":1767191460000}]");

    private PolygonDecodeBench() {}

    /** Runs {@code frames} decodes per path after a warm-up of the same size. */
    public static Result run(long frames) {
        PolygonParser parser = new PolygonParser();
        DecodeRace.Result r = DecodeRace.run(FRAMES, frames, frame -> events(parser, frame));
        if (r.jacksonSum() != r.adapterSum()) throw new IllegalStateException("paths decoded different element counts");
        return new Result(frames, r.adapterSum(), r.adapterPerSecond(), r.jacksonPerSecond());
    }

    /** The number of events one frame produced, which also keeps the work observable. */
    private static long events(PolygonParser parser, String frame) {
        long events = 0;
        for (PolygonWsFrame f : parser.decode(frame)) {
            if (f instanceof PolygonWsFrame.Trade t)
                events += parser.toTrade(t, 1L, "bench").tsMs() > 0 ? 1 : 0;
            else if (f instanceof PolygonWsFrame.Quote q)
                events += parser.toQuote(q, 1L).tsMs() > 0 ? 1 : 0;
            else if (f instanceof PolygonWsFrame.Aggregate a)
                events += parser.toBar(a, 1L, "bench").tsMs() > 0 ? 1 : 0;
        }
        return events;
    }

    public static void main(String[] args) {
        long frames = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        System.out.println(run(frames));
    }
}
