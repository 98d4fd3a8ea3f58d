package dev.ticktape.adapters.tastytrade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Client messages of the DXLink protocol, on one FEED channel. Subscriptions are named {@code Type:symbol}
 * ({@code Greeks:.SPY260116C600}) and sent in chunks, because the server closes the socket (1009) on an oversized
 * FEED_SUBSCRIPTION.
 */
final class DxLinkMessages {
    static final int FEED_CHANNEL = 3;
    static final String VERSION = "0.1-ticktape/0.1.0";
    /** The official JS feed chunks subscriptions at 8192 characters. */
    static final int MAX_CHUNK_CHARS = 8000;
    /** Requested fields per event type; COMPACT decoding falls back to these lists. */
    static final Map<String, List<String>> EVENT_FIELDS = Map.of(
            "Greeks",
                    List.of(
                            "eventType",
                            "eventSymbol",
                            "eventTime",
                            "time",
                            "price",
                            "volatility",
                            "delta",
                            "gamma",
                            "theta",
                            "rho",
                            "vega"),
            "Quote", List.of("eventType", "eventSymbol", "eventTime", "bidPrice", "askPrice", "bidSize", "askSize"),
            "Trade", List.of("eventType", "eventSymbol", "eventTime", "time", "price", "size", "dayVolume"));

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DxLinkMessages() {}

    static String setup(long keepaliveTimeoutS) {
        return "{\"type\":\"SETUP\",\"channel\":0,\"version\":\"" + VERSION + "\",\"keepaliveTimeout\":"
                + keepaliveTimeoutS + ",\"acceptKeepaliveTimeout\":" + keepaliveTimeoutS + "}";
    }

    static String auth(String token) {
        ObjectNode n =
                MAPPER.createObjectNode().put("type", "AUTH").put("channel", 0).put("token", token);
        return n.toString();
    }

    static String keepalive() {
        return "{\"type\":\"KEEPALIVE\",\"channel\":0}";
    }

    static String channelRequest() {
        return "{\"type\":\"CHANNEL_REQUEST\",\"channel\":" + FEED_CHANNEL
                + ",\"service\":\"FEED\",\"parameters\":{\"contract\":\"AUTO\"}}";
    }

    static String feedSetup() {
        ObjectNode n = MAPPER.createObjectNode()
                .put("type", "FEED_SETUP")
                .put("channel", FEED_CHANNEL)
                .put("acceptAggregationPeriod", 0.1)
                .put("acceptDataFormat", "COMPACT");
        ObjectNode fields = n.putObject("acceptEventFields");
        EVENT_FIELDS.forEach((type, list) -> list.forEach(fields.withArray(type)::add));
        return n.toString();
    }

    static String resetSubscriptions() {
        return "{\"type\":\"FEED_SUBSCRIPTION\",\"channel\":" + FEED_CHANNEL + ",\"reset\":true}";
    }

    static List<String> add(List<String> streams) {
        return subscription("add", streams);
    }

    static List<String> remove(List<String> streams) {
        return subscription("remove", streams);
    }

    static String stream(String eventType, String symbol) {
        return eventType + ":" + symbol;
    }

    /** The symbol of a stream: {@code Greeks:.SPY260116C600} -> {@code .SPY260116C600}. */
    static String symbolOf(String stream) {
        return stream.substring(stream.indexOf(':') + 1);
    }

    private static List<String> subscription(String op, List<String> streams) {
        List<String> out = new ArrayList<>();
        ObjectNode msg = null;
        ArrayNode items = null;
        int chars = 0;
        for (String s : streams) {
            int i = s.indexOf(':');
            if (msg == null || chars > MAX_CHUNK_CHARS) {
                if (msg != null) out.add(msg.toString());
                msg = MAPPER.createObjectNode().put("type", "FEED_SUBSCRIPTION").put("channel", FEED_CHANNEL);
                items = msg.putArray(op);
                chars = 64;
            }
            items.addObject().put("type", s.substring(0, i)).put("symbol", s.substring(i + 1));
            chars += s.length() + 24;
        }
        if (msg != null) out.add(msg.toString());
        return out;
    }
}
