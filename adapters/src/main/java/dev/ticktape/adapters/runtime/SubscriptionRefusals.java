package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Gap;
import dev.ticktape.model.Status;
import dev.ticktape.model.codec.LogText;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions a venue refused on one connection. Each refusal degrades the connection with the venue's reason
 * (so {@code md.status} and {@code /v1/streaming/status} say why data is missing) and opens a
 * {@code SUBSCRIPTION_ERROR} gap of the instruments it concerns; both last until the venue delivers it after all
 * ({@link #accepted}) or the next session subscribes afresh ({@link #resubscribing}), which may be refused again and
 * so open a new gap. Repeating a refusal in force does nothing, so a venue may report it on every message. Thread-safe.
 */
public final class SubscriptionRefusals {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionRefusals.class);
    private static final String KEY = "subscription:";
    /** Instruments named in a status detail before it says "and N more". */
    private static final int NAMED = 5;

    private final StatusReporter status;
    private final Set<String> open = new LinkedHashSet<>();

    public SubscriptionRefusals(StatusReporter status) {
        this.status = status;
    }

    /**
     * The venue refused a subscription. {@code what} names the request (one gap and degradation per name),
     * {@code fromMs} is when it was asked for (data is missing since then), {@code instruments} are those it concerns
     * (empty: every instrument of the connection) and {@code reason} is the venue's own text.
     */
    public synchronized void refused(String what, long fromMs, List<String> instruments, String reason) {
        String key = KEY + what;
        if (!open.add(key)) return;
        String detail =
                "subscription refused" + (instruments.isEmpty() ? "" : " for " + describe(instruments)) + ": " + reason;
        // The venue's text: escaped.
        log.warn("{} {} {}", status.gaps().venue(), status.connectionId(), LogText.printable(detail));
        boolean wasDegraded = status.state() == Status.State.DEGRADED;
        status.degrade(key, detail);
        // Already degraded (e.g. by a rollover): a transition would not be published, so publish the reason now.
        if (wasDegraded) status.heartbeat();
        status.gaps().open(key, fromMs, instruments, Gap.Cause.SUBSCRIPTION_ERROR, reason);
    }

    /** The venue now delivers what it refused under {@code what}: that refusal ends at {@code nowMs}. */
    public synchronized void accepted(String what, long nowMs) {
        String key = KEY + what;
        if (!open.remove(key)) return;
        status.gaps().close(key, nowMs);
        status.recover(key);
    }

    /** A new session subscribes afresh: the refusals of the previous one end at {@code nowMs}. */
    public synchronized void resubscribing(long nowMs) {
        for (String key : open) {
            status.gaps().close(key, nowMs);
            status.recover(key);
        }
        open.clear();
    }

    /** Whether any refusal is in force. */
    public synchronized boolean any() {
        return !open.isEmpty();
    }

    private static String describe(List<String> instruments) {
        if (instruments.size() <= NAMED) return String.join(",", instruments);
        return String.join(",", instruments.subList(0, NAMED)) + " and " + (instruments.size() - NAMED) + " more";
    }
}
