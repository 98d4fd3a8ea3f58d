package dev.ticktape.adapters.tastytrade;

import dev.ticktape.model.OptionContract;
import dev.ticktape.model.options.OccSymbol;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tastytrade symbol spellings. Positions and fills name options by OCC symbol; DXLink names them by streamer
 * symbol, {@code "." + root + YYMMDD + C/P + strike} with the strike written without trailing zeros
 * ({@code .SPY260116C600}, {@code .AAPL230818C197.5}); underlyings keep their ticker on both.
 */
public final class TastytradeSymbols {
    private static final Pattern OPTION = Pattern.compile("\\.([A-Z0-9]{1,6})(\\d{6})([CP])(\\d+(?:\\.\\d+)?)");
    /** OCC 2010: root (padded to 6 or not), YYMMDD, C/P, strike in thousandths on 8 digits. */
    private static final Pattern OCC = Pattern.compile("[A-Z0-9]{1,6} *\\d{6}[CP]\\d{8}");

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

    private TastytradeSymbols() {}

    /**
     * Why this adapter cannot stream {@code symbol}, or empty when it names an equity option: by OCC symbol (padded
     * {@code SPY   260116C00600000} or compact {@code SPY260116C00600000}, any case) or by DXLink streamer symbol
     * ({@code .SPY260116C600}). Symbols given to the adapter are extra option contracts: an underlying is streamed
     * with its options, never alone, and futures options are not supported.
     */
    public static Optional<String> problem(String symbol) {
        if (symbol == null || symbol.isBlank()) return Optional.of("empty symbol");
        String s = symbol.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("/") || s.startsWith("./")) return Optional.of("a future or future option; not supported");
        if (!OCC.matcher(s).matches() && !OPTION.matcher(s).matches()) {
            return Optional.of("not an equity option: give an OCC symbol (e.g. SPY   260116C00600000) or a streamer"
                    + " symbol (e.g. .SPY260116C600)");
        }
        try {
            contract(s);
        } catch (RuntimeException e) { // month 13, day 32...
            return Optional.of("not a valid expiry date");
        }
        return Optional.empty();
    }

    /** The contract an accepted symbol (see {@link #problem}) names; its underlying is taken to be its root. */
    public static OptionContract contract(String symbol) {
        String s = symbol.trim().toUpperCase(Locale.ROOT);
        return s.startsWith(".") ? toContract(s, null) : OccSymbol.parse(s, null);
    }

    /** The streamer symbol of an equity option. */
    static String toStreamerSymbol(OptionContract c) {
        String strike = BigDecimal.valueOf(c.strike()).stripTrailingZeros().toPlainString();
        return "." + OccSymbol.root(c) + YYMMDD.format(c.expiry()) + c.right() + strike;
    }

    /** The contract of an option streamer symbol; {@code underlying} null means "same as the root". */
    static OptionContract toContract(String streamerSymbol, String underlying) {
        Matcher m = OPTION.matcher(streamerSymbol);
        if (!m.matches()) throw new IllegalArgumentException("not an equity option streamer symbol: " + streamerSymbol);
        String root = m.group(1);
        LocalDate expiry = LocalDate.parse(m.group(2), YYMMDD);
        return OccSymbol.contract(
                underlying == null ? root : underlying,
                root,
                expiry,
                Double.parseDouble(m.group(4)),
                m.group(3).charAt(0));
    }

    static boolean isOption(String streamerSymbol) {
        return OPTION.matcher(streamerSymbol).matches();
    }
}
