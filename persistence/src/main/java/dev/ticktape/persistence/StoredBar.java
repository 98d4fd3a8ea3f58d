package dev.ticktape.persistence;

import dev.ticktape.model.Bar;
import java.time.Instant;

/**
 * A bar as read back from storage, with the time its row was written. The bar's {@code recvMs} is that write
 * time in epoch milliseconds; {@code ingestedAt} keeps the stored microsecond precision.
 */
public record StoredBar(Bar bar, Instant ingestedAt) {
    public StoredBar {
        if (bar == null || ingestedAt == null) throw new IllegalArgumentException("bar/ingestedAt");
    }
}
