package dev.ticktape.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Single-thread timing of an adapter's frame decoder against a plain Jackson tree parse of the same frames. Each
 * path runs once to warm up, then once timed; each returns a per-frame number that is summed so the JIT cannot drop
 * the work.
 */
public final class DecodeRace {
    /** Frames per second of each path and what each path summed over the timed run. */
    public record Result(long adapterSum, long jacksonSum, double adapterPerSecond, double jacksonPerSecond) {}

    private DecodeRace() {}

    /** Decodes {@code n} frames (cycling through {@code frames}) per path, after a warm-up of the same size. */
    public static Result run(List<String> frames, long n, ToLongFunction<String> adapter) {
        ToLongFunction<String> jackson = jacksonTree(new ObjectMapper());
        loop(frames, n, adapter);
        loop(frames, n, jackson);
        long t0 = System.nanoTime();
        long sumA = loop(frames, n, adapter);
        long t1 = System.nanoTime();
        long sumJ = loop(frames, n, jackson);
        long t2 = System.nanoTime();
        return new Result(sumA, sumJ, n / ((t1 - t0) / 1e9), n / ((t2 - t1) / 1e9));
    }

    private static long loop(List<String> frames, long n, ToLongFunction<String> path) {
        long sum = 0;
        for (long i = 0; i < n; i++) sum += path.applyAsLong(frames.get((int) (i % frames.size())));
        return sum;
    }

    /** Tree-parses a frame; counts its top-level elements. */
    private static ToLongFunction<String> jacksonTree(ObjectMapper mapper) {
        return frame -> {
            try {
                return mapper.readTree(frame).size();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }
}
