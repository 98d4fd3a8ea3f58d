package dev.ticktape.model.options;

import dev.ticktape.model.OptionContract;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The OCC 2010 option symbol, the one contract identity shared by every broker: root padded to 6 characters,
 * {@code YYMMDD}, {@code C}/{@code P}, strike × 1000 in 8 digits ({@code "SPY   260116C00600000"}). The event
 * {@code symbol} is the same text without the padding ({@code "SPY260116C00600000"}), because event symbols
 * carry no spaces.
 */
public final class OccSymbol {
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private OccSymbol() {}

    /**
     * Builds the contract of an option; {@code root} is the OCC root (e.g. {@code SPXW}), {@code underlying} the
     * underlying symbol (e.g. {@code SPX}); both are upper-cased.
     */
    public static OptionContract contract(String underlying, String root, LocalDate expiry, double strike, char right) {
        String r = root.trim().toUpperCase(Locale.ROOT);
        char side = Character.toUpperCase(right);
        return new OptionContract(
                underlying.trim().toUpperCase(Locale.ROOT), expiry, strike, side, format(r, expiry, strike, side));
    }

    /** The padded OCC symbol. */
    public static String format(String root, LocalDate expiry, double strike, char right) {
        if (root.isEmpty() || root.length() > 6)
            throw new IllegalArgumentException("OCC root must be 1..6 chars: " + root);
        long milli = BigDecimal.valueOf(strike).multiply(THOUSAND).longValueExact();
        if (milli <= 0 || milli > 99_999_999L) throw new IllegalArgumentException("strike out of OCC range: " + strike);
        return String.format(Locale.ROOT, "%-6s%s%c%08d", root, YYMMDD.format(expiry), right, milli);
    }

    /**
     * Parses an OCC symbol, padded ({@code "SPY   260116C00600000"}) or compact ({@code "SPY260116C00600000"}).
     * {@code underlying} is the underlying symbol when known, otherwise the root is used.
     */
    public static OptionContract parse(String occ, String underlying) {
        String s = occ.trim().toUpperCase(Locale.ROOT);
        if (s.length() < 16) throw new IllegalArgumentException("not an OCC option symbol: '" + occ + "'");
        int tail = s.length() - 15; // YYMMDD + right + 8 strike digits
        String root = s.substring(0, tail).trim();
        char right = s.charAt(tail + 6);
        if (root.isEmpty() || (right != 'C' && right != 'P')) {
            throw new IllegalArgumentException("not an OCC option symbol: '" + occ + "'");
        }
        try {
            LocalDate expiry = LocalDate.parse(s.substring(tail, tail + 6), YYMMDD);
            long milli = Long.parseLong(s.substring(tail + 7));
            double strike = BigDecimal.valueOf(milli).divide(THOUSAND).doubleValue();
            return contract(
                    underlying == null || underlying.isBlank() ? root : underlying, root, expiry, strike, right);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("not an OCC option symbol: '" + occ + "'", e);
        }
    }

    /** The OCC root of a contract (the first six characters, unpadded). */
    public static String root(OptionContract c) {
        return c.occ().substring(0, c.occ().length() - 15).trim();
    }

    /** The event symbol of a contract: the OCC symbol without padding. */
    public static String eventSymbol(OptionContract c) {
        return c.occ().replace(" ", "");
    }
}
