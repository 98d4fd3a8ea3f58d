package dev.ticktape.app.reconcile;

import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import java.io.IOException;
import java.util.List;

/** The venue's own bars over its REST API, paced by the venue's limits. Blocking. */
public interface VenueBars {
    /** The venue name, as in our bars. */
    String venue();

    /** The intervals reconciled against this venue. */
    List<BarInterval> intervals();

    /** The venue's bars of {@code symbol} starting in {@code [fromMs, toMs)}, oldest first. */
    List<Bar> fetch(String symbol, BarInterval interval, long fromMs, long toMs)
            throws IOException, InterruptedException;
}
