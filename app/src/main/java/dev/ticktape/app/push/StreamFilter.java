package dev.ticktape.app.push;

import java.util.Set;

/**
 * Which events of a topic one client wants: a venue (null: any) and a set of symbols (empty: any). A symbol
 * matches an event's symbol or, for Greeks, the contract's underlying, so {@code symbols=SPY} follows SPY's chain;
 * for a gap, one of its instruments, and a gap of a whole connection (no instruments) matches every symbol.
 */
record StreamFilter(String venue, Set<String> symbols) {
    StreamFilter {
        symbols = Set.copyOf(symbols);
    }

    boolean matches(StreamEvent e) {
        if (venue != null && !venue.equals(e.venue())) return false;
        if (symbols.isEmpty()) return true;
        if (e.instruments() != null) {
            return e.instruments().isEmpty() || e.instruments().stream().anyMatch(symbols::contains);
        }
        return (e.symbol() != null && symbols.contains(e.symbol()))
                || (e.underlying() != null && symbols.contains(e.underlying()));
    }
}
