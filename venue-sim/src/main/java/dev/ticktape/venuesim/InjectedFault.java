package dev.ticktape.venuesim;

import java.util.List;
import java.util.Map;

/**
 * One fault a fake venue injected, as the venue saw it: the oracle a client's gap ledger is checked against.
 *
 * @param kind        what was done
 * @param fromMs      wall-clock ms of the first market data the venue withheld because of the fault (frames sent
 *                    before it may still reach a client after the injection); the injection time until then
 * @param toMs        wall-clock ms the venue next sent market data to a client connection that could receive it,
 *                    null while that has not happened (or for faults that lose nothing)
 * @param instruments the instruments affected; empty = every instrument of the connection
 * @param skipped     per instrument, what the venue produced but did not deliver while the fault lasted: trade ids
 *                    (Binance), depth update ids (Binance depth), minute-bar starts (Polygon), event counts are not
 *                    ids and are not listed
 * @param detail      free text (close code, count of stale snapshots...)
 */
public record InjectedFault(
        Kind kind, long fromMs, Long toMs, List<String> instruments, Map<String, List<Long>> skipped, String detail) {

    /** What a fake venue did. */
    public enum Kind {
        /** Dropped the connection (1006, a pong timeout, a forced disconnect): data is lost until a reconnect. */
        DISCONNECT(true),
        /** Stopped sending market data on a connection that stays open. */
        STALL(true),
        /** Withheld market-data frames whose sequence ids were consumed. */
        SEQUENCE_GAP(true),
        /** Answered depth snapshot requests with a snapshot older than the stream. */
        STALE_SNAPSHOT(true),
        /** Announced a shutdown and closed after a grace period: a client that rolls over loses nothing. */
        SERVER_SHUTDOWN(false),
        /** Delayed frames of the open connections: late, nothing lost. */
        LAG(false),
        /** Re-sent a corrected bar: a revision, nothing lost. */
        CORRECTION(false),
        /** Refused a login or an authentication: the session must be re-established, see the DISCONNECT it causes. */
        AUTH_EXPIRED(false),
        /** Ended the client's session and stopped streaming until it logs in again. */
        SESSION_EXPIRED(true),
        /** Ended the client's market-data subscriptions without closing the connection. */
        SUBSCRIPTIONS_EXPIRED(true),
        /**
         * Refused a subscription request (unknown symbol, malformed stream or symbol): its instruments get no data on
         * that connection. Recorded at the moment of the refusal ({@code fromMs == toMs}); the loss lasts until the
         * client subscribes again on a later connection.
         */
        SUBSCRIPTION_REFUSED(true);

        private final boolean lossy;

        Kind(boolean lossy) {
            this.lossy = lossy;
        }

        /** Whether a client can miss data because of this fault (a gap is expected). */
        public boolean lossy() {
            return lossy;
        }
    }

    public InjectedFault {
        instruments = List.copyOf(instruments);
        skipped = Map.copyOf(skipped);
    }

    /** Whether the venue has delivered market data again after this fault. */
    public boolean ended() {
        return toMs != null;
    }
}
