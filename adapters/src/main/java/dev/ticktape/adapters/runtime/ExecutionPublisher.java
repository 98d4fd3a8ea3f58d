package dev.ticktape.adapters.runtime;

import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Account executions of one broker adapter, each published once. Brokers repeat fills (a live stream plus a REST
 * catch-up that lists the day again, order updates that re-list earlier fills), so the last ids are remembered
 * ({@link RecentIds}); an id whose publish failed is forgotten again, so the next catch-up publishes it. Fills that
 * cannot be read are dead-lettered one by one.
 */
public final class ExecutionPublisher {
    private static final Logger log = LoggerFactory.getLogger(ExecutionPublisher.class);
    private static final int REMEMBERED_IDS = 50_000;

    private final String venue;
    private final EventPublisher publisher;
    private final AdapterMetrics metrics;
    private final RecentIds published = new RecentIds(REMEMBERED_IDS);
    private final AtomicLong acked = new AtomicLong();

    public ExecutionPublisher(String venue, EventPublisher publisher, AdapterMetrics metrics) {
        this.venue = venue;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /** Claims {@code execId}: true the first time, for callers that build the event only for new fills. */
    public boolean claim(String execId) {
        return published.add(execId);
    }

    /** Publishes an execution whose id was {@link #claim claimed}; a failed publish releases the claim. */
    public void publishClaimed(Execution x) {
        publisher.publish(x, failure -> {
            if (failure == null) {
                acked.incrementAndGet();
            } else {
                published.remove(x.execId()); // the next catch-up publishes it again
                log.warn("{} execution publish failed: {}", venue, failure.toString());
            }
        });
    }

    /** Publishes {@code x} unless its id was published already. */
    public void publishOnce(Execution x) {
        if (claim(x.execId())) publishClaimed(x);
    }

    /** A fill that could not be read: counted as a parse error and dead-lettered with its raw JSON. */
    public void reject(InvalidEventException e, String source, String raw, long recvMs) {
        metrics.parseError();
        publisher.publishDeadLetter(
                new DeadLetter(e.reason(), e.detail(), source, recvMs, raw.getBytes(StandardCharsets.UTF_8), false),
                failure -> {
                    if (failure != null) log.warn("{} DLQ publish failed: {}", venue, failure.toString());
                });
    }

    /** Executions the broker acknowledged. */
    public long published() {
        return acked.get();
    }
}
