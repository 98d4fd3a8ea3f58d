package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The decisions to plot: the selected instruments' decisions, each once. Delivery to the sinks is at-least-once,
 * so a decision can be in the file twice; it is the same decision when run id, bar, venue and symbol match.
 */
public final class DecisionLog {
    private record Key(String runId, long tsMs, String venue, String symbol) {}

    private final Selection selection;
    private final Set<Key> seen = new HashSet<>();
    private final Set<String> runs = new HashSet<>();
    private final List<Decision> decisions = new ArrayList<>();
    private long duplicates;
    private long unselected;

    public DecisionLog(Selection selection) {
        this.selection = selection;
    }

    /** Adds a decision; false when it is a repeat or not selected. */
    public boolean add(Decision d) {
        if (!selection.matches(d.venue(), d.symbol())) {
            unselected++;
            return false;
        }
        if (!seen.add(new Key(d.runId(), d.tsMs(), d.venue(), d.symbol()))) {
            duplicates++;
            return false;
        }
        runs.add(d.runId());
        decisions.add(d);
        return true;
    }

    /** Forgets everything, for a file that was rewritten from its start. */
    public void clear() {
        seen.clear();
        runs.clear();
        decisions.clear();
        duplicates = 0;
        unselected = 0;
    }

    public int size() {
        return decisions.size();
    }

    public long duplicates() {
        return duplicates;
    }

    /** Decisions of other instruments than the selected ones. */
    public long unselected() {
        return unselected;
    }

    /** Whether the legend has to tell runs apart. */
    public boolean manyRuns() {
        return runs.size() > 1;
    }

    /** The decisions in bar order (a copy). */
    public List<Decision> inBarOrder() {
        List<Decision> out = new ArrayList<>(decisions);
        out.sort(InstrumentSeries.BAR_ORDER);
        return out;
    }

    public List<InstrumentSeries> series() {
        return InstrumentSeries.group(decisions, manyRuns());
    }
}
