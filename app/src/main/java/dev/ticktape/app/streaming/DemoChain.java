package dev.ticktape.app.streaming;

import dev.ticktape.model.OptionContract;
import dev.ticktape.model.options.OccSymbol;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** The option chain the demo's fake brokers hold: SPY calls and puts around 600 at the next monthly expiry. */
public final class DemoChain {
    private DemoChain() {}

    /** {@code strikes} strikes a dollar apart, a call and a put each. */
    public static List<OptionContract> spy(int strikes) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate expiry =
                today.plusMonths(1).withDayOfMonth(1).with(TemporalAdjusters.dayOfWeekInMonth(3, DayOfWeek.FRIDAY));
        List<OptionContract> out = new ArrayList<>();
        for (int i = 0; i < strikes; i++) {
            double strike = 600 - strikes / 2 + i;
            out.add(OccSymbol.contract("SPY", "SPY", expiry, strike, 'C'));
            out.add(OccSymbol.contract("SPY", "SPY", expiry, strike, 'P'));
        }
        return out;
    }
}
