package dev.ticktape.adapters.polygon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Trade;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Polygon stocks wire format: WebSocket frames and aggregates REST bodies to {@link PolygonWsFrame}s and
 * {@link PolygonAggsPage}s, and those to normalized events. Pure and thread-safe; the only class that knows
 * Polygon field names. A frame that is not a JSON array throws {@link InvalidEventException}; a bad element
 * inside an array becomes {@link PolygonWsFrame.Malformed} so the rest of the frame is still used.
 *
 * <p>Units: stocks WebSocket and REST times are epoch ms (taken as is); prices are JSON numbers; trade sizes
 * and quote sizes are shares (quotes since 2025-11-03); the fractional-share decimal strings {@code ds}/{@code dv}
 * win over the integer fields when present. Unknown fields are ignored.
 */
public final class PolygonParser {
    public static final String VENUE = "polygon";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Decodes one text frame: a JSON array of events. */
    public List<PolygonWsFrame> decode(String text) {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "invalid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "frame must be a JSON array");
        }
        List<PolygonWsFrame> out = new ArrayList<>(root.size());
        for (JsonNode el : root) {
            try {
                out.add(element(el));
            } catch (InvalidEventException e) {
                out.add(new PolygonWsFrame.Malformed(e.reason(), e.detail(), el.toString()));
            }
        }
        return out;
    }

    private PolygonWsFrame element(JsonNode d) {
        if (!d.isObject())
            throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "array element is not an object");
        String ev = text(d, "ev");
        return switch (ev) {
            case "T" ->
                new PolygonWsFrame.Trade(
                        text(d, "sym"),
                        (int) integer(d, "x"),
                        text(d, "i"),
                        d.hasNonNull("trfi") ? (int) integer(d, "trfi") : null,
                        number(d, "p"),
                        integer(d, "s"),
                        optionalText(d, "ds"),
                        integer(d, "t"));
            case "Q" ->
                new PolygonWsFrame.Quote(
                        text(d, "sym"),
                        number(d, "bp"),
                        integer(d, "bs"),
                        number(d, "ap"),
                        integer(d, "as"),
                        integer(d, "t"));
            case "A" -> aggregate(BarInterval.S1, d);
            case "AM" -> aggregate(BarInterval.M1, d);
            case "status" ->
                new PolygonWsFrame.Status(text(d, "status"), d.path("message").asText(""));
            default -> new PolygonWsFrame.Unknown(ev);
        };
    }

    private PolygonWsFrame.Aggregate aggregate(BarInterval interval, JsonNode d) {
        String dv = optionalText(d, "dv");
        double volume = dv != null ? decimal("dv", dv) : integer(d, "v");
        return new PolygonWsFrame.Aggregate(
                interval,
                text(d, "sym"),
                number(d, "o"),
                number(d, "h"),
                number(d, "l"),
                number(d, "c"),
                volume,
                d.hasNonNull("vw") ? number(d, "vw") : null,
                integer(d, "s"),
                integer(d, "e"));
    }

    /** Decodes one page of {@code /v2/aggs/ticker/...}; {@code results} may be absent (no data). */
    public PolygonAggsPage decodeAggs(byte[] body) {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "invalid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "aggs body");
        String status = root.path("status").asText("");
        if (status.equals("ERROR")) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE,
                    "aggs error: " + root.path("error").asText(""));
        }
        List<PolygonAggsPage.Bar> bars = new ArrayList<>();
        for (JsonNode r : root.path("results")) {
            bars.add(new PolygonAggsPage.Bar(
                    integer(r, "t"),
                    number(r, "o"),
                    number(r, "h"),
                    number(r, "l"),
                    number(r, "c"),
                    number(r, "v"),
                    r.hasNonNull("vw") ? number(r, "vw") : null,
                    r.hasNonNull("n") ? integer(r, "n") : null));
        }
        JsonNode next = root.get("next_url");
        return new PolygonAggsPage(
                root.path("ticker").asText(""),
                status,
                bars,
                next == null || next.isNull() || next.asText().isEmpty() ? null : next.asText());
    }

    /**
     * A trade print: ts = SIP time, no aggressor side (the SIP does not say), trade id = {@code x-i} or
     * {@code x-trfi-i} because Polygon ids are unique only per ticker, exchange and TRF.
     */
    public Trade toTrade(PolygonWsFrame.Trade f, long recvMs, String source) {
        double qty = f.fractionalSize() != null ? decimal("ds", f.fractionalSize()) : f.size();
        String id =
                f.trf() == null ? f.exchange() + "-" + f.tradeId() : f.exchange() + "-" + f.trf() + "-" + f.tradeId();
        return new Trade(
                VENUE, PolygonSymbols.toInstrument(f.symbol()), f.timeMs(), recvMs, f.price(), qty, null, id, source);
    }

    /** NBBO: ts = SIP time, sizes in shares. */
    public Quote toQuote(PolygonWsFrame.Quote f, long recvMs) {
        return new Quote(
                VENUE,
                PolygonSymbols.toInstrument(f.symbol()),
                f.timeMs(),
                recvMs,
                f.bid(),
                f.bidSize(),
                f.ask(),
                f.askSize());
    }

    /**
     * A WebSocket aggregate as a bar at its window start. The trade count is 0: the socket does not carry it (the
     * REST bar of the same window does, see {@link #toBar(PolygonAggsRequest, PolygonAggsPage.Bar, long, String)}).
     */
    public Bar toBar(PolygonWsFrame.Aggregate a, long recvMs, String source) {
        return new Bar(
                a.interval(),
                VENUE,
                PolygonSymbols.toInstrument(a.symbol()),
                a.start(),
                recvMs,
                a.open(),
                a.high(),
                a.low(),
                a.close(),
                a.volume(),
                0,
                a.vwap(),
                source);
    }

    /**
     * A REST bar as a bar of the interval {@code request} asked for, with the venue's trade count {@code n} (0 when
     * absent). The body does not name its bar size, so a response to anything but a 1-second or 1-minute request
     * (daily bars, 5-minute bars) is refused rather than labelled as one.
     *
     * @throws InvalidEventException ({@link RejectReason#INVALID_VALUE}) when the request's bar size is not 1s or 1m
     */
    public Bar toBar(PolygonAggsRequest request, PolygonAggsPage.Bar b, long recvMs, String source) {
        BarInterval interval = request.requireBarInterval();
        return new Bar(
                interval,
                VENUE,
                PolygonSymbols.toInstrument(request.ticker()),
                b.start(),
                recvMs,
                b.open(),
                b.high(),
                b.low(),
                b.close(),
                b.volume(),
                b.trades() == null ? 0 : b.trades(),
                b.vwap(),
                source);
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

    private static String optionalText(JsonNode d, String field) {
        JsonNode v = d.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw wrongType(field, "string");
        return v.asText();
    }

    private static long integer(JsonNode d, String field) {
        JsonNode v = required(d, field);
        if (!v.isIntegralNumber()) {
            // Volumes like 642646396.0 are integral values written as floats.
            if (v.isNumber() && v.asDouble() == Math.rint(v.asDouble())) return v.asLong();
            throw wrongType(field, "integer");
        }
        return v.asLong();
    }

    private static double number(JsonNode d, String field) {
        JsonNode v = required(d, field);
        if (!v.isNumber()) throw wrongType(field, "number");
        return v.asDouble();
    }

    private static double decimal(String field, String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, field + " is not a decimal: '" + s + "'");
        }
    }

    private static InvalidEventException wrongType(String field, String expected) {
        return new InvalidEventException(RejectReason.WRONG_TYPE, field + " must be " + expected);
    }
}
