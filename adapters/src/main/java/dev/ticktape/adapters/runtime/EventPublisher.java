package dev.ticktape.adapters.runtime;

import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.MarketEvent;

/**
 * Where adapters hand normalized events and rejected inputs. Adapters never see the transport (the
 * implementation over a Kafka producer lives in the application); events go to {@link MarketEvent#topic()} keyed
 * by {@link MarketEvent#key()}, dead letters to {@code md.dlq}.
 *
 * <p>Publishing is asynchronous and must never block the caller: adapters call it from network event loops.
 * Flow control is the caller's job (see {@link InflightBudget}); an implementation may therefore assume the
 * number of outstanding publishes is bounded by the caller. Every callback runs exactly once, possibly on the
 * implementation's I/O thread, possibly inline before {@code publish} returns.
 *
 * <p>Each source of trades (a gateway TCP connection, a {@code --tail} file, a stdin replay, a venue adapter's
 * WebSocket connection) publishes through its own {@linkplain #openChannel channel}, so that the publisher can tell
 * the bar topology how far in event time that source has sent everything (producer clock ticks, see
 * {@code dev.ticktape.model.ProducerTick}).
 */
public interface EventPublisher extends AutoCloseable {

    /**
     * Publishes one event. {@code done} runs exactly once: with null once the event is durably acknowledged, or
     * with the failure. Delivery failures are reported through {@code done}, never thrown; a runtime exception
     * (for example after {@link #close()}) means the event was not taken and {@code done} will not run.
     */
    void publish(MarketEvent event, PublishCallback done);

    /** Publishes a rejected input to the dead-letter topic, with the same contract as {@link #publish}. */
    void publishDeadLetter(DeadLetter deadLetter, PublishCallback done);

    /** Blocks until everything published so far has been acknowledged or has failed. */
    void flush();

    /** Flushes and releases resources; publishing afterwards is an error. */
    @Override
    void close();

    /**
     * Opens a channel: a view of this publisher for one source of events, named {@code name} (its input label,
     * e.g. {@code tcp:127.0.0.1:53122}, {@code file:trades.ndjson}, {@code stdin}, {@code ws:binance/CONN0}).
     *
     * <p>Contract for implementations that keep producer clocks: trades published through the channel are stamped
     * with the channel's producer id, and the channel regularly tells every {@code md.trades} partition it wrote how
     * far in event time it has sent everything; other events and dead letters pass through unchanged. A source
     * publishes its trades in the order it received them and uses one channel for as long as its data is
     * continuous (a reconnect that may have lost data opens a new one).
     *
     * <p>{@link #close()} on the channel ends only the channel (never the publisher): it marks the source finished
     * once the events already handed to it are sent, and does not block. Publishing through a closed channel is an
     * error. {@link #flush()} on a channel flushes the publisher. Channels are thread-safe like the publisher.
     *
     * <p>The default is a pass-through view without a clock whose {@code close()} does nothing, so publishers
     * that keep no clocks (test fakes) need not implement this.
     */
    default EventPublisher openChannel(String name) {
        EventPublisher parent = this;
        return new EventPublisher() {
            @Override
            public void publish(MarketEvent event, PublishCallback done) {
                parent.publish(event, done);
            }

            @Override
            public void publishDeadLetter(DeadLetter deadLetter, PublishCallback done) {
                parent.publishDeadLetter(deadLetter, done);
            }

            @Override
            public void flush() {
                parent.flush();
            }

            @Override
            public void close() {
                // the underlying publisher belongs to its owner
            }

            @Override
            public EventPublisher openChannel(String other) {
                return parent.openChannel(other);
            }
        };
    }
}
