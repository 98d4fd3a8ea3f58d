package dev.ticktape.model.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.Bar;
import dev.ticktape.model.BarInterval;
import dev.ticktape.model.BookUpdate;
import dev.ticktape.model.DeadLetter;
import dev.ticktape.model.Decision;
import dev.ticktape.model.EpochMillis;
import dev.ticktape.model.Execution;
import dev.ticktape.model.FeatureSet;
import dev.ticktape.model.Gap;
import dev.ticktape.model.Greeks;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.MarketEvent;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.ProducerTick;
import dev.ticktape.model.Quote;
import dev.ticktape.model.RejectReason;
import dev.ticktape.model.Side;
import dev.ticktape.model.Status;
import dev.ticktape.model.Summary;
import dev.ticktape.model.Trade;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The one JSON codec for the {@link MarketEvent} family, keyed by {@code type}. Field names are snake_case
 * ({@code ts_ms}, {@code recv_ms}, {@code bid_qty}, ...). Decoding validates every field and throws
 * {@link InvalidEventException} with a {@link RejectReason}; unknown fields are ignored, duplicate fields and
 * trailing content are rejected. Thread-safe.
 *
 * <p>Flat events are read with Jackson's streaming parser (this sits on the per-trade hot path twice);
 * nested parts (book levels, option contracts, counters) go through the tree model.
 */
public final class EventCodec {
    /** Venue label given to events whose producer did not name one. */
    public static final String DEFAULT_VENUE = "ndjson";

    private static final Set<String> KNOWN_TYPES = Set.of(
            Trade.TYPE,
            Quote.TYPE,
            BookUpdate.TYPE,
            Greeks.TYPE,
            Execution.TYPE,
            Status.TYPE,
            Gap.TYPE,
            Summary.TYPE,
            FeatureSet.TYPE,
            Decision.TYPE);

    private final JsonFactory factory;
    /**
     * {@link #factory} without duplicate detection, for the top level of events: {@link #readFields} finds
     * duplicates in its own short list, which is cheaper than the parser's per-object hash set.
     */
    private final JsonFactory fieldsFactory;

    private final ObjectMapper mapper;

