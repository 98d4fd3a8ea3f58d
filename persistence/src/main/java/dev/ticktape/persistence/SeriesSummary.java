package dev.ticktape.persistence;

import dev.ticktape.model.InstrumentId;
import java.time.Instant;

/** What a bar table holds for one instrument: row count, first and last bar start, last write time. */
public record SeriesSummary(
        InstrumentId instrument, long rows, Instant firstBar, Instant lastBar, Instant lastIngestedAt) {}
