package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Bar;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test publisher that keeps everything in memory. Acks are immediate by default; {@link #holdAcks()} keeps
 * callbacks pending until {@link #releaseAcks()}, and {@link #failWith} completes them with a failure.
 */
public final class InMemoryPublisher implements EventPublisher {
    private final ConcurrentLinkedQueue<MarketEvent> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger eventCount = new AtomicInteger();
    private final List<PublishCallback> held = new ArrayList<>();
    private boolean holding;
    private volatile Throwable failure;

    @Override
    public void publish(MarketEvent event, PublishCallback done) {
        events.add(event);
        eventCount.incrementAndGet();
        complete(done);
    }

    @Override
    public void publishDeadLetter(DeadLetter deadLetter, PublishCallback done) {
        deadLetters.add(deadLetter);
        complete(done);
    }

    /** From now on, keep callbacks pending. */
    public synchronized void holdAcks() {
        holding = true;
    }

    /** Completes every pending callback and acks immediately from now on. */
    public void releaseAcks() {
        List<PublishCallback> toRun;
        synchronized (this) {
            holding = false;
            toRun = new ArrayList<>(held);
            held.clear();
            notifyAll();
        }
        toRun.forEach(cb -> cb.onComplete(failure));
    }

    /** Completes every publish from now on with {@code f}. */
    public void failWith(Throwable f) {
        failure = f;
    }

    public synchronized int heldAcks() {
        return held.size();
    }

    @Override
    public synchronized void flush() {
        while (!held.isEmpty()) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        flush();
    }

    public List<MarketEvent> events() {
        return List.copyOf(events);
    }

    public List<Trade> trades() {
        return events.stream().filter(Trade.class::isInstance).map(Trade.class::cast).toList();
    }

    public List<Bar> bars() {
        return events.stream().filter(Bar.class::isInstance).map(Bar.class::cast).toList();
    }

    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    public int eventCount() {
        return eventCount.get();
    }

    private void complete(PublishCallback done) {
        synchronized (this) {
            if (holding) {
                held.add(done);
                return;
            }
        }
        done.onComplete(failure);
    }
}