    public EventCodec() {
        this.factory = JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // so NaN is reported as non_finite, not bad JSON
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Doubles dominate Greeks and quotes: the JDK's parse/format paths were the top CPU cost of the
                // Greeks pipeline; Jackson's FastDoubleParser/Schubfach paths give the same values, faster.
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .build();
        this.fieldsFactory = factory.rebuild()
                .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory);
    }

    // ------------------------------------------------------------------ decode

    public MarketEvent decode(byte[] json) {
        return decode(json, 0, json.length, DEFAULT_VENUE);
    }

    /**
     * Decodes one JSON object. {@code defaultVenue} fills a missing {@code venue}; a missing {@code recv_ms}
     * decodes as 0 (the caller stamps it).
     */
    public MarketEvent decode(byte[] buf, int off, int len, String defaultVenue) {
        Fields f = readFields(buf, off, len);
        String type = f.string("type", true);
        if (!KNOWN_TYPES.contains(type) && BarInterval.ofType(type) == null) {
            // Before any other field: an unknown type is the reason, not whatever fields it lacks.
            throw new InvalidEventException(RejectReason.UNKNOWN_TYPE, "unknown type '" + abbreviate(type) + "'");
        }
        return decode(f, type, defaultVenue);
    }

    /**
     * Decodes one JSON object that must have one of {@code types}, e.g. an input that takes only {@code trade} and
     * {@code ohlc1s}. The type is judged before any other field, so a {@code quote} sent to such an input is
     * {@link RejectReason#UNKNOWN_TYPE} whatever fields it has or lacks.
     */
    public MarketEvent decode(byte[] buf, int off, int len, String defaultVenue, List<String> types) {
        Fields f = readFields(buf, off, len);
        String type = f.string("type", true);
        if (!types.contains(type)) {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_TYPE,
                    "type '" + abbreviate(type) + "' is not accepted here; send " + String.join(" or ", types));
        }
        return decode(f, type, defaultVenue);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    private MarketEvent decode(Fields f, String type, String defaultVenue) {
        String venue = f.string("venue", false);
        venue = venue == null ? defaultVenue : venue.toLowerCase(Locale.ROOT);
        String symbol = f.string("symbol", true).toUpperCase(Locale.ROOT);
        long ts = f.timestamp("ts_ms");
        long recv = f.longValue("recv_ms", false, 0);
        switch (type) {
            case Trade.TYPE: {
                String side = f.string("side", false);
                return new Trade(
                        venue,
                        symbol,
                        ts,
                        recv,
                        f.doubleValue("price"),
                        f.doubleValue("qty"),
                        side == null ? null : Side.parse(side),
                        f.idString("trade_id"),
                        f.string("source", false));
            }
            case Quote.TYPE:
                return new Quote(
                        venue,
                        symbol,
                        ts,
                        recv,
                        f.doubleValue("bid"),
                        f.doubleValue("bid_qty"),
                        f.doubleValue("ask"),
                        f.doubleValue("ask_qty"));
            case BookUpdate.TYPE: {
                String kind = f.string("kind", true);
                BookUpdate.Kind k;
                try {
                    k = BookUpdate.Kind.valueOf(kind.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidEventException(RejectReason.INVALID_VALUE, "kind must be snapshot or delta");
                }
                long first = f.longValue("seq_first", false, 0);
                long last = f.longValue("seq_last", false, first);
                return new BookUpdate(
                        venue, symbol, ts, recv, k, levels(f.node("bids")), levels(f.node("asks")), first, last);
            }
            case Greeks.TYPE:
                return new Greeks(
                        venue,
                        symbol,
                        ts,
                        recv,
                        f.string("account", false),
                        contract(f.node("contract")),
                        f.optDouble("delta"),
                        f.optDouble("gamma"),
                        f.optDouble("theta"),
                        f.optDouble("vega"),
                        f.optDouble("rho"),
                        f.optDouble("iv"),
                        f.optDouble("underlying_price"),
                        f.optDouble("mark"),
                        Greeks.Availability.parse(f.string("availability", false)));
            case Execution.TYPE: {
                JsonNode c = f.nodeOrNull("contract");
                return new Execution(
                        venue,
                        symbol,
                        ts,
                        recv,
                        f.string("account", false),
                        f.idString("order_id"),
                        f.idString("exec_id"),
                        Side.parse(f.string("side", true)),
                        f.doubleValue("price"),
                        f.doubleValue("qty"),
                        c == null || c.isNull() ? null : contract(c));
            }
            case Status.TYPE: {
                String state = f.string("state", true);
                Status.State s;
                try {
                    s = Status.State.valueOf(state.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidEventException(RejectReason.INVALID_VALUE, "unknown state '" + state + "'");
                }
                JsonNode counters = f.nodeOrNull("counters");
                Map<String, Long> m = new LinkedHashMap<>();
                if (counters != null && counters.isObject()) {
                    counters.fields()
                            .forEachRemaining(
                                    en -> m.put(en.getKey(), en.getValue().asLong()));
                }
                return new Status(venue, symbol, ts, recv, s, f.string("detail", false), m);
            }
            case Gap.TYPE: {
                JsonNode list = f.nodeOrNull("instruments");
                List<String> instruments = new ArrayList<>();
                if (list != null && !list.isNull()) {
                    if (!list.isArray()) {
                        throw new InvalidEventException(RejectReason.WRONG_TYPE, "instruments must be an array");
                    }
                    list.forEach(n -> instruments.add(n.asText().toUpperCase(Locale.ROOT)));
                }
                boolean hasEnd = f.kind("to_ms") != Fields.NULL;
                return new Gap(
                        venue,
                        symbol,
                        ts,
                        recv,
                        hasEnd ? f.longValue("to_ms", true, 0) : null,
                        instruments,
                        Gap.Cause.parse(f.string("cause", true)),
                        Gap.Recovery.parse(Objects.requireNonNullElse(f.string("recovery", false), "none")),
                        f.longValue("recovered", false, 0),
                        f.string("detail", false));
            }
            case Summary.TYPE:
                return new Summary(
                        venue,
                        symbol,
                        ts,
                        recv,
                        f.longValue("window_ms", true, 0),
                        (int) f.longValue("bars", true, 0),
                        (int) f.longValue("expected", true, 0),
                        f.doubleValue("first_close"),
                        f.doubleValue("last_close"),
                        f.doubleValue("log_return"),
                        f.doubleValue("mean_close"),
                        f.doubleValue("stdev_close"),
                        f.doubleValue("min_close"),
                        f.doubleValue("max_close"),
                        f.optDouble("slope"),
                        f.optDouble("slope_norm"),
                        f.optDouble("zscore"),
                        f.optDouble("realized_vol"),
                        f.doubleValue("volume"),
                        f.optDouble("vwap"),
                        (int) Math.min(Integer.MAX_VALUE, f.longValue("revision", false, 0)));
            case Decision.TYPE:
                return new Decision(
                        venue,
                        symbol,
                        ts,
                        recv,
                        f.string("run_id", true),
                        f.doubleValue("close"),
                        (int) f.doubleValue("state"),
                        f.string("direction", true),
                        f.doubleValue("target_exposure"),
                        f.doubleValue("delta_exposure"),
                        f.doubleValue("urgency"),
                        f.bool("hold"),
                        f.doubleValue("actionability"),
                        f.string("reason", true),
                        f.bool("gate_open"),
                        Decision.Posture.parse(f.string("posture", true)),
                        f.doubleValue("cost"),
                        f.string("source_file", false));
            case FeatureSet.TYPE: {
                String label = f.string("interval", true);
                BarInterval interval;
                try {
                    interval = BarInterval.ofLabel(label);
                } catch (IllegalArgumentException e) {
                    throw new InvalidEventException(RejectReason.INVALID_VALUE, e.getMessage());
                }
                JsonNode values = f.nodeOrNull("values");
                Map<String, Double> m = new LinkedHashMap<>();
                if (values != null && values.isObject()) {
                    values.fields()
                            .forEachRemaining(en -> m.put(
                                    en.getKey(),
                                    en.getValue().isNull() ? null : numberNode(en.getValue(), en.getKey())));
                }
                return new FeatureSet(
                        venue,
                        symbol,
                        interval,
                        ts,
                        recv,
                        f.string("version", true),
                        f.string("session", true),
                        m,
                        (int) Math.min(Integer.MAX_VALUE, f.longValue("bar_revision", false, 0)));
            }
            default: {
                BarInterval interval = BarInterval.ofType(type);
                if (interval == null) {
                    throw new InvalidEventException(RejectReason.UNKNOWN_TYPE, "unknown type '" + type + "'");
                }
                return new Bar(
                        interval,
                        venue,
                        symbol,
                        ts,
                        recv,
                        f.doubleValue("open"),
                        f.doubleValue("high"),
                        f.doubleValue("low"),
                        f.doubleValue("close"),
                        f.doubleValue("volume"),
                        f.longValue("trades", false, 0),
                        f.optDouble("vwap"),
                        f.string("source", false),
                        (int) Math.min(Integer.MAX_VALUE, f.longValue("revision", false, 0)));
            }
        }
    }

    private Fields readFields(byte[] buf, int off, int len) {
        Fields f = new Fields();
        try (JsonParser p = fieldsFactory.createParser(buf, off, len)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new InvalidEventException(
                        t == null ? RejectReason.INVALID_JSON : RejectReason.NOT_AN_OBJECT,
                        t == null ? "empty line" : "expected a JSON object");
            }
            try {
                while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    if (f.has(name)) throw duplicate(name);
                    readValue(p, f, name);
                }
            } catch (JsonProcessingException e) {
                // The parser checked duplicates as soon as it had read a name, before the colon and the start of
                // the value; this parser reads those first, so a repeated name followed by broken JSON is still
                // reported as the duplicate, as it always was.
                if (p.currentToken() == JsonToken.FIELD_NAME && isTopLevel(p) && f.has(p.currentName())) {
                    throw duplicate(p.currentName());
                }
                throw e;
            }
            if (t != JsonToken.END_OBJECT) throw new InvalidEventException(RejectReason.INVALID_JSON, "truncated");
            if (p.nextToken() != null) {
                throw new InvalidEventException(RejectReason.INVALID_JSON, "trailing content after the object");
            }
        } catch (JsonProcessingException e) {
            String msg = e.getOriginalMessage();
            if (msg != null && msg.contains("Invalid UTF-8")) {
                throw new InvalidEventException(RejectReason.INVALID_UTF8, "invalid UTF-8");
            }
            throw new InvalidEventException(RejectReason.INVALID_JSON, firstLine(msg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** Reads the value of field {@code name} (the parser is on its name) into {@code f}. */
    private void readValue(JsonParser p, Fields f, String name) throws IOException {
        switch (p.nextToken()) {
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    f.addDouble(name, p.getDoubleValue());
                } else {
                    f.addLong(name, p.getLongValue());
                }
                break;
            case VALUE_NUMBER_FLOAT:
                f.addDouble(name, p.getDoubleValue());
                break;
            case VALUE_STRING:
                f.addRef(name, Fields.STRING, p.getText());
                break;
            case VALUE_TRUE:
                f.addBoolean(name, true);
                break;
            case VALUE_FALSE:
                f.addBoolean(name, false);
                break;
            case VALUE_NULL:
                f.addNull(name);
                break;
            default: // an object or array: the parser rejects duplicates inside it, at any depth
                p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
                f.addRef(name, Fields.NODE, mapper.readTree(p));
                p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
    }

    /** Whether the parser is in the event's own object, not in a value nested in it. */
    private static boolean isTopLevel(JsonParser p) {
        JsonStreamContext parent = p.getParsingContext().getParent();
        return parent != null && parent.inRoot();
    }

    /** Worded as the parser words it, so dead letters read the same whichever found it. */
    private static InvalidEventException duplicate(String name) {
        return new InvalidEventException(RejectReason.INVALID_JSON, "Duplicate field '" + name + "'");
    }

    private static String firstLine(String s) {
        if (s == null) return "malformed JSON";
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 160 ? line.substring(0, 160) : line;
    }

    private static List<BookUpdate.Level> levels(JsonNode n) {
        if (!n.isArray()) throw new InvalidEventException(RejectReason.WRONG_TYPE, "levels must be an array");
        List<BookUpdate.Level> out = new ArrayList<>(n.size());
        for (JsonNode lvl : n) {
            if (!lvl.isArray() || lvl.size() < 2) {
                throw new InvalidEventException(RejectReason.WRONG_TYPE, "level must be [price, qty]");
            }
            out.add(new BookUpdate.Level(numberNode(lvl.get(0), "price"), numberNode(lvl.get(1), "qty")));
        }
        return out;
    }

    private static double numberNode(JsonNode n, String field) {
        if (n.isNumber()) return n.doubleValue();
        if (n.isTextual()) { // venues commonly send decimals as strings
            try {
                return Double.parseDouble(n.textValue());
            } catch (NumberFormatException e) {
                throw new InvalidEventException(RejectReason.WRONG_TYPE, field + " is not a number");
            }
        }
        throw new InvalidEventException(RejectReason.WRONG_TYPE, field + " is not a number");
    }

    private static OptionContract contract(JsonNode c) {
        if (!c.isObject()) throw new InvalidEventException(RejectReason.WRONG_TYPE, "contract must be an object");
        LocalDate expiry;
        try {
            expiry = LocalDate.parse(text(c, "expiry"));
        } catch (DateTimeParseException e) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "expiry must be yyyy-mm-dd");
        }
        String right = text(c, "right").toUpperCase(Locale.ROOT);
        if (right.length() != 1) throw new InvalidEventException(RejectReason.INVALID_VALUE, "right must be C or P");
        JsonNode strike = c.get("strike");
        if (strike == null) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'strike'");
        return new OptionContract(
                text(c, "underlying").toUpperCase(Locale.ROOT),
                expiry,
                numberNode(strike, "strike"),
                right.charAt(0),
                text(c, "occ"));
    }

    private static String text(JsonNode c, String field) {
        JsonNode n = c.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field 'contract." + field + "'");
        }
        if (!n.isTextual()) throw new InvalidEventException(RejectReason.WRONG_TYPE, field + " must be a string");
        return n.textValue();
    }

    /**
     * Field values of one object, with typed accessors that produce precise reject reasons. A flat list, not a map:
     * events have a dozen fields at most, so a scan beats hashing, and numbers and booleans stay unboxed. Duplicate
     * names are rejected by {@link #readFields}. A JSON null reads as absent.
     */
    private static final class Fields {
        static final byte NULL = 0;
        static final byte LONG = 1;
        static final byte DOUBLE = 2;
        static final byte BOOLEAN = 3;
        static final byte STRING = 4;
        static final byte NODE = 5;

        private String[] names = new String[12];
        private byte[] kinds = new byte[12];
        /** A long, a double's bits, or a boolean as 0/1, by kind. */
        private long[] bits = new long[12];
        /** A String or a JsonNode, by kind. */
        private Object[] refs = new Object[12];

        private int size;

        void addLong(String name, long v) {
            add(name, LONG, v, null);
        }

        void addDouble(String name, double v) {
            add(name, DOUBLE, Double.doubleToRawLongBits(v), null);
        }

        void addBoolean(String name, boolean v) {
            add(name, BOOLEAN, v ? 1 : 0, null);
        }

        void addNull(String name) {
            add(name, NULL, 0, null);
        }

        void addRef(String name, byte kind, Object v) {
            add(name, kind, 0, v);
        }

        private void add(String name, byte kind, long b, Object ref) {
            if (size == names.length) {
                int n = size * 2;
                names = Arrays.copyOf(names, n);
                kinds = Arrays.copyOf(kinds, n);
                bits = Arrays.copyOf(bits, n);
                refs = Arrays.copyOf(refs, n);
            }
            names[size] = name;
            kinds[size] = kind;
            bits[size] = b;
            refs[size] = ref;
            size++;
        }

        /**
         * Index of {@code name}, or -1. The parser interns field names, so the identity test decides nearly always;
         * the cached hashes keep the fallback for other names cheap.
         */
        private int indexOf(String name) {
            int h = name.hashCode();
            for (int i = 0; i < size; i++) {
                String n = names[i];
                if (n == name || (n.hashCode() == h && n.equals(name))) return i;
            }
            return -1;
        }

        boolean has(String name) {
            return indexOf(name) >= 0;
        }

        /** The kind of {@code name}'s value; {@link #NULL} when absent or null. */
        byte kind(String name) {
            int i = indexOf(name);
            return i < 0 ? NULL : kinds[i];
        }

        /** Index of a present, non-null {@code name}, or -1; throws when it is required. */
        private int find(String name, boolean required) {
            int i = indexOf(name);
            if (i >= 0 && kinds[i] != NULL) return i;
            if (required) throw new InvalidEventException(RejectReason.MISSING_FIELD, "missing field '" + name + "'");
            return -1;
        }

        private double doubleAt(int i) {
            return Double.longBitsToDouble(bits[i]);
        }

        String string(String name, boolean required) {
            int i = find(name, required);
            if (i < 0) return null;
            if (kinds[i] != STRING) {
                throw new InvalidEventException(RejectReason.WRONG_TYPE, name + " must be a string");
            }
            return (String) refs[i];
        }

        /** Ids may be strings or integers on the wire; they are kept as strings. */
        String idString(String name) {
            int i = find(name, false);
            if (i < 0) return null;
            if (kinds[i] == STRING) return (String) refs[i];
            if (kinds[i] == LONG) return Long.toString(bits[i]);
            throw new InvalidEventException(RejectReason.WRONG_TYPE, name + " must be a string or an integer");
        }

        /**
         * An event time in epoch milliseconds, judged here, before the other fields, so a time in seconds is
         * reported as such even when the line has other faults too.
         */
        long timestamp(String name) {
            int i = find(name, true);
            if (kinds[i] == LONG) return EpochMillis.check(name, bits[i]);
            if (kinds[i] == DOUBLE) {
                double d = doubleAt(i);
                if (!Double.isFinite(d))
                    throw new InvalidEventException(RejectReason.NON_FINITE, name + " is not finite");
                if (Math.abs(d) >= 0x1p63) { // an integer beyond long, read as a double
                    throw new InvalidEventException(
                            RejectReason.TIMESTAMP_OUT_OF_RANGE,
                            name + " must be epoch milliseconds between 1970 and 2100");
                }
                throw EpochMillis.notAnInteger(name, d);
            }
            throw new InvalidEventException(RejectReason.WRONG_TYPE, name + " must be an integer");
        }

        long longValue(String name, boolean required, long dflt) {
            int i = find(name, required);
            if (i < 0) return dflt;
            if (kinds[i] == LONG) {
                long l = bits[i];
                if (l < 0) throw new InvalidEventException(RejectReason.NEGATIVE, name + " is negative: " + l);
                return l;
            }
            if (kinds[i] == DOUBLE && !Double.isFinite(doubleAt(i))) {
                throw new InvalidEventException(RejectReason.NON_FINITE, name + " is not finite");
            }
            throw new InvalidEventException(RejectReason.WRONG_TYPE, name + " must be an integer");
        }

        double doubleValue(String name) {
            int i = find(name, true);
            if (kinds[i] == DOUBLE) return doubleAt(i);
            if (kinds[i] == LONG) return bits[i];
            throw new InvalidEventException(RejectReason.WRONG_TYPE, name + " must be a number");
        }

        boolean bool(String name) {
            int i = find(name, true);
            if (kinds[i] == BOOLEAN) return bits[i] != 0;
            throw new InvalidEventException(RejectReason.WRONG_TYPE, name + " must be true or false");
        }

        Double optDouble(String name) {
            if (find(name, false) < 0) return null;
            return doubleValue(name);
        }

        JsonNode node(String name) {
            int i = find(name, true);
            if (kinds[i] != NODE) {
                throw new InvalidEventException(RejectReason.WRONG_TYPE, name + " must be an object or array");
            }
            return (JsonNode) refs[i];
        }

        JsonNode nodeOrNull(String name) {
            int i = find(name, false);
            return i >= 0 && kinds[i] == NODE ? (JsonNode) refs[i] : null;
        }
    }

    // ------------------------------------------------------------------ encode

    /** Encodes an event as one compact JSON object (UTF-8, no trailing newline). */
    public byte[] encode(MarketEvent e) {
        return object(256, e, EventCodec::writeEvent);
    }

    // Names of the fields every trade and bar carries, encoded once (the generator copies their bytes).
    private static final SerializableString TYPE = new SerializedString("type");
    private static final SerializableString VENUE = new SerializedString("venue");
    private static final SerializableString SYMBOL = new SerializedString("symbol");
    private static final SerializableString TS_MS = new SerializedString("ts_ms");
    private static final SerializableString RECV_MS = new SerializedString("recv_ms");
    private static final SerializableString PRICE = new SerializedString("price");
    private static final SerializableString QTY = new SerializedString("qty");
    private static final SerializableString SIDE = new SerializedString("side");
    private static final SerializableString TRADE_ID = new SerializedString("trade_id");
    private static final SerializableString SOURCE = new SerializedString("source");
    private static final SerializableString OPEN = new SerializedString("open");
    private static final SerializableString HIGH = new SerializedString("high");
    private static final SerializableString LOW = new SerializedString("low");
    private static final SerializableString CLOSE = new SerializedString("close");
    private static final SerializableString VOLUME = new SerializedString("volume");
    private static final SerializableString TRADES = new SerializedString("trades");
    private static final SerializableString VWAP = new SerializedString("vwap");
    private static final SerializableString REVISION = new SerializedString("revision");

    private static void writeEvent(JsonGenerator g, MarketEvent e) throws IOException {
        g.writeFieldName(TYPE);
        g.writeString(e.type());
        g.writeFieldName(VENUE);
        g.writeString(e.venue());
        g.writeFieldName(SYMBOL);
        g.writeString(e.symbol());
        g.writeFieldName(TS_MS);
        g.writeNumber(e.tsMs());
        g.writeFieldName(RECV_MS);
        g.writeNumber(e.recvMs());
        writeBody(g, e);
    }

    /** The fields a writer puts into one JSON object about {@code value}. */
    @FunctionalInterface
    private interface ObjectBody<T> {
        void write(JsonGenerator g, T value) throws IOException;
    }

    /**
     * One compact JSON object around {@code body}, in a recycled buffer sized {@code sizeHint}. The body takes its
     * value as an argument so that callers pass a non-capturing method reference: no allocation per call.
     */
    private <T> byte[] object(int sizeHint, T value, ObjectBody<T> body) {
        ByteArrayBuilder out = new ByteArrayBuilder(factory._getBufferRecycler(), sizeHint);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            body.write(g, value);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        byte[] bytes = out.toByteArray();
        out.release();
        return bytes;
    }

    private static void writeBody(JsonGenerator g, MarketEvent e) throws IOException {
        if (e instanceof Trade t) {
            number(g, PRICE, t.price());
            number(g, QTY, t.qty());
            if (t.side() != null) string(g, SIDE, t.side().json());
            if (t.tradeId() != null) string(g, TRADE_ID, t.tradeId());
            if (t.source() != null) string(g, SOURCE, t.source());
        } else if (e instanceof Bar b) {
            number(g, OPEN, b.open());
            number(g, HIGH, b.high());
            number(g, LOW, b.low());
            number(g, CLOSE, b.close());
            number(g, VOLUME, b.volume());
            g.writeFieldName(TRADES);
            g.writeNumber(b.trades());
            if (b.vwap() != null) number(g, VWAP, b.vwap());
            if (b.source() != null) string(g, SOURCE, b.source());
            g.writeFieldName(REVISION);
            g.writeNumber(b.revision());
        } else if (e instanceof Quote q) {
            g.writeNumberField("bid", q.bid());
            g.writeNumberField("bid_qty", q.bidQty());
            g.writeNumberField("ask", q.ask());
            g.writeNumberField("ask_qty", q.askQty());
        } else if (e instanceof BookUpdate b) {
            g.writeStringField("kind", b.kind().name().toLowerCase(Locale.ROOT));
            writeLevels(g, "bids", b.bids());
            writeLevels(g, "asks", b.asks());
            g.writeNumberField("seq_first", b.firstSeq());
            g.writeNumberField("seq_last", b.lastSeq());
        } else if (e instanceof Greeks k) {
            if (k.account() != null) g.writeStringField("account", k.account());
            writeContract(g, k.contract());
            optNumber(g, "delta", k.delta());
            optNumber(g, "gamma", k.gamma());
            optNumber(g, "theta", k.theta());
            optNumber(g, "vega", k.vega());
            optNumber(g, "rho", k.rho());
            optNumber(g, "iv", k.iv());
            optNumber(g, "underlying_price", k.underlyingPrice());
            optNumber(g, "mark", k.mark());
            // Realtime is the default and stays implicit, so existing consumers see unchanged records.
            if (k.availability() != Greeks.Availability.REALTIME) {
                g.writeStringField("availability", k.availability().json());
            }
        } else if (e instanceof Execution x) {
            if (x.account() != null) g.writeStringField("account", x.account());
            if (x.orderId() != null) g.writeStringField("order_id", x.orderId());
            g.writeStringField("exec_id", x.execId());
            g.writeStringField("side", x.side().json());
            g.writeNumberField("price", x.price());
            g.writeNumberField("qty", x.qty());
            if (x.contract() != null) writeContract(g, x.contract());
        } else if (e instanceof Summary m) {
            g.writeNumberField("window_ms", m.windowMs());
            g.writeNumberField("bars", m.bars());
            g.writeNumberField("expected", m.expected());
            g.writeNumberField("coverage", m.coverage());
            g.writeNumberField("first_close", m.firstClose());
            g.writeNumberField("last_close", m.lastClose());
            g.writeNumberField("log_return", m.logReturn());
            g.writeNumberField("mean_close", m.meanClose());
            g.writeNumberField("stdev_close", m.stdevClose());
            g.writeNumberField("min_close", m.minClose());
            g.writeNumberField("max_close", m.maxClose());
            optNumber(g, "slope", m.slope());
            optNumber(g, "slope_norm", m.slopeNorm());
            optNumber(g, "zscore", m.zscore());
            optNumber(g, "realized_vol", m.realizedVol());
            g.writeNumberField("volume", m.volume());
            optNumber(g, "vwap", m.vwap());
            g.writeNumberField("revision", m.revision());
        } else if (e instanceof Decision d) {
            g.writeStringField("run_id", d.runId());
            g.writeNumberField("close", d.close());
            g.writeNumberField("state", d.state());
            g.writeStringField("direction", d.direction());
            g.writeNumberField("target_exposure", d.targetExposure());
            g.writeNumberField("delta_exposure", d.deltaExposure());
            g.writeNumberField("urgency", d.urgency());
            g.writeBooleanField("hold", d.hold());
            g.writeNumberField("actionability", d.actionability());
            g.writeStringField("reason", d.reason());
            g.writeBooleanField("gate_open", d.gateOpen());
            g.writeStringField("posture", d.posture().name());
            g.writeNumberField("cost", d.cost());
            if (d.sourceFile() != null) g.writeStringField("source_file", d.sourceFile());
        } else if (e instanceof FeatureSet x) {
            g.writeStringField("interval", x.interval().label());
            g.writeStringField("version", x.version());
            g.writeStringField("session", x.session());
            g.writeObjectFieldStart("values");
            for (Map.Entry<String, Double> v : x.values().entrySet()) g.writeNumberField(v.getKey(), v.getValue());
            g.writeEndObject();
            g.writeNumberField("bar_revision", x.barRevision());
        } else if (e instanceof Gap x) {
            if (x.toMs() != null) g.writeNumberField("to_ms", x.toMs());
            g.writeArrayFieldStart("instruments");
            for (String i : x.instruments()) g.writeString(i);
            g.writeEndArray();
            g.writeStringField("cause", x.cause().json());
            g.writeStringField("recovery", x.recovery().json());
            g.writeNumberField("recovered", x.recovered());
            if (x.detail() != null) g.writeStringField("detail", x.detail());
        } else if (e instanceof Status s) {
            g.writeStringField("state", s.state().name().toLowerCase(Locale.ROOT));
            if (s.detail() != null) g.writeStringField("detail", s.detail());
            g.writeObjectFieldStart("counters");
            for (Map.Entry<String, Long> c : s.counters().entrySet()) g.writeNumberField(c.getKey(), c.getValue());
            g.writeEndObject();
        }
    }

    private static void number(JsonGenerator g, SerializableString name, double v) throws IOException {
        g.writeFieldName(name);
        g.writeNumber(v);
    }

    private static void string(JsonGenerator g, SerializableString name, String v) throws IOException {
        g.writeFieldName(name);
        g.writeString(v);
    }

    private static void optNumber(JsonGenerator g, String name, Double v) throws IOException {
        if (v != null && Double.isFinite(v)) g.writeNumberField(name, v);
    }

    private static void writeLevels(JsonGenerator g, String name, List<BookUpdate.Level> levels) throws IOException {
        g.writeArrayFieldStart(name);
        for (BookUpdate.Level l : levels) {
            g.writeStartArray();
            g.writeNumber(l.price());
            g.writeNumber(l.qty());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void writeContract(JsonGenerator g, OptionContract c) throws IOException {
        g.writeObjectFieldStart("contract");
        g.writeStringField("underlying", c.underlying());
        g.writeStringField("expiry", c.expiry().toString());
        g.writeNumberField("strike", c.strike());
        g.writeStringField("right", String.valueOf(c.right()));
        g.writeStringField("occ", c.occ());
        g.writeEndObject();
    }

    // ------------------------------------------------------------------ producer clock ticks

    /** Encodes a producer clock tick: {@code {"type":"tick","producer":..,"ts_ms":..,"end":..}}. */
    public byte[] encodeTick(ProducerTick t) {
        return object(96, t, EventCodec::writeTick);
    }

    private static void writeTick(JsonGenerator g, ProducerTick t) throws IOException {
        g.writeStringField("type", ProducerTick.TYPE);
        g.writeStringField("producer", t.producer());
        g.writeNumberField("ts_ms", t.tsMs());
        if (t.end()) g.writeBooleanField("end", true);
    }

    /** Decodes a producer clock tick; throws {@link InvalidEventException} for anything else. */
    public ProducerTick decodeTick(byte[] buf) {
        if (buf == null || buf.length == 0) throw new InvalidEventException(RejectReason.INVALID_JSON, "empty tick");
        Fields f = readFields(buf, 0, buf.length);
        String type = f.string("type", true);
        if (!ProducerTick.TYPE.equals(type)) {
            throw new InvalidEventException(
                    RejectReason.UNKNOWN_TYPE, "a record marked as a tick has type '" + abbreviate(type) + "'");
        }
        byte end = f.kind("end");
        if (end != Fields.NULL && end != Fields.BOOLEAN) {
            throw new InvalidEventException(RejectReason.WRONG_TYPE, "end must be true or false");
        }
        return new ProducerTick(f.string("producer", true), f.timestamp("ts_ms"), end != Fields.NULL && f.bool("end"));
    }

    // ------------------------------------------------------------------ dead letters

    /**
     * Encodes a dead letter for {@code md.dlq}: {@code raw} holds the line as text when it is valid UTF-8,
     * otherwise {@code raw_base64} holds the exact bytes.
     */
    public byte[] encodeDeadLetter(DeadLetter d) {
        return object(256 + d.raw().length, d, EventCodec::writeDeadLetter);
    }

    private static void writeDeadLetter(JsonGenerator g, DeadLetter d) throws IOException {
        g.writeStringField("type", "dlq");
        g.writeStringField("reason", d.reason().code());
        if (d.detail() != null) g.writeStringField("detail", d.detail());
        g.writeStringField("source", d.source());
        g.writeNumberField("recv_ms", d.recvMs());
        String text = utf8OrNull(d.raw());
        if (text != null) {
            g.writeStringField("raw", text);
        } else {
            g.writeStringField("raw_base64", Base64.getEncoder().encodeToString(d.raw()));
        }
        if (d.truncated()) g.writeBooleanField("truncated", true);
    }

    /** Reads a tree (for tools and tests that inspect DLQ records or API answers). */
    public JsonNode readTree(byte[] json) {
        try {
            return mapper.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The bytes as a string if they are valid UTF-8, else null. */
    public static String utf8OrNull(byte[] raw) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
