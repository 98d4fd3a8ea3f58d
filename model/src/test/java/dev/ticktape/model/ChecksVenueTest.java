package dev.ticktape.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The venue check against the pattern it documents, {@code [a-z0-9][a-z0-9_.-]{0,31}}, evaluated by
 * {@link java.util.regex}: every string up to three characters over an alphabet of the allowed characters, their
 * neighbours in ASCII and look-alikes outside it, and lengths around the 32-character limit.
 */
@Timeout(10)
class ChecksVenueTest {
    private static final Pattern ORACLE = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,31}");
    /** Allowed characters and their edges, their ASCII neighbours, and characters that case-fold or look alike. */
    private static final String ALPHABET =
            "az09_.-" + "`{/:@[^,+ " + "AZ" + "\t\n\u0000\u007f" + "\u00e9\u0131\u212a\u0660\uff41" + "\ud83d";

    @Test
    void agreesWithThePatternOnEveryShortString() {
        List<String> inputs = new ArrayList<>();
        inputs.add("");
        for (char a : ALPHABET.toCharArray()) {
            inputs.add(String.valueOf(a));
            for (char b : ALPHABET.toCharArray()) {
                inputs.add("" + a + b);
                for (char c : ALPHABET.toCharArray()) inputs.add("" + a + b + c);
            }
        }
        assertThat(inputs).hasSizeGreaterThan(25_000);
        inputs.forEach(ChecksVenueTest::agrees);
    }

    @Test
    void agreesWithThePatternAroundTheLengthLimit() {
        for (int n = 28; n <= 36; n++) {
            for (char head : "a0_.-A".toCharArray()) {
                for (char tail : "z9_.-!\u00e9".toCharArray()) {
                    agrees(head + "x".repeat(n - 2) + tail);
                    agrees(head + "_.-9".repeat(n).substring(0, n - 2) + tail);
                }
            }
        }
        agrees("x".repeat(1000));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "binance", "a.b-c_d9", "abcdefghijklmnopqrstuvwxyz012345"})
    void acceptsValidVenues(String venue) {
        assertThat(Checks.venue(venue)).isSameAs(venue);
    }

    @Test
    void namesTheRuleAndAbbreviatesTheValue() {
        assertThatThrownBy(() -> Checks.venue("abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnop"))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(
                        "venue must match [a-z0-9][a-z0-9_.-]{0,31}, got 'abcdefghijklmnopqrstuvwxyz0123456789abcd...'")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.INVALID_VENUE);
        assertThatThrownBy(() -> Checks.venue(null))
                .hasMessage("missing field 'venue'")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.MISSING_FIELD);
    }

    private static void agrees(String venue) {
        if (ORACLE.matcher(venue).matches()) {
            assertThat(Checks.venue(venue)).as("'%s'", venue).isSameAs(venue);
        } else {
            assertThatThrownBy(() -> Checks.venue(venue))
                    .as("'%s'", venue)
                    .isInstanceOf(InvalidEventException.class)
                    .hasMessage("venue must match [a-z0-9][a-z0-9_.-]{0,31}, got '" + abbreviated(venue) + "'")
                    .extracting(e -> ((InvalidEventException) e).reason())
                    .isEqualTo(RejectReason.INVALID_VENUE);
        }
    }

    private static String abbreviated(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
