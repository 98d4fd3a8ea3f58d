package dev.ticktape.model;

/** Bar resolutions the platform produces and stores. */
public enum BarInterval {
    S1("ohlc1s", "1s", 1_000L, Topics.BARS_1S, "ohlc_1s"),
    M1("ohlc1m", "1m", 60_000L, Topics.BARS_1M, "ohlc_1m");

    private final String type;
    private final String label;
    private final long millis;
    private final String topic;
    private final String table;

    BarInterval(String type, String label, long millis, String topic, String table) {
        this.type = type;
        this.label = label;
        this.millis = millis;
        this.topic = topic;
        this.table = table;
    }

    /** JSON {@code type} of a bar of this interval. */
    public String type() {
        return type;
    }

    /** Short label used in APIs: {@code 1s}, {@code 1m}. */
    public String label() {
        return label;
    }

    public long millis() {
        return millis;
    }

    public String topic() {
        return topic;
    }

    public String table() {
        return table;
    }

    /** Start of the bar that contains {@code tsMs}. */
    public long start(long tsMs) {
        return Math.floorDiv(tsMs, millis) * millis;
    }

    public static BarInterval ofLabel(String label) {
        for (BarInterval i : values()) {
            if (i.label.equals(label)) return i;
        }
        throw new IllegalArgumentException("interval must be 1s or 1m, got '" + label + "'");
    }

    public static BarInterval ofType(String type) {
        for (BarInterval i : values()) {
            if (i.type.equals(type)) return i;
        }
        return null;
    }
}
