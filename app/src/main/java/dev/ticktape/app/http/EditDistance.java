package dev.ticktape.app.http;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** Nearest names for a mistyped one, by optimal-string-alignment (Damerau-Levenshtein) distance, ignoring case. */
final class EditDistance {
    /** Further than this is a different name, not a typo. */
    static final int MAX_SUGGESTION_DISTANCE = 2;

    private EditDistance() {}

    /** Insertions, deletions, substitutions and swaps of two neighbours needed to turn {@code a} into {@code b}. */
    static int between(String a, String b) {
        String x = a.toUpperCase(Locale.ROOT);
        String y = b.toUpperCase(Locale.ROOT);
        int[][] d = new int[x.length() + 1][y.length() + 1];
        for (int i = 0; i <= x.length(); i++) d[i][0] = i;
        for (int j = 0; j <= y.length(); j++) d[0][j] = j;
        for (int i = 1; i <= x.length(); i++) {
            for (int j = 1; j <= y.length(); j++) {
                int cost = x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && x.charAt(i - 1) == y.charAt(j - 2) && x.charAt(i - 2) == y.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[x.length()][y.length()];
    }

    /** The closest of {@code names} within {@link #MAX_SUGGESTION_DISTANCE}; the alphabetically first on a tie. */
    static Optional<String> closest(String name, Collection<String> names) {
        String best = null;
        int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
        for (String n : names.stream().sorted().toList()) {
            int dist = between(name, n);
            if (dist < bestDistance) {
                best = n;
                bestDistance = dist;
            }
        }
        return Optional.ofNullable(best);
    }
}
