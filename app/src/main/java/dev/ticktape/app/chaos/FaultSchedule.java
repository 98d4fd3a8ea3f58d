package dev.ticktape.app.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * When each fault happens, to what, and for how long: one step per chosen fault, in an order and at times drawn
 * from the seed, so a failing run can be repeated with the same {@code --seed}. Steps fall inside the load,
 * after a clean lead-in and before a clean tail, so the pipeline is seen working before the first fault and
 * recovering after the last one.
 */
public record FaultSchedule(List<Step> steps, List<Fault> skipped) {
    /**
     * One planned fault.
     *
     * @param at     offset from the start of the load
     * @param target the process it hits (or the proxy, or the load connection)
     * @param down   how long the target stays down before it is restarted (zero for instant faults)
     */
    public record Step(Duration at, Fault fault, String target, Duration down) {}

    public FaultSchedule {
        steps = List.copyOf(steps);
        skipped = List.copyOf(skipped);
    }

    /**
     * Plans {@code faults} over a load of length {@code load}. Faults that need PostgreSQL are skipped without
     * it. The steps are spread evenly over the middle of the load, in a seeded order, each with a seeded jitter.
     */
    public static FaultSchedule plan(List<Fault> faults, Duration load, long seed, boolean postgres) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Fault> chosen = new ArrayList<>();
        List<Fault> skipped = new ArrayList<>();
        for (Fault f : faults) (f.needsPostgres() && !postgres ? skipped : chosen).add(f);
        // Fisher-Yates with the seeded generator: the order is part of what --seed reproduces.
        for (int i = chosen.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Fault t = chosen.get(i);
            chosen.set(i, chosen.get(j));
            chosen.set(j, t);
        }
        long total = load.toMillis();
        long lead = Math.max(5_000, total / 10);
        long tail = Math.max(10_000, total * 15 / 100);
        long window = Math.max(1, total - lead - tail);
        long slot = chosen.isEmpty() ? window : window / chosen.size();
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            Fault f = chosen.get(i);
            long jitter = slot > 3 ? rnd.nextLong(slot / 3) : 0;
            steps.add(new Step(Duration.ofMillis(lead + i * slot + jitter), f, target(f, rnd), down(f, rnd)));
        }
        return new FaultSchedule(steps, skipped);
    }

    private static String target(Fault f, SplittableRandom rnd) {
        return switch (f) {
            case GATEWAY_KILL, MALFORMED_BURST -> ProcessFleet.GATEWAY;
            case STREAMS_KILL -> rnd.nextBoolean() ? ProcessFleet.STREAMS_1 : ProcessFleet.STREAMS_2;
            case PERSIST_KILL -> ProcessFleet.PERSIST_DUCKDB;
            case PERSIST_PG_KILL -> ProcessFleet.PERSIST_PG;
            case BROKER_KILL, BROKER_BOUNCE -> ProcessFleet.BROKER;
            case PG_OUTAGE -> "postgres-proxy";
            case CONNECTION_CUT -> "load";
        };
    }

    private static Duration down(Fault f, SplittableRandom rnd) {
        return switch (f) {
            case GATEWAY_KILL, STREAMS_KILL, PERSIST_KILL, PERSIST_PG_KILL, BROKER_KILL ->
                Duration.ofMillis(2_000 + rnd.nextLong(3_000));
            case PG_OUTAGE -> Duration.ofMillis(5_000 + rnd.nextLong(5_000));
            case BROKER_BOUNCE, MALFORMED_BURST, CONNECTION_CUT -> Duration.ZERO;
        };
    }
}
