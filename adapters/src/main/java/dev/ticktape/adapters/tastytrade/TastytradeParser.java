package dev.ticktape.adapters.tastytrade;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes DXLink messages, and reads the events the adapter uses from their records ({@link #toEvent}). COMPACT {@code FEED_DATA} is decoded by the field list of each event type: the lists
 * confirmed by {@code FEED_CONFIG.eventFields} (merged across messages, as the server may send several), else
 * the lists this client requested in {@code FEED_SETUP}. One parser per connection: {@link #reset()} forgets the
 * confirmed lists.
 */
final class TastytradeParser {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build());

    private final Map<String, List<String>> requested;
    private final Map<String, List<String>> confirmed = new HashMap<>();

    TastytradeParser(Map<String, List<String>> requestedFields) {
        this.requested = Map.copyOf(requestedFields);
    }

    void reset() {
        confirmed.clear();
    }

    TastytradeWsFrame decode(String text) {
        JsonNode msg;
        try {
            msg = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "dxlink: " + e.getOriginalMessage());
        }
        if (msg == null || !msg.isObject())
            throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "dxlink: not an object");
        String type = msg.path("type").asText("");
        int channel = msg.path("channel").asInt(0);
        return switch (type) {
            case "SETUP" ->
                new TastytradeWsFrame.Setup(
                        msg.path("keepaliveTimeout").asLong(60),
                        msg.path("version").asText(""));
            case "AUTH_STATE" ->
                new TastytradeWsFrame.AuthState(
                        "AUTHORIZED".equals(msg.path("state").asText()));
            case "CHANNEL_OPENED" -> new TastytradeWsFrame.ChannelOpened(channel);
            case "CHANNEL_CLOSED" -> new TastytradeWsFrame.ChannelClosed(channel);
            case "FEED_CONFIG" -> feedConfig(channel, msg);
            case "FEED_DATA" -> new TastytradeWsFrame.FeedData(channel, feedData(msg.path("data")));
            case "KEEPALIVE" -> new TastytradeWsFrame.Keepalive();
            case "ERROR" ->
                new TastytradeWsFrame.Error(
                        channel,
                        msg.path("error").asText(""),
                        msg.path("message").asText(""));
            default -> new TastytradeWsFrame.Other(type);
        };
    }

    /** The event a record carries, or null for event types the adapter does not use. */
    DxEvent toEvent(DxRecord r) {
        return switch (r.eventType()) {
            case "Greeks" -> {
                long ts = r.time("time");
                if (ts == 0) ts = r.time("eventTime");
                yield new DxEvent.Greeks(
                        r.symbol(),
                        ts,
                        r.number("price"),
                        r.number("volatility"),
                        r.number("delta"),
                        r.number("gamma"),
                        r.number("theta"),
                        r.number("rho"),
                        r.number("vega"));
            }
            case "Quote" -> new DxEvent.Quote(r.symbol(), r.number("bidPrice"), r.number("askPrice"));
            case "Trade" -> new DxEvent.Trade(r.symbol(), r.number("price"));
            default -> null;
        };
    }

    private TastytradeWsFrame feedConfig(int channel, JsonNode msg) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        msg.path("eventFields").fields().forEachRemaining(e -> {
            List<String> names = new ArrayList<>();
            e.getValue().forEach(n -> names.add(n.asText()));
            fields.put(e.getKey(), List.copyOf(names));
        });
        confirmed.putAll(fields);
        return new TastytradeWsFrame.FeedConfig(channel, msg.path("dataFormat").asText(""), fields);
    }

    private List<DxRecord> feedData(JsonNode data) {
        if (!data.isArray())
            throw new InvalidEventException(RejectReason.MISSING_FIELD, "dxlink: FEED_DATA without data array");
        if (data.size() > 0 && data.get(0).isObject()) {
            throw new InvalidEventException(
                    RejectReason.INVALID_VALUE, "dxlink: FULL data format is not requested by this client");
        }
        // Legacy shape: data = [["Type", [values...]]] instead of ["Type", [values...]].
        if (data.size() == 1 && data.get(0).isArray()) data = data.get(0);
        List<DxRecord> out = new ArrayList<>();
        for (int i = 0; i + 1 < data.size(); i += 2) {
            String type = data.get(i).asText();
            JsonNode values = data.get(i + 1);
            List<String> fields = fieldsOf(type);
            if (!values.isArray() || values.size() % fields.size() != 0) {
                throw new InvalidEventException(
                        RejectReason.INVALID_VALUE,
                        "dxlink: " + type + " values are not a multiple of " + fields.size() + " fields");
            }
            for (int off = 0; off < values.size(); off += fields.size()) out.add(record(type, fields, values, off));
        }
        if (data.size() % 2 != 0)
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "dxlink: odd FEED_DATA pairs");
        return out;
    }

    private List<String> fieldsOf(String type) {
        List<String> fields = confirmed.getOrDefault(type, requested.get(type));
        if (fields == null || fields.isEmpty()) {
            throw new InvalidEventException(RejectReason.INVALID_VALUE, "dxlink: no event fields known for " + type);
        }
        return fields;
    }

    private static DxRecord record(String type, List<String> fields, JsonNode values, int off) {
        Map<String, Object> map = new HashMap<>(fields.size() * 2);
        for (int k = 0; k < fields.size(); k++) map.put(fields.get(k), value(values.get(off + k)));
        Object sym = map.get("eventSymbol");
        if (!(sym instanceof String s) || s.isEmpty()) {
            throw new InvalidEventException(
                    RejectReason.MISSING_FIELD, "dxlink: " + type + " record without eventSymbol");
        }
        return new DxRecord(type, s, map);
    }

    private static Object value(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isNumber()) return v.asDouble();
        if (v.isBoolean()) return v.asBoolean();
        String s = v.asText();
        return switch (s) {
            case "NaN" -> Double.NaN;
            case "Infinity" -> Double.POSITIVE_INFINITY;
            case "-Infinity" -> Double.NEGATIVE_INFINITY;
            default -> s;
        };
    }
}
