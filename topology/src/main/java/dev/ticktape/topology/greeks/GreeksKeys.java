package dev.ticktape.topology.greeks;

import dev.ticktape.model.Greeks;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The Greeks state key {@code broker|occ} (broker = the event's venue), UTF-8. It is also the record key of
 * {@code md.greeks.accepted} and of the re-key topic, so one contract of one broker always lands on one task.
 */
public final class GreeksKeys {
    static final char SEPARATOR = '|';

    private GreeksKeys() {}

    public static String of(String broker, String occ) {
        return broker + SEPARATOR + occ;
    }

    public static String of(Greeks g) {
        return of(g.venue(), g.contract().occ());
    }

    /** The key prefix shared by every contract of {@code broker}. */
    public static String brokerPrefix(String broker) {
        return broker + SEPARATOR;
    }

    static byte[] bytes(Greeks g) {
        return of(g).getBytes(StandardCharsets.UTF_8);
    }

    /** True if {@code key} already is {@code broker|occ} of {@code g}, so the record sits on the right partition. */
    static boolean matches(byte[] key, Greeks g) {
        return key != null && Arrays.equals(key, bytes(g));
    }
}
