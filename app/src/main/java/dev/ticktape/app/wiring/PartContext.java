package dev.ticktape.app.wiring;

import dev.ticktape.app.health.HealthCheck;
import dev.ticktape.app.kafka.KafkaSettings;
import dev.ticktape.model.codec.EventCodec;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * What every part starts with: the spec, the lifecycle it registers its running pieces in (stopped in reverse),
 * the health check it reports to, the process's metrics and the Kafka cluster in use.
 */
record PartContext(
        PlatformSpec spec,
        Lifecycle lifecycle,
        PrometheusMeterRegistry registry,
        HealthCheck health,
        EventCodec codec,
        KafkaSettings kafka) {}
