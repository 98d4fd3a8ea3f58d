package dev.ticktape.adapters.tastytrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.options.OccSymbol;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The account side of tastytrade: the account streamer's messages and the REST answers (login, quote token,
 * positions, live orders). Pure and thread-safe; with {@link TastytradeParser}, the only place tastytrade field
 * names appear.
 *
 * <p>Orders, on the streamer ({@code {"type":"Order","data":{...}}}) and in {@code /orders/live}
 * ({@code data.items[]}): {@code legs[].fills[]} with {@code fill-id}, {@code quantity}, {@code fill-price},
 * {@code filled-at} (ISO-8601); the leg's {@code symbol}, {@code instrument-type} and {@code action}
 * ({@code Buy to Open}, {@code Sell to Close}, ...); field names from the tastytrade SDK's order model (see
 * {@code docs/options.md}). Positions: the open equity options, each with its streamer symbol
 * ({@code streamer-symbol} when the API sends it, else derived from the OCC {@code symbol}); futures options are
 * skipped, as their streamer symbols cannot be derived and have no OCC identity.
 */
final class TastytradeAccountParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The DXLink endpoint and its token; empty strings when the answer lacks them. */
    record QuoteToken(String token, String dxlinkUrl) {}

    /** One account-streamer message; a fill inside an order that cannot be read does not fail the message. */
    TastytradeAccountFrame decode(String text, long recvMs) {
        JsonNode msg;
        try {
            msg = MAPPER.readTree(text);
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "tastytrade account streamer: not JSON");
        }
        if (msg == null || !msg.isObject()) {
            throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "tastytrade account streamer: not an object");
        }
        String type = msg.path("type").asText("");
        if (type.equals("Order")) return order(msg.path("data"), recvMs);
        if (msg.has("status")) {
            return new TastytradeAccountFrame.Reply(
                    msg.path("action").asText(""),
                    msg.path("status").asText(""),
                    msg.path("message").asText(""));
        }
        return new TastytradeAccountFrame.Other(type);
    }

    /** Every order of a {@code /orders/live} answer. */
    List<TastytradeAccountFrame.Order> liveOrders(JsonNode body, long recvMs) {
        List<TastytradeAccountFrame.Order> out = new ArrayList<>();
        for (JsonNode order : body.path("data").path("items")) out.add(order(order, recvMs));
        return out;
    }

    /** The fills of one order object, each read on its own. */
    TastytradeAccountFrame.Order order(JsonNode order, long recvMs) {
        List<Execution> out = new ArrayList<>();
        List<TastytradeAccountFrame.Rejected> bad = new ArrayList<>();
        String account = text(order, "account-number");
        String orderId = text(order, "id");
        String underlying = text(order, "underlying-symbol");
        for (JsonNode leg : order.path("legs")) {
            for (JsonNode fill : leg.path("fills")) {
                try {
                    out.add(execution(leg, fill, account, orderId, underlying, recvMs));
                } catch (InvalidEventException e) {
                    bad.add(new TastytradeAccountFrame.Rejected(fill.toString(), e));
                }
            }
        }
        return new TastytradeAccountFrame.Order(out, bad);
    }

    /** The open equity options of {@code GET /accounts/{n}/positions}. */
    List<HeldOption> positions(JsonNode body) {
        List<HeldOption> out = new ArrayList<>();
        for (JsonNode p : body.path("data").path("items")) {
            if (!"Equity Option".equals(p.path("instrument-type").asText())) continue;
            if ("Zero".equals(p.path("quantity-direction").asText())
                    || p.path("quantity").asDouble(0) == 0) continue;
            var contract = OccSymbol.parse(
                    p.path("symbol").asText(), p.path("underlying-symbol").asText(null));
            String streamer = p.path("streamer-symbol").asText("");
            if (streamer.isEmpty()) streamer = TastytradeSymbols.toStreamerSymbol(contract);
            out.add(new HeldOption(streamer, contract, p.path("account-number").asText(null)));
        }
        return out;
    }

    /** {@code GET /api-quote-tokens}. */
    QuoteToken quoteToken(JsonNode body) {
        JsonNode data = body.path("data");
        return new QuoteToken(
                data.path("token").asText(""), data.path("dxlink-url").asText(""));
    }

    /** The access token of an {@code /oauth/token} answer, empty when it carries none. */
    String accessToken(JsonNode body) {
        return body.path("access_token").asText("");
    }

    private static Execution execution(
            JsonNode leg, JsonNode fill, String account, String orderId, String underlying, long recvMs) {
        String fillId = text(fill, "fill-id");
        if (fillId == null)
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: missing fill-id");
        String symbol = text(leg, "symbol");
        if (symbol == null)
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: leg without symbol");
        double qty = number(fill, "quantity");
        double price = number(fill, "fill-price");
        long ts = time(text(fill, "filled-at"));
        OptionContract contract = null;
        if ("Equity Option".equals(text(leg, "instrument-type"))) {
            try {
                contract = OccSymbol.parse(symbol, underlying);
            } catch (IllegalArgumentException e) {
                throw new InvalidEventException(
                        RejectReason.INVALID_VALUE, "tastytrade fill: bad option symbol " + symbol);
            }
            symbol = OccSymbol.eventSymbol(contract);
        }
        return new Execution(
                TastytradeAdapter.VENUE,
                symbol,
                ts,
                recvMs,
                account,
                orderId,
                fillId,
                side(text(leg, "action")),
                price,
                Math.abs(qty),
                contract);
    }

    private static Side side(String action) {
        if (action == null)
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: leg without action");
        if (action.startsWith("Buy")) return Side.BUY;
        if (action.startsWith("Sell")) return Side.SELL;
        throw new InvalidEventException(RejectReason.INVALID_VALUE, "tastytrade fill: unknown action " + action);
    }

    private static long time(String iso) {
        if (iso == null)
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: missing filled-at");
        try {
            return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "tastytrade fill: bad filled-at " + iso);
        }
    }

    private static double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull())
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "tastytrade fill: missing " + field);
        try {
            double d =
                    v.isNumber() ? v.asDouble() : Double.parseDouble(v.asText().trim());
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
