package dev.ticktape.adapters.ibkr;

import dev.ticktape.adapters.runtime.ExecutionPublisher;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.codec.LogText;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes account executions, each once: live ones from the {@code str} topic and the day's list from
 * {@code /iserver/account/trades}, which covers what the socket missed. An option needs its contract: known from
 * the positions, else looked up through {@code /trsrv/secdef}; when that lookup fails nothing is published, so
 * the next catch-up retries. Call from the adapter's REST thread.
 */
final class IbkrFills {
    static final String TRADES_SOURCE = "rest:ibkr/trades";
    private static final Logger log = LoggerFactory.getLogger(IbkrFills.class);

    private final IbkrRest rest;
    private final ExecutionPublisher executions;
    private final Map<Long, OptionContract> contracts = new ConcurrentHashMap<>();

    IbkrFills(IbkrRest rest, ExecutionPublisher executions) {
        this.rest = rest;
        this.executions = executions;
    }

    /** Remembers the contract of a streamed option, so its executions need no lookup. */
    void know(IbkrOption o) {
        contracts.put(o.conid(), o.contract());
    }

    /** Executions the socket may have missed (before it connected, while it was down): the day's list, deduplicated. */
    void catchUp() {
        try {
            long now = System.currentTimeMillis();
            IbkrWsFrame.Trades trades = rest.trades();
            for (IbkrWsFrame.Rejected r : trades.rejected()) executions.reject(r.error(), TRADES_SOURCE, r.raw(), now);
            publish(trades.fills(), now);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("ibkr executions catch-up failed: {}", LogText.printable(e.getMessage()));
        }
    }

    /** Resolves unknown option conids, then publishes each execution once. */
    void publish(List<IbkrFill> fills, long recvMs) {
        List<Long> unknown = fills.stream()
                .filter(f -> f.isOption() && !contracts.containsKey(f.conid()))
                .map(IbkrFill::conid)
                .distinct()
                .toList();
        if (!unknown.isEmpty()) {
            try {
                rest.secdef(unknown).forEach(this::know);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                log.warn("ibkr secdef lookup for executions failed: {}", LogText.printable(e.getMessage()));
                return; // not marked as published: the next catch-up retries them
            }
        }
        for (IbkrFill f : fills) {
            if (!executions.claim(f.execId())) continue;
            try {
                executions.publishClaimed(f.toExecution(contracts.get(f.conid()), recvMs));
            } catch (InvalidEventException e) {
                executions.reject(e, TRADES_SOURCE, IbkrAccountParser.identity(f), recvMs);
            }
        }
    }
}
