package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StaleFeedWatchdogTest {
    private final AtomicLong now = new AtomicLong(0);
    private final AtomicBoolean open = new AtomicBoolean(true);
    private final StaleFeedWatchdog dog = new StaleFeedWatchdog(Duration.ofSeconds(5), open::get, now::get);

    @Test
    void staleAfterTimeoutWithoutData() {
        now.set(Duration.ofSeconds(5).toNanos());
        assertThat(dog.isStale()).isFalse();
        now.set(Duration.ofSeconds(6).toNanos());
        assertThat(dog.isStale()).isTrue();
        dog.dataReceived();
        assertThat(dog.isStale()).isFalse();
    }

    @Test
    void silenceWhileMarketClosedIsNotStale() {
        open.set(false);
        now.set(Duration.ofMinutes(10).toNanos());
        assertThat(dog.isStale()).isFalse();
    }
}
