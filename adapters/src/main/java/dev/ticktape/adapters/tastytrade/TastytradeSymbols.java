package dev.ticktape.adapters.tastytrade;

import dev.ticktape.model.OptionContract;
import dev.ticktape.model.options.OccSymbol;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tastytrade symbol spellings. Positions and fills name options by OCC symbol; DXLink names them by streamer
 * symbol, {@code "." + root + YYMMDD + C/P + strike} with the strike written without trailing zeros
 * ({@code .SPY260116C600}, {@code .AAPL230818C197.5}); underlyings keep their ticker on both.
 */
final class TastytradeSymbols {
    private static final Pattern OPTION = Pattern.compile("\\.([A-Z0-9]{1,6})(\\d{6})([CP])(\\d+(?:\\.\\d+)?)");
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

    private TastytradeSymbols() {}

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
