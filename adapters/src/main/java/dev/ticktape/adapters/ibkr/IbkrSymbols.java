package dev.ticktape.adapters.ibkr;

import dev.ticktape.model.OptionContract;
import dev.ticktape.model.options.OccSymbol;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBKR instrument spellings. The gateway names instruments by conid; this adapter names its streams
 * {@code O:<conid>} (option fields), {@code U:<conid>} (underlying price fields) and {@link #TRADES_STREAM}
 * (account executions). Options are published under their compact OCC symbol, other instruments under the
 * gateway's symbol, or {@code CONID<n>} when it sends none. Position descriptions may carry the OCC symbol in
 * brackets ({@code SPX JAN2025 3975 P [SPXW  250116P03975000 100]}).
 */
public final class IbkrSymbols {
    /** The account executions topic ({@code str}). */
    static final String TRADES_STREAM = "T:trades";

    private static final String OPTION_PREFIX = "O:";
    private static final String UNDERLYING_PREFIX = "U:";
    private static final Pattern OCC_IN_DESC = Pattern.compile("\\[([A-Z0-9]{1,6} *\\d{6}[CP]\\d{8})");

    /** Conids are positive 64-bit integers; real ones have at most 10 digits, 12 leaves room. */
    private static final Pattern CONID = Pattern.compile("[0-9]{1,12}");

    private IbkrSymbols() {}

    /**
     * Why the gateway would refuse to stream {@code symbol}, or empty when it is a conid ({@code 265598}): the
     * adapter subscribes {@code smd+<conid>}, so a ticker or an OCC symbol is refused here rather than dropped.
     */
    public static Optional<String> problem(String symbol) {
        if (symbol == null || symbol.isBlank()) return Optional.of("empty symbol");
        String s = symbol.trim();
        if (!CONID.matcher(s).matches()) {
            return Optional.of("not a conid: IBKR contracts are named by their numeric conid (e.g. 265598;"
                    + " find it with /iserver/secdef/search)");
        }
        if (Long.parseLong(s) == 0) return Optional.of("conid 0 names no contract");
        return Optional.empty();
    }

    /** The conids among the symbols a user named: the all-digit ones ({@code ["265598", "SPY"]} -> {@code [265598]}). */
    public static List<Long> conids(List<String> symbols) {
        return symbols.stream()
                .filter(s -> s.chars().allMatch(Character::isDigit))
                .map(Long::parseLong)
                .toList();
    }

    static String optionStream(long conid) {
        return OPTION_PREFIX + conid;
    }

    static String underlyingStream(long conid) {
        return UNDERLYING_PREFIX + conid;
    }

    static boolean isOptionStream(String stream) {
        return stream.startsWith(OPTION_PREFIX);
    }

    /** The conid of an option or underlying stream: {@code O:654371995} -> 654371995. */
    static long conidOf(String stream) {
        return Long.parseLong(stream.substring(2));
    }

    /** The {@code conids} query parameter of {@code /trsrv/secdef}: {@code 1,2,3}. */
    static String conidList(List<Long> conids) {
        return String.join(",", conids.stream().map(String::valueOf).toList());
    }

    /** The symbol of an instrument the gateway names by conid only. */
    static String unnamed(long conid) {
        return "CONID" + conid;
    }

    /** The published symbol: compact OCC for an option ({@code contract} not null), else the venue's symbol. */
    static String eventSymbol(OptionContract contract, String symbol) {
        return contract != null ? OccSymbol.eventSymbol(contract) : symbol;
    }

    /** The OCC symbol in the brackets of a position's {@code contractDesc}, or null. */
    static String occInDescription(String contractDesc) {
        Matcher m = OCC_IN_DESC.matcher(contractDesc);
        return m.find() ? m.group(1) : null;
    }
}
