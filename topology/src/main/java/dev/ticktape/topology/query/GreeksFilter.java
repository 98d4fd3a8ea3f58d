package dev.ticktape.topology.query;

import dev.ticktape.model.Greeks;
import java.util.Locale;

/**
 * Which Greeks snapshots a query wants; a null field matches anything. Broker and underlying are normalised
 * like the events (lower-case venue, upper-case underlying); the account is compared exactly.
 */
public record GreeksFilter(String broker, String account, String underlying) {
    public GreeksFilter {
        broker = broker == null || broker.isBlank() ? null : broker.toLowerCase(Locale.ROOT);
        account = account == null || account.isBlank() ? null : account;
        underlying = underlying == null || underlying.isBlank() ? null : underlying.toUpperCase(Locale.ROOT);
    }

    public static GreeksFilter all() {
        return new GreeksFilter(null, null, null);
    }

    public boolean matches(Greeks g) {
        return (broker == null || broker.equals(g.venue()))
                && (account == null || account.equals(g.account()))
                && (underlying == null || underlying.equals(g.contract().underlying()));
    }
}
