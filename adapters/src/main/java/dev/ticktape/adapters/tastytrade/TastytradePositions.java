package dev.ticktape.adapters.tastytrade;

import java.util.ArrayList;
import java.util.List;

/**
 * The options to stream: the open equity options of the configured accounts, then the contracts named on the
 * command line (no account). Blocking: call from the adapter's REST thread.
 */
final class TastytradePositions {
    private final TastytradeRest rest;
    private final TastytradeConfig config;

    TastytradePositions(TastytradeRest rest, TastytradeConfig config) {
        this.rest = rest;
        this.config = config;
    }

    List<HeldOption> read() throws Exception {
        List<HeldOption> all = new ArrayList<>();
        for (String account : config.accounts()) all.addAll(rest.positions(account));
        for (var c : config.extraContracts()) all.add(new HeldOption(TastytradeSymbols.toStreamerSymbol(c), c, null));
        return all;
    }
}
