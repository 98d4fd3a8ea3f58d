package dev.ticktape.app.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ticktape.model.Bar;

/** The {@code ours}/{@code theirs} JSON of a reconciliation row: the compared fields and the VWAP. */
final class BarJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BarJson() {}

    static String of(Bar b) {
        if (b == null) return null;
        ObjectNode n = MAPPER.createObjectNode()
                .put("open", b.open())
                .put("high", b.high())
                .put("low", b.low())
                .put("close", b.close())
                .put("volume", b.volume())
                .put("trades", b.trades());
        if (b.vwap() == null) n.putNull("vwap");
        else n.put("vwap", b.vwap());
        return n.toString();
    }
}
