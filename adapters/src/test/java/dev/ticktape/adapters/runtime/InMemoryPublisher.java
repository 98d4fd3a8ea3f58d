package dev.ticktape.adapters.runtime;

import dev.ticktape.model.Bar;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test publisher that keeps everything in memory. Acks are immediate by default; {@link #holdAcks()} keeps
 * callbacks pending until {@link #releaseAcks()}, and {@link #failWith} completes them with a failure.
 * {@linkplain #openChannel Channels} are recorded ({@link #channels()}): events published through them land here
 * as well, and a closed channel refuses events as a real one does.
 */
public final class InMemoryPublisher implements EventPublisher {
    private final ConcurrentLinkedQueue<MarketEvent> events = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<DeadLetter> deadLetters = new ConcurrentLinkedQueue<>();
    private final AtomicInteger eventCount = new AtomicInteger();
    private final List<PublishCallback> held = new ArrayList<>();
    private boolean holding;
    private volatile Throwable failure;
    private final List<RecordingChannel> channels = new CopyOnWriteArrayList<>();

    /** A channel opened on this publisher: its name, what went through it, whether it was closed. */
    public final class RecordingChannel implements EventPublisher {
        private final String name;
        private final ConcurrentLinkedQueue<MarketEvent> events = new ConcurrentLinkedQueue<>();
        private volatile boolean closed;

        RecordingChannel(String name) {
            this.name = name;
        }

        @Override
        public void publish(MarketEvent event, PublishCallback done) {
            if (closed) throw new IllegalStateException("channel " + name + " is closed");
            events.add(event);
            InMemoryPublisher.this.publish(event, done);
        }

        @Override
        public void publishDeadLetter(DeadLetter deadLetter, PublishCallback done) {
            if (closed) throw new IllegalStateException("channel " + name + " is closed");
            InMemoryPublisher.this.publishDeadLetter(deadLetter, done);
        }

        @Override
        public void flush() {
            InMemoryPublisher.this.flush();
        }

        @Override
        public void close() {
            closed = true;
        }

        public String name() {
            return name;
        }

        public boolean closed() {
            return closed;
        }

        public List<Trade> trades() {
            return events.stream()
                    .filter(Trade.class::isInstance)
                    .map(Trade.class::cast)
                    .toList();
        }
    }

    @Override
    public void publish(MarketEvent event, PublishCallback done) {
        events.add(event);
        eventCount.incrementAndGet();
        complete(done);
    }

    @Override
    public EventPublisher openChannel(String name) {
        RecordingChannel c = new RecordingChannel(name);
        channels.add(c);
        return c;
    }

    /** Every channel opened so far, in order. */
    public List<RecordingChannel> channels() {
        return List.copyOf(channels);
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
        return events.stream()
                .filter(Trade.class::isInstance)
                .map(Trade.class::cast)
                .toList();
    }

    public List<Bar> bars() {
        return events.stream()
                .filter(Bar.class::isInstance)
                .map(Bar.class::cast)
                .toList();
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
