package dev.ticktape.app.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Compares a store's bars with the oracle's, bar by bar. */
final class Verdicts {
    private static final int EXAMPLES = 10;

    private Verdicts() {}

    static Verdict compare(
            String store, long sent, long accepted, long late, Map<Bar.Key, Bar> expected, Map<Bar.Key, Bar> stored) {
        long missing = 0, duplicated = 0, matching = 0, unexpected = 0, storedTrades = 0;
        List<String> examples = new ArrayList<>();
        TreeSet<Bar.Key> keys = new TreeSet<>(expected.keySet());
        keys.addAll(stored.keySet());
        for (Bar.Key k : keys) {
            Bar want = expected.get(k);
            Bar got = stored.get(k);
            long w = want == null ? 0 : want.trades();
            long g = got == null ? 0 : got.trades();
            storedTrades += g;
            if (g < w) missing += w - g;
            if (g > w) duplicated += g - w;
            if (want == null) {
                unexpected++;
            } else if (got != null && want.matches(got)) {
                matching++;
                continue;
            }
            if (examples.size() < EXAMPLES)
                examples.add(k.symbol() + " @" + k.second() + ": want " + want + " got " + got);
        }
        return new Verdict(
                store,
                sent,
                accepted,
                storedTrades,
                late,
                missing,
                duplicated,
                matching,
                expected.size(),
                unexpected,
                examples);
    }

    /** Two rows under one key (no store should allow it): their trades add up, so they count as doubled. */
    static Bar doubled(Bar a, Bar b) {
        return new Bar(a.open(), a.high(), a.low(), a.close(), a.volume() + b.volume(), a.trades() + b.trades());
    }
}
