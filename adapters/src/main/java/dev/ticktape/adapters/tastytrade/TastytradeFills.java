package dev.ticktape.adapters.tastytrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.options.OccSymbol;
import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fills inside a tastytrade order, as both the account streamer ({@code {"type":"Order","data":{...}}}) and
 * {@code GET /accounts/{n}/orders/live} ({@code data.items[]}) carry it: {@code legs[].fills[]} with
 * {@code fill-id}, {@code quantity}, {@code fill-price}, {@code filled-at} (ISO-8601); the leg's {@code symbol},
 * {@code instrument-type} and {@code action} ({@code Buy to Open}, {@code Sell to Close}, ...). An order update
 * repeats every earlier fill, so callers publish each {@code fill-id} once. Field names from the tastytrade SDK's
 * order model (see {@code docs/options.md}).
 */
final class TastytradeFills {
    /** A fill that could not be read, with the JSON to dead-letter. */
    record Rejected(String raw, InvalidEventException error) {}

    /** Everything read from one order. */
    record Parsed(List<Execution> executions, List<Rejected> rejected) {}

    private TastytradeFills() {}

    static Parsed fromOrder(JsonNode order, long recvMs) {
        List<Execution> out = new ArrayList<>();
        List<Rejected> bad = new ArrayList<>();
        String account = text(order, "account-number");
        String orderId = text(order, "id");
        String underlying = text(order, "underlying-symbol");
        for (JsonNode leg : order.path("legs")) {
            for (JsonNode fill : leg.path("fills")) {
                try {
                    out.add(execution(leg, fill, account, orderId, underlying, recvMs));
                } catch (InvalidEventException e) {
                    bad.add(new Rejected(fill.toString(), e));
                }
            }
        }
        return new Parsed(out, bad);
    }

    private static Execution execution(JsonNode leg, JsonNode fill, String account, String orderId, String underlying,
                                       long recvMs) {
        String fillId = text(fill, "fill-id");
        if (fillId == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: missing fill-id");
        String symbol = text(leg, "symbol");
        if (symbol == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: leg without symbol");
        double qty = number(fill, "quantity");
        double price = number(fill, "fill-price");
        long ts = time(text(fill, "filled-at"));
        OptionContract contract = null;
        if ("Equity Option".equals(text(leg, "instrument-type"))) {
            try {
                contract = OccSymbol.parse(symbol, underlying);
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(RejectReason.INVALID_VALUE, "tastytrade fill: bad option symbol " + symbol);
            }
            symbol = OccSymbol.eventSymbol(contract);
        }
        return new Execution("tastytrade", symbol, ts, recvMs, account, orderId, fillId, side(text(leg, "action")), price,
                Math.abs(qty), contract);
    }

    private static Side side(String action) {
        if (action == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: leg without action");
        if (action.startsWith("Buy")) return Side.BUY;
        if (action.startsWith("Sell")) return Side.SELL;
        throw new InvalidEventException(RejectReason.INVALID_VALUE, "tastytrade fill: unknown action " + action);
    }

    private static long time(String iso) {
        if (iso == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: missing filled-at");
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "tastytrade fill: bad filled-at " + iso);
        }
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: missing " + field);
        try {
            double d = v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "tastytrade fill: " + field + " is not a number");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) return null;
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }
}
