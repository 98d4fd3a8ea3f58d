package dev.ticktape.persistence;

import dev.ticktape.model.Greeks;
import dev.ticktape.model.OptionContract;
import java.time.Instant;

/**
 * One stored row of {@code greek_snapshots}. Measures are null when the broker did not send them.
 *
 * @param broker      the venue that reported the snapshot
 * @param account     the account it belongs to, or null
 * @param ts          broker time of the snapshot
 * @param receivedAt  when the adapter received it
 * @param persistedAt when its row was written (microseconds)
 * @param availability whether the broker marked the values live, delayed or frozen: only realtime is current
 */
public record GreeksSnapshot(
        String broker,
        String account,
        OptionContract contract,
        Instant ts,
        Double delta,
        Double gamma,
        Double theta,
        Double vega,
        Double rho,
        Double iv,
        Double underlyingPrice,
        Double mark,
        Instant receivedAt,
        Instant persistedAt,
        Greeks.Availability availability) {
    public GreeksSnapshot {
        if (broker == null
                || contract == null
                || ts == null
                || receivedAt == null
                || persistedAt == null
                || availability == null) {
            throw new IllegalArgumentException("broker/contract/ts/receivedAt/persistedAt/availability are required");
        }
    }
}
