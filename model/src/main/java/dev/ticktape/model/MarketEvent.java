package dev.ticktape.model;

/**
 * Every normalized event the platform moves. Each carries venue time ({@link #tsMs()}) and the time the adapter
 * received it ({@link #recvMs()}); the Kafka key is {@link #key()} and the record timestamp is {@code tsMs}.
 * JSON field names and the {@code type} discriminator are defined by {@link dev.ticktape.model.codec.EventCodec}.
 */
public sealed interface MarketEvent
        permits Trade, Quote, BookUpdate, Bar, Greeks, Execution, Status, Gap, Summary, FeatureSet, Decision {

    /** The JSON {@code type} discriminator. */
    String type();

    String venue();

    String symbol();

    long tsMs();

    long recvMs();

    /** Kafka record key: {@code venue:symbol}. */
    default String key() {
        return InstrumentId.key(venue(), symbol());
    }

    /** The topic this event belongs on. */
    default String topic() {
        return Topics.topicFor(this);
    }
}
