package dev.ticktape.app.chaos;

import java.io.IOException;
import java.util.Map;

/** One store's {@code ohlc_1s} as the verdict reads it, with SQL of its own, for the run's venue. */
interface BarStore {
    /** Bar rows and the sum of their trade counts: cheap enough to poll while the pipeline settles. */
    record Totals(long bars, long trades) {}

    String name();

    Totals totals() throws IOException;

    /** Every stored 1s bar; a key stored twice has its trade counts added, so a doubled row counts as doubled. */
    Map<Bar.Key, Bar> bars() throws IOException;
}
