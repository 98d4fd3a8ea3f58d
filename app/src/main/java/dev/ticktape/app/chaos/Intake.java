package dev.ticktape.app.chaos;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * What happened at the gateway, from the load's record and {@code md.trades}/{@code md.dlq}. The NDJSON TCP edge has
 * no acknowledgements, so lines in flight when the gateway is killed are lost before anything accepted them; those
 * are counted apart ({@code lostOnBroken}) and are not a failure. Anything else is: a trade of a connection that
 * ended normally missing from {@code md.trades}, a trade there twice or never sent, a malformed or cut line that
 * was not dead-lettered.
 */
record Intake(
        long sent,
        long accepted,
        long lostOnBroken,
        long brokenConnections,
        long lostElsewhere,
        long logDuplicates,
        long foreign,
        long malformedSent,
        long malformedDeadLettered,
        long cuts,
        long cutsDeadLettered) {

    static Intake of(SentTrades sent, List<TradeFeed.Connection> conns, KafkaAudit.Snapshot log, long malformed) {
        BitSet accepted = log.accepted();
        long lostBroken = 0, lostElsewhere = 0;
        for (int i = 0; i < sent.size(); i++) {
            if (accepted.get(i + 1)) continue;
            if (conns.get(sent.connection(i)).end() == TradeFeed.End.BROKEN) lostBroken++;
            else lostElsewhere++;
        }
        long broken =
                conns.stream().filter(c -> c.end() == TradeFeed.End.BROKEN).count();
        long cuts = conns.stream().filter(c -> c.end() == TradeFeed.End.CUT).count();
        return new Intake(
                sent.size(),
                accepted.cardinality(),
                lostBroken,
                broken,
                lostElsewhere,
                log.logDuplicates(),
                log.foreign(),
                malformed,
                log.dlqMalformed(),
                cuts,
                log.dlqCut());
    }

    boolean ok() {
        return lostElsewhere == 0
                && logDuplicates == 0
                && foreign == 0
                && malformedDeadLettered == malformedSent
                && cutsDeadLettered == cuts;
    }

    String line() {
        return String.format(
                Locale.ROOT,
                "%-9s %s sent=%d accepted=%d lost-with-killed-gateway=%d (%d connections broken) lost-otherwise=%d"
                        + " log-duplicates=%d foreign=%d malformed-dead-lettered=%d/%d cut-lines-dead-lettered=%d/%d",
                "intake",
                ok() ? "OK" : "INTAKE-FAILED",
                sent,
                accepted,
                lostOnBroken,
                brokenConnections,
                lostElsewhere,
                logDuplicates,
                foreign,
                malformedDeadLettered,
                malformedSent,
                cutsDeadLettered,
                cuts);
    }
}
