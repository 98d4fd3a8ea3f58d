package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.options.OccSymbol;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The account side of the gateway: the REST answers (session status, tickle, accounts, positions, security
 * definitions, the day's trades) and the trade objects the {@code str} topic carries too. Pure and thread-safe;
 * with {@link IbkrParser}, the only place IBKR field names appear.
 *
 * <p>Trade objects ({@code GET /iserver/account/trades} and {@code str}): {@code execution_id}, {@code conid}
 * (string or number), {@code side} ({@code B}/{@code S}), {@code size}, {@code price} (string),
 * {@code trade_time_r} (epoch ms) or {@code trade_time} ({@code yyyyMMdd-HH:mm:ss} UTC), {@code account},
 * {@code order_ref}, {@code sec_type}, {@code symbol}; names from IBKR's Web API reference of the trades endpoint
 * (see {@code docs/options.md}). Positions: the open options ({@code assetClass OPT}, non-zero signed
 * {@code position}); the OCC root comes from the OCC symbol in {@code contractDesc} brackets when present, else
 * {@code tradingClass}, else the underlying.
 */
final class IbkrAccountParser {
    private static final DateTimeFormatter TRADE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    /** Brokerage-session status ({@code /iserver/auth/status}, {@code ssodh/init}). */
    record AuthStatus(boolean authenticated, boolean connected, boolean competing) {}

    AuthStatus authStatus(JsonNode n) {
        return new AuthStatus(
                n.path("authenticated").asBoolean(false),
                n.path("connected").asBoolean(false),
                n.path("competing").asBoolean(false));
    }

    /** The session id of a {@code /tickle} answer, empty when it carries none. */
    String session(JsonNode tickle) {
        return tickle.path("session").asText("");
    }

    /** The account ids of {@code /portfolio/accounts}. */
    List<String> accountIds(JsonNode accounts) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : accounts) {
            String id = a.path("accountId").asText(a.path("id").asText(""));
            if (!id.isEmpty()) out.add(id);
        }
        return out;
    }

    /** The open options of one page of {@code GET /portfolio/{account}/positions/{page}}. */
    List<IbkrOption> positions(JsonNode page, String account) {
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
     * The option definitions in {@code GET /trsrv/secdef?conids=...} ({@code {"secdef":[...]}}), without an
     * account. The definitions use the same contract field names as positions.
     */
    List<IbkrOption> secdef(JsonNode body) {
        List<IbkrOption> out = new ArrayList<>();
        JsonNode list = body.isArray() ? body : body.path("secdef");
        for (JsonNode d : list) {
            if ("OPT".equals(d.path("assetClass").asText(d.path("secType").asText()))) out.add(option(d, null));
        }
        return out;
    }

    /** Every trade object of a list, each on its own: a bad one is rejected, the others still read. */
    IbkrWsFrame.Trades trades(JsonNode list) {
        List<IbkrFill> fills = new ArrayList<>();
        List<IbkrWsFrame.Rejected> rejected = new ArrayList<>();
        for (JsonNode t : list) {
            try {
                fills.add(fill(t));
            } catch (InvalidEventException e) {
                rejected.add(new IbkrWsFrame.Rejected(t.toString(), e));
            }
        }
        return new IbkrWsFrame.Trades(fills, rejected);
    }

    /** One trade object; a bad one throws {@link InvalidEventException}. */
    IbkrFill fill(JsonNode t) {
        if (t == null || !t.isObject())
            throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "ibkr trade: not an object");
        String execId = text(t, "execution_id");
        if (execId == null)
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "ibkr trade: missing execution_id");
        Double conid = IbkrValue.number(t.get("conid"));
        if (conid == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "ibkr trade: missing conid");
        Double price = IbkrValue.number(t.get("price"));
        Double size = IbkrValue.number(t.get("size"));
        if (price == null || size == null) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "ibkr trade: missing price or size");
        }
        String account = text(t, "account");
        if (account == null) account = text(t, "account_code");
        if (account == null) account = text(t, "acountCode"); // sic, older responses
        String orderId = text(t, "order_id");
        if (orderId == null) orderId = text(t, "order_ref");
        String symbol = text(t, "symbol");
        if (symbol == null) symbol = IbkrSymbols.unnamed(conid.longValue());
        return new IbkrFill(
                execId,
                conid.longValue(),
                text(t, "sec_type"),
                symbol,
                side(text(t, "side")),
                price,
                Math.abs(size),
                time(t),
                account,
                orderId);
    }

    /** The JSON that names a fill in a dead letter: its {@code execution_id} and {@code conid}. */
    static String identity(IbkrFill f) {
        return "{\"execution_id\":\"" + f.execId() + "\",\"conid\":" + f.conid() + "}";
    }

    /** One option from a position or security definition object. */
    private static IbkrOption option(JsonNode p, String account) {
        String underlying = firstText(p, "undSym", "ticker");
        if (underlying == null)
            underlying = p.path("contractDesc").asText("").trim().split(" ")[0];
        String occ = IbkrSymbols.occInDescription(p.path("contractDesc").asText(""));
        var contract = occ != null ? OccSymbol.parse(occ, underlying) : fromFields(p, underlying);
        return new IbkrOption(
                p.path("conid").asLong(), contract, p.path("undConid").asLong(0), account);
    }

    private static OptionContract fromFields(JsonNode p, String underlying) {
        String root = firstText(p, "tradingClass");
        String exp = firstText(p, "expiry", "maturityDate");
        if (exp == null)
            throw new IllegalArgumentException(
                    "option without expiry: conid " + p.path("conid").asText());
        LocalDate expiry = LocalDate.parse(exp, YYYYMMDD);
        Double strike = IbkrValue.number(p.get("strike"));
        if (strike == null)
            throw new IllegalArgumentException(
                    "position without strike: conid " + p.path("conid").asText());
        char right = p.path("putOrCall")
                .asText(p.path("right").asText("?"))
                .toUpperCase(Locale.ROOT)
                .charAt(0);
        return OccSymbol.contract(underlying, root == null ? underlying : root, expiry, strike, right);
    }

    private static Side side(String s) {
        if (s == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "ibkr trade: missing side");
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "B", "BOT", "BUY" -> Side.BUY;
            case "S", "SLD", "SELL", "SSHORT" -> Side.SELL;
            default -> throw new InvalidEventException(RejectReason.INVALID_VALUE, "ibkr trade: unknown side " + s);
        };
    }

    private static long time(JsonNode t) {
        Double r = IbkrValue.number(t.get("trade_time_r"));
        if (r != null && r > 0) return r.longValue();
        String s = text(t, "trade_time");
        if (s == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "ibkr trade: missing trade_time_r");
        try {
            return LocalDateTime.parse(s, TRADE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "ibkr trade: bad trade_time " + s);
        }
    }

    private static String text(JsonNode t, String field) {
        JsonNode n = t.get(field);
        if (n == null || n.isNull()) return null;
        String s = n.asText().trim();
        return s.isEmpty() ? null : s;
    }

    private static String firstText(JsonNode p, String... names) {
        for (String n : names) {
            String v = p.path(n).asText("");
            if (!v.isBlank()) return v.trim();
        }
        return null;
    }
}
