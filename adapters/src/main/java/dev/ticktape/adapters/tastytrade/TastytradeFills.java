package dev.ticktape.adapters.tastytrade;

import dev.ticktape.adapters.runtime.ExecutionPublisher;
import dev.ticktape.model.codec.LogText;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the accounts' fills, each {@code fill-id} once: live from the account streamer's order notifications,
 * and caught up from {@code /orders/live} (fills made while the streamer was down or not yet connected). Every
 * order update repeats the order's earlier fills. An unreadable fill is dead-lettered under the account
 * connection, wherever it came from. Call from the adapter's REST thread.
 */
final class TastytradeFills {
    private static final Logger log = LoggerFactory.getLogger(TastytradeFills.class);

    private final TastytradeRest rest;
    private final ExecutionPublisher executions;
    private final List<String> accounts;
    private final String source;

    TastytradeFills(TastytradeRest rest, ExecutionPublisher executions, List<String> accounts, String source) {
        this.rest = rest;
        this.executions = executions;
        this.accounts = List.copyOf(accounts);
        this.source = source;
    }

    /** Today's orders of every account over REST; one failing account does not stop the others. */
    void catchUp() {
        long now = System.currentTimeMillis();
        for (String account : accounts) {
            try {
                for (TastytradeAccountFrame.Order order : rest.liveOrders(account, now)) publish(order, now);
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                log.warn("tastytrade order catch-up for an account failed: {}", LogText.printable(e.getMessage()));
            }
        }
    }

    void publish(TastytradeAccountFrame.Order order, long recvMs) {
        for (TastytradeAccountFrame.Rejected r : order.rejected())
            executions.reject(r.error(), source, r.raw(), recvMs);
        order.executions().forEach(executions::publishOnce);
    }
}
