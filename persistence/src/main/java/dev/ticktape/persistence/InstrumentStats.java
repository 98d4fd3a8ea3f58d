package dev.ticktape.persistence;

import dev.ticktape.model.InstrumentId;
import java.time.Instant;

/**
 * What a bar table holds for one instrument, for instrument discovery: how many bars, how many of them came from
 * live input ({@code source_file} {@code live:...}; the rest were replayed from files), the first and last bar start
 * and the close of the last bar.
 */
public record InstrumentStats(
        InstrumentId instrument, long rows, long liveRows, Instant firstBar, Instant lastBar, double lastClose) {}
