package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;
import java.util.EnumMap;
import java.util.Map;

/**
 * Decodes gateway WebSocket frames (JSON objects with a {@code topic}), including the {@code smd} field values
 * (see {@link IbkrValue} for their decorations). The trade objects of {@code str} are read by
 * {@link IbkrAccountParser}, which also reads them in the REST trade list. Pure and thread-safe.
 */
final class IbkrParser {
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build());

    private final IbkrAccountParser account = new IbkrAccountParser();

    IbkrWsFrame decode(String text) {
        JsonNode msg;
        try {
            msg = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "ibkr: " + e.getOriginalMessage());
        }
        if (msg == null || !msg.isObject())
            throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "ibkr: not an object");
        String topic = msg.path("topic").asText("");
        if (topic.startsWith("smd+") || topic.equals("smd")) {
            JsonNode conid = msg.get("conid");
            // Some updates carry no conid at all: empty ticks, nothing to merge.
            if (conid == null || !conid.canConvertToLong() && !conid.isTextual()) return new IbkrWsFrame.Other(topic);
            long id;
            try {
                id = conid.isTextual() ? Long.parseLong(conid.asText().trim()) : conid.asLong();
            } catch (NumberFormatException e) {
                throw new InvalidEventException(RejectReason.WRONG_TYPE, "ibkr: conid is not a number");
            }
            return marketData(id, msg);
        }
        return switch (topic) {
            case "system" ->
                new IbkrWsFrame.SystemMsg(
                        msg.path("success").asText(null), msg.path("hb").asLong(0));
            case "sts" -> {
                JsonNode args = msg.path("args");
                yield new IbkrWsFrame.SessionStatus(bool(args.get("authenticated")), bool(args.get("competing")));
            }
            case "str" -> account.trades(msg.path("args"));
            case "tic" -> new IbkrWsFrame.TicReply(msg.path("lastAccessed").asLong(0));
            case "" -> {
                if (msg.has("error"))
                    yield new IbkrWsFrame.ErrorMsg(msg.path("error").asText());
                if ("waiting for session".equals(msg.path("message").asText()))
                    yield new IbkrWsFrame.WaitingForSession();
                yield new IbkrWsFrame.Other("");
            }
            default ->
                msg.has("error") ? new IbkrWsFrame.ErrorMsg(msg.path("error").asText()) : new IbkrWsFrame.Other(topic);
        };
    }

    /** The requested fields an update carries; an empty string means "no value yet" and is left out. */
    private static IbkrWsFrame.MarketData marketData(long conid, JsonNode msg) {
        Map<IbkrField, Double> values = new EnumMap<>(IbkrField.class);
        String availability = null;
        for (var it = msg.fields(); it.hasNext(); ) {
            var e = it.next();
            IbkrField f = IbkrField.byId(e.getKey());
            JsonNode v = e.getValue();
            if (f == null || v.isTextual() && v.asText().isEmpty()) continue;
            switch (f) {
                case AVAILABILITY -> availability = v.asText();
                case IMPLIED_VOL -> values.put(f, IbkrValue.percentAsFraction(v));
                default -> values.put(f, IbkrValue.number(v));
            }
        }
        return new IbkrWsFrame.MarketData(conid, msg.path("_updated").asLong(0), values, availability);
    }

    private static Boolean bool(JsonNode n) {
        return n == null || n.isNull() ? null : n.asBoolean();
    }
}
