package dev.ticktape.persistence;

import dev.ticktape.model.Execution;
import java.time.Instant;

/**
 * An execution as read back from {@code executions}. The execution's {@code recvMs} is {@code receivedAt} in epoch
 * milliseconds; {@code persistedAt} is when its row was written.
 */
public record StoredExecution(Execution execution, Instant receivedAt, Instant persistedAt) {
    public StoredExecution {
        if (execution == null || receivedAt == null || persistedAt == null) {
            throw new IllegalArgumentException("execution/receivedAt/persistedAt");
        }
    }
}
