package dev.ticktape.adapters.runtime;

/** Completion of one asynchronous publish: {@code failure} is null on a durable ack, else why it failed. */
@FunctionalInterface
public interface PublishCallback {
    void onComplete(Throwable failure);
}
