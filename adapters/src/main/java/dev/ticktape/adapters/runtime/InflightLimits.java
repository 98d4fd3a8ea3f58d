package dev.ticktape.adapters.runtime;

/**
 * Watermarks for records published but not yet acknowledged. Intake pauses when either count reaches its high
 * mark and resumes once both are at or below their low marks; the gap keeps pause/resume from flapping.
 */
public record InflightLimits(long highRecords, long lowRecords, long highBytes, long lowBytes) {
    /** 20k records or 16 MiB: well inside a Kafka producer's default 32 MiB buffer, so sends never block. */
    public static final InflightLimits DEFAULT = new InflightLimits(20_000, 10_000, 16L << 20, 8L << 20);

    public InflightLimits {
        if (highRecords < 1 || highBytes < 1) throw new IllegalArgumentException("high watermarks must be >= 1");
        if (lowRecords < 0 || lowRecords >= highRecords) {
            throw new IllegalArgumentException(
                    "need 0 <= lowRecords < highRecords, got " + lowRecords + "/" + highRecords);
        }
        if (lowBytes < 0 || lowBytes >= highBytes) {
            throw new IllegalArgumentException("need 0 <= lowBytes < highBytes, got " + lowBytes + "/" + highBytes);
        }
    }

    boolean reachedHigh(long records, long bytes) {
        return records >= highRecords || bytes >= highBytes;
    }

    boolean belowLow(long records, long bytes) {
        return records <= lowRecords && bytes <= lowBytes;
    }
}
