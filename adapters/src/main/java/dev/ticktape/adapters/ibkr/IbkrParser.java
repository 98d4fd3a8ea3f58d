package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.RejectReason;

/** Decodes gateway WebSocket frames (JSON objects with a {@code topic}). */
final class IbkrParser {
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build());

    IbkrWsFrame decode(String text) {
        JsonNode msg;
        try {
            msg = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(RejectReason.INVALID_JSON, "ibkr: " + e.getOriginalMessage());
        }
        if (msg == null || !msg.isObject()) throw new InvalidEventException(RejectReason.NOT_AN_OBJECT, "ibkr: not an object");
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
            return new IbkrWsFrame.MarketData(id, msg.path("_updated").asLong(0), msg);
        }
        return switch (topic) {
            case "system" -> new IbkrWsFrame.SystemMsg(msg.path("success").asText(null), msg.path("hb").asLong(0));
            case "sts" -> {
                JsonNode args = msg.path("args");
                yield new IbkrWsFrame.SessionStatus(bool(args.get("authenticated")), bool(args.get("competing")));
            }
            case "str" -> new IbkrWsFrame.Trades(msg.path("args"));
            case "tic" -> new IbkrWsFrame.TicReply(msg.path("lastAccessed").asLong(0));
            case "" -> {
                if (msg.has("error")) yield new IbkrWsFrame.ErrorMsg(msg.path("error").asText());
                if ("waiting for session".equals(msg.path("message").asText())) yield new IbkrWsFrame.WaitingForSession();
                yield new IbkrWsFrame.Other("");
            }
            default -> msg.has("error") ? new IbkrWsFrame.ErrorMsg(msg.path("error").asText()) : new IbkrWsFrame.Other(topic);
        };
    }

    private static Boolean bool(JsonNode n) {
        return n == null || n.isNull() ? null : n.asBoolean();
    }
}
