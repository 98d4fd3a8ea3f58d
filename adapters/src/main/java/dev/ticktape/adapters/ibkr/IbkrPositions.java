package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.options.OccSymbol;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a page of {@code GET /portfolio/{account}/positions/{page}}: the open options ({@code assetClass OPT},
 * non-zero signed {@code position}) with conid, underlying conid and contract. The OCC root comes from the OCC
 * symbol in {@code contractDesc} brackets when present, else {@code tradingClass}, else the underlying.
 */
final class IbkrPositions {
    private static final Pattern OCC_IN_DESC = Pattern.compile("\\[([A-Z0-9]{1,6} *\\d{6}[CP]\\d{8})");
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private IbkrPositions() {}

    static List<IbkrOption> parse(JsonNode page, String account) {
        List<IbkrOption> out = new ArrayList<>();
        for (JsonNode p : page) {
            if (!"OPT".equals(p.path("assetClass").asText())) continue;
            Double qty = IbkrValue.number(p.get("position"));
            if (qty == null || qty == 0) continue;
            out.add(option(p, p.path("acctId").asText(account)));
        }
        return out;
    }

    /**
     * Reads {@code GET /trsrv/secdef?conids=...} ({@code {"secdef":[...]}}): the option definitions among them,
     * without an account. The definitions use the same contract field names as positions.
     */
    static List<IbkrOption> parseSecdef(JsonNode body) {
        List<IbkrOption> out = new ArrayList<>();
        JsonNode list = body.isArray() ? body : body.path("secdef");
        for (JsonNode d : list) {
            if ("OPT".equals(d.path("assetClass").asText(d.path("secType").asText()))) out.add(option(d, null));
        }
        return out;
    }

    /** One option from a position or security definition object. */
    static IbkrOption option(JsonNode p, String account) {
        String underlying = firstText(p, "undSym", "ticker");
        if (underlying == null) underlying = p.path("contractDesc").asText("").trim().split(" ")[0];
        Matcher m = OCC_IN_DESC.matcher(p.path("contractDesc").asText(""));
        var contract = m.find() ? OccSymbol.parse(m.group(1), underlying) : fromFields(p, underlying);
        return new IbkrOption(p.path("conid").asLong(), contract, p.path("undConid").asLong(0), account);
    }

    private static dev.ticktape.model.OptionContract fromFields(JsonNode p, String underlying) {
        String root = firstText(p, "tradingClass");
        String exp = firstText(p, "expiry", "maturityDate");
        if (exp == null) throw new IllegalArgumentException("option without expiry: conid " + p.path("conid").asText());
        LocalDate expiry = LocalDate.parse(exp, YYYYMMDD);
        Double strike = IbkrValue.number(p.get("strike"));
        if (strike == null) throw new IllegalArgumentException("position without strike: conid " + p.path("conid").asText());
        char right = p.path("putOrCall").asText(p.path("right").asText("?")).toUpperCase(Locale.ROOT).charAt(0);
        return OccSymbol.contract(underlying, root == null ? underlying : root, expiry, strike, right);
    }

    private static String firstText(JsonNode p, String... names) {
        for (String n : names) {
            String v = p.path(n).asText("");
            if (!v.isBlank()) return v.trim();
        }
        return null;
    }
}
