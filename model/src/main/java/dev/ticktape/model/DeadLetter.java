package dev.ticktape.model;

/**
 * A rejected input, as published on {@code md.dlq}: the raw bytes (exactly as received, possibly truncated for
 * oversized lines), why they were refused, and where they came from (connection, file or topic label).
 */
public record DeadLetter(
        RejectReason reason, String detail, String source, long recvMs, byte[] raw, boolean truncated) {
    public DeadLetter {
        if (reason == null || source == null || raw == null) throw new IllegalArgumentException("reason/source/raw");
    }
}
