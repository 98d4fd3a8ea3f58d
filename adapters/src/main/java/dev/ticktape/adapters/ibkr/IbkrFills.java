package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.options.OccSymbol;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Account executions as the gateway reports them, both in {@code GET /iserver/account/trades} (an array) and in
 * the WebSocket {@code str} topic ({@code {"topic":"str","args":[...]}}): {@code execution_id}, {@code conid}
 * (string or number), {@code side} ({@code B}/{@code S}), {@code size}, {@code price} (string),
 * {@code trade_time_r} (epoch ms) or {@code trade_time} ({@code yyyyMMdd-HH:mm:ss} UTC), {@code account},
 * {@code order_ref}, {@code sec_type}, {@code symbol}. Field names from IBKR's Web API reference of the trades
 * endpoint (see {@code docs/options.md}).
 */
final class IbkrFills {
    private static final DateTimeFormatter TRADE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss", Locale.ROOT);

    /** One execution before its contract is known. */
    record Fill(String execId, long conid, String secType, String symbol, Side side, double price, double qty,
                long tsMs, String account, String orderId) {
        boolean isOption() {
            return "OPT".equals(secType);
        }

        /** The normalized event; {@code contract} is required for options. */
        Execution toExecution(OptionContract contract, long recvMs) {
            if (isOption() && contract == null) {
                throw new InvalidEventException(RejectReason.INVALID_VALUE, "ibkr: no contract for option conid " + conid);
            }
            String sym = contract != null ? OccSymbol.eventSymbol(contract) : symbol;
            return new Execution(IbkrAdapter.VENUE, sym, tsMs, recvMs, account, orderId, execId, side, price, qty,
                    contract);
        }
    }

    private IbkrFills() {}

    /** One trade object; a bad one throws {@link InvalidEventException} (dead-lettered by the caller). */
    static Fill parse(JsonNode t) {
        if (t == null || !t.isObject()) throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "ibkr trade: not an object");
        String execId = text(t, "execution_id");
        if (execId == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "ibkr trade: missing execution_id");
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
        if (symbol == null) symbol = "CONID" + conid.longValue();
        return new Fill(execId, conid.longValue(), text(t, "sec_type"), symbol, side(text(t, "side")), price,
                Math.abs(size), time(t), account, orderId);
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
}
