package dev.ticktape.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A trade tape whose prices swing: each symbol follows a sine of period 4 minutes and amplitude 1% (its trend over
 * a 60 s window reaches about 150 bps either way, far past the 2 bps entry), two trades a second, each with a
 * {@code trade_id}. Decisions over it enter, reverse and exit.
 */
final class DecisionTape {
    private DecisionTape() {}

    static List<TradeReplay.Tick> ticks(List<String> symbols, long baseMs, int seconds) {
        List<TradeReplay.Tick> out = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            for (int k = 0; k < symbols.size(); k++) {
                for (int i = 0; i < 2; i++) {
                    long ts = baseMs + s * 1000L + i * 400L + k * 10L;
                    double phase = 2 * Math.PI * (s + i * 0.4) / 240.0 + k;
                    double price = Math.round(100 * (1 + k) * (1 + 0.01 * Math.sin(phase)) * 100) / 100.0;
                    out.add(new TradeReplay.Tick(out.size(), symbols.get(k), ts, price, 1 + (s % 5)));
                }
            }
        }
        return out;
    }

    /** One NDJSON trade line of {@code t} with a trade id, so a re-sent line is recognised as the same trade. */
    static String line(TradeReplay.Tick t, String venue) {
        return String.format(
                Locale.ROOT,
                "{\"type\":\"trade\",\"venue\":\"%s\",\"symbol\":\"%s\",\"ts_ms\":%d,\"price\":%s,\"qty\":%s,"
                        + "\"trade_id\":\"%d\"}\n",
                venue,
                t.symbol(),
                t.ts(),
                t.price(),
                t.qty(),
                t.seq());
    }
}
