package dev.ticktape.adapters.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.BookUpdate.Level;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.Trade;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Binance Spot wire format: text frames and REST bodies to {@link BinanceWsFrame}s, and frames to normalized
 * events. Pure and thread-safe; the only class that knows Binance field names. Decoding failures throw
 * {@link InvalidEventException} with a {@link RejectReason}, which the adapter turns into a dead letter.
 *
 * <p>Units: venue times are epoch ms (taken as is), prices and quantities are decimal strings parsed to double
 * (the nearest double to the decimal, so the same text always gives the same value).
 */
public final class BinanceParser {
    public static final String VENUE = "binance";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Decodes one text frame, raw ({@code /ws}) or combined ({@code {"stream","data"}}). */
    public BinanceWsFrame decode(String text) {
        JsonNode root = readTree(text);
        if (!root.isObject()) throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "frame is not an object");
        JsonNode data = root.get("data");
        JsonNode streamNode = root.get("stream");
        if (streamNode != null && data != null) {
            if (!streamNode.isTextual()) throw wrongType("stream", "string");
            if (!data.isObject()) throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "data is not an object");
            return decodePayload(streamNode.asText(), data);
        }
        return decodePayload(null, root);
    }

    private BinanceWsFrame decodePayload(String stream, JsonNode d) {
        JsonNode e = d.get("e");
        if (e != null) {
            return switch (e.asText()) {
                case "trade" ->
                    new BinanceWsFrame.Trade(
                            text(d, "s"),
                            num(d, "E"),
                            num(d, "t"),
                            text(d, "p"),
                            text(d, "q"),
                            num(d, "T"),
                            bool(d, "m"));
                case "aggTrade" ->
                    new BinanceWsFrame.AggTrade(
                            text(d, "s"),
                            num(d, "E"),
                            num(d, "a"),
                            text(d, "p"),
                            text(d, "q"),
                            num(d, "f"),
                            num(d, "l"),
                            num(d, "T"),
                            bool(d, "m"));
                case "depthUpdate" ->
                    new BinanceWsFrame.DepthUpdate(
                            text(d, "s"), num(d, "E"), num(d, "U"), num(d, "u"), levels(d, "b"), levels(d, "a"));
                case "kline" -> kline(d);
                case "serverShutdown" -> new BinanceWsFrame.ServerShutdown(num(d, "E"));
                default -> new BinanceWsFrame.Unknown(stream, e.asText());
            };
        }
        if (d.has("code") && d.has("msg")) {
            return new BinanceWsFrame.Error((int) num(d, "code"), text(d, "msg"), idOrNull(d));
        }
        JsonNode err = d.get("error");
        if (err != null && err.isObject()) { // the nested shape: {"error":{"code":2,"msg":"..."},"id":1}
            return new BinanceWsFrame.Error((int) num(err, "code"), text(err, "msg"), idOrNull(d));
        }
        if (d.has("result") || (d.has("id") && d.size() <= 2)) {
            JsonNode r = d.get("result");
            return new BinanceWsFrame.Response(idOrNull(d), r == null ? "null" : r.toString());
        }
        if (d.has("u") && d.has("b") && d.has("a")) {
            return new BinanceWsFrame.BookTicker(
                    text(d, "s"), num(d, "u"), text(d, "b"), text(d, "B"), text(d, "a"), text(d, "A"));
        }
        if (d.has("lastUpdateId")) {
            if (stream == null) {
                throw new InvalidEventException(RejectReason.MISSING_FIELD, "partial depth without a stream name");
            }
            return new BinanceWsFrame.PartialDepth(
                    BinanceSymbols.fromStream(stream), num(d, "lastUpdateId"), levels(d, "bids"), levels(d, "asks"));
        }
        return new BinanceWsFrame.Unknown(stream, null);
    }

    private BinanceWsFrame.Kline kline(JsonNode d) {
        JsonNode k = d.get("k");
        if (k == null || !k.isObject())
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'k'");
        return new BinanceWsFrame.Kline(
                text(d, "s"),
                num(d, "E"),
                text(k, "i"),
                num(k, "t"),
                num(k, "T"),
                num(k, "f"),
                num(k, "L"),
                text(k, "o"),
                text(k, "h"),
                text(k, "l"),
                text(k, "c"),
                text(k, "v"),
                text(k, "q"),
                num(k, "n"),
                bool(k, "x"));
    }

    /** REST {@code /api/v3/depth}. */
    public BinanceDepthSnapshot decodeDepthSnapshot(byte[] body) {
        JsonNode root = readTree(body);
        return new BinanceDepthSnapshot(num(root, "lastUpdateId"), levels(root, "bids"), levels(root, "asks"));
    }

    /** REST {@code /api/v3/historicalTrades} or {@code /api/v3/trades}: trades of {@code symbol}, oldest first. */
    public List<BinanceWsFrame.Trade> decodeHistoricalTrades(String symbol, byte[] body) {
        JsonNode root = readTree(body);
        if (!root.isArray()) throw wrongType("historicalTrades body", "array");
        List<BinanceWsFrame.Trade> out = new ArrayList<>(root.size());
        for (JsonNode t : root) {
            long time = num(t, "time");
            out.add(new BinanceWsFrame.Trade(
                    symbol, time, num(t, "id"), text(t, "price"), text(t, "qty"), time, bool(t, "isBuyerMaker")));
        }
        return out;
    }

    /** REST {@code /api/v3/aggTrades}: aggregate trades of {@code symbol}, oldest first. */
    public List<BinanceWsFrame.AggTrade> decodeAggTrades(String symbol, byte[] body) {
        JsonNode root = readTree(body);
        if (!root.isArray()) throw wrongType("aggTrades body", "array");
        List<BinanceWsFrame.AggTrade> out = new ArrayList<>(root.size());
        for (JsonNode t : root) {
            long time = num(t, "T");
            out.add(new BinanceWsFrame.AggTrade(
                    symbol,
                    time,
                    num(t, "a"),
                    text(t, "p"),
                    text(t, "q"),
                    num(t, "f"),
                    num(t, "l"),
                    time,
                    bool(t, "m")));
        }
        return out;
    }

    /** A trade print: ts = venue trade time, side = aggressor, trade id = the venue's trade id. */
    public Trade toTrade(BinanceWsFrame.Trade f, long recvMs, String source) {
        return new Trade(
                VENUE,
                f.symbol(),
                f.tradeTime(),
                recvMs,
                decimal("p", f.price()),
                decimal("q", f.qty()),
                f.buyerMaker() ? Side.SELL : Side.BUY,
                Long.toString(f.tradeId()),
                source);
    }

    /** Top of book. Spot bookTicker carries no time, so ts is the receive time. */
    public Quote toQuote(BinanceWsFrame.BookTicker f, long recvMs) {
        return new Quote(
                VENUE,
                f.symbol(),
                recvMs,
                recvMs,
                decimal("b", f.bid()),
                decimal("B", f.bidQty()),
                decimal("a", f.ask()),
                decimal("A", f.askQty()));
    }

    /** A diff-depth event as a book delta covering update ids {@code U..u}. */
    public BookUpdate toDelta(BinanceWsFrame.DepthUpdate f, long recvMs) {
        return new BookUpdate(
                VENUE,
                f.symbol(),
                f.eventTime(),
                recvMs,
                BookUpdate.Kind.DELTA,
                f.bids(),
                f.asks(),
                f.firstUpdateId(),
                f.finalUpdateId());
    }

    /** A REST snapshot as a book snapshot at {@code lastUpdateId}; REST has no time, so ts is the receive time. */
    public BookUpdate toSnapshot(String symbol, BinanceDepthSnapshot s, long recvMs) {
        return new BookUpdate(
                VENUE,
                symbol,
                recvMs,
                recvMs,
                BookUpdate.Kind.SNAPSHOT,
                s.bids(),
                s.asks(),
                s.lastUpdateId(),
                s.lastUpdateId());
    }

    /** A closed 1s/1m kline as a bar; other intervals and open klines give null (they are not final). */
    public Bar toBar(BinanceWsFrame.Kline k, long recvMs, String source) {
        BarInterval interval = switch (k.interval()) {
            case "1s" -> BarInterval.S1;
            case "1m" -> BarInterval.M1;
            default -> null;
        };
        if (interval == null || !k.closed()) return null;
        double volume = decimal("v", k.volume());
        Double vwap = volume > 0 ? decimal("q", k.quoteVolume()) / volume : null;
        return new Bar(
                interval,
                VENUE,
                k.symbol(),
                k.openTime(),
                recvMs,
                decimal("o", k.open()),
                decimal("h", k.high()),
                decimal("l", k.low()),
                decimal("c", k.close()),
                volume,
                k.trades(),
                vwap,
                source);
    }

    private static JsonNode readTree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode readTree(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null) throw new InvalidEventException(RejectReason.INVALID_JSON, "empty body");
            return n;
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "invalid JSON: " + e.getMessage());
        }
    }

    private static List<Level> levels(JsonNode d, String field) {
        JsonNode arr = required(d, field);
        if (!arr.isArray()) throw wrongType(field, "array");
        List<Level> out = new ArrayList<>(arr.size());
        for (JsonNode lv : arr) {
            if (!lv.isArray() || lv.size() < 2) throw wrongType(field + " level", "[price, qty]");
            out.add(new Level(
                    decimal(field, lv.get(0).asText()), decimal(field, lv.get(1).asText())));
        }
        return out;
    }

    private static double decimal(String field, String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, field + " is not a decimal: '" + s + "'");
        }
    }

    private static String idOrNull(JsonNode d) {
        JsonNode id = d.get("id");
        return id == null || id.isNull() ? null : id.asText();
    }

    private static JsonNode required(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field '" + field + "'");
        }
        return v;
    }

    private static String text(JsonNode d, String field) {
        JsonNode v = required(d, field);
        if (!v.isTextual()) throw wrongType(field, "string");
        return v.asText();
    }

    private static long num(JsonNode d, String field) {
        JsonNode v = required(d, field);
        if (!v.isIntegralNumber()) throw wrongType(field, "integer");
        return v.asLong();
    }

    private static boolean bool(JsonNode d, String field) {
        JsonNode v = required(d, field);
        if (!v.isBoolean()) throw wrongType(field, "boolean");
        return v.asBoolean();
    }

    private static InvalidEventException wrongType(String field, String expected) {
        return new InvalidEventException(RejectReason.WRONG_TYPE, field + " must be " + expected);
    }
}
