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
}
