package dev.ticktape.adapters.ibkr;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The options to stream: the held options of the configured accounts (every account of the login when none is
 * configured), plus the command-line conids that {@code /trsrv/secdef} knows as options. A conid it does not
 * know is warned about once. Blocking: call from the adapter's REST thread.
 */
final class IbkrPositions {
    private static final Logger log = LoggerFactory.getLogger(IbkrPositions.class);

    private final IbkrRest rest;
    private final IbkrConfig config;
    private final Set<String> unresolvedWarned = ConcurrentHashMap.newKeySet();

    IbkrPositions(IbkrRest rest, IbkrConfig config) {
        this.rest = rest;
        this.config = config;
    }

    List<IbkrOption> read() throws Exception {
        List<String> known = rest.portfolioAccounts(); // the gateway requires this before other /portfolio calls
        List<String> accounts = config.accounts().isEmpty() ? known : config.accounts();
        List<IbkrOption> all = new ArrayList<>();
        for (String a : accounts) all.addAll(rest.positions(a));
        Set<Long> held = new LinkedHashSet<>();
        all.forEach(o -> held.add(o.conid()));
        List<Long> extra =
                config.extraConids().stream().filter(c -> !held.contains(c)).toList();
        if (!extra.isEmpty()) {
            List<IbkrOption> defs = rest.secdef(extra);
            all.addAll(defs);
            Set<Long> resolved = new LinkedHashSet<>();
            defs.forEach(d -> resolved.add(d.conid()));
            List<Long> unknown =
                    extra.stream().filter(c -> !resolved.contains(c)).toList();
            if (!unknown.isEmpty() && unresolvedWarned.add(unknown.toString())) {
                log.warn("ibkr conids {} are not options the gateway knows (no secdef): not streamed", unknown);
            }
        }
        return all;
    }
}
