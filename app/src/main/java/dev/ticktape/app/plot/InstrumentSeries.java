package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of one instrument in one run, in bar order: one line on each panel.
 *
 * @param label     {@code venue:SYMBOL}, with the run id when the input holds more than one run
 * @param decisions sorted by {@code ts_ms}
 */
public record InstrumentSeries(String label, List<Decision> decisions) {
    /** Orders decisions by bar, then instrument and run, so frames and series come out the same every time. */
    public static final Comparator<Decision> BAR_ORDER = Comparator.comparingLong(Decision::tsMs)
            .thenComparing(Decision::venue)
            .thenComparing(Decision::symbol)
            .thenComparing(Decision::runId);

    public InstrumentSeries {
        decisions = List.copyOf(decisions);
    }

    /**
     * Groups decisions into series, ordered by label. Runs are kept apart, since two runs' targets for one
     * instrument are two different histories; {@code labelRuns} names them in the legend.
     */
    public static List<InstrumentSeries> group(Collection<Decision> decisions, boolean labelRuns) {
        Map<String, List<Decision>> byKey = new LinkedHashMap<>();
        for (Decision d : decisions) {
            String label = d.venue() + ":" + d.symbol() + (labelRuns ? " (run " + d.runId() + ")" : "");
            byKey.computeIfAbsent(label, k -> new ArrayList<>()).add(d);
        }
        List<InstrumentSeries> out = new ArrayList<>(byKey.size());
        byKey.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<Decision> ds = e.getValue();
            ds.sort(BAR_ORDER);
            out.add(new InstrumentSeries(e.getKey(), ds));
        });
        return out;
    }
}
