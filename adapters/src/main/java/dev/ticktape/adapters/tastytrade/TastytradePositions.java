package dev.ticktape.adapters.tastytrade;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ticktape.model.options.OccSymbol;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code GET /accounts/{n}/positions}: the open equity options, each with its streamer symbol
 * ({@code streamer-symbol} when the API sends it, else derived from the OCC {@code symbol}). Futures options
 * are skipped: their streamer symbols cannot be derived and have no OCC identity.
 */
final class TastytradePositions {
    private TastytradePositions() {}

    static List<HeldOption> parse(JsonNode body) {
        List<HeldOption> out = new ArrayList<>();
        for (JsonNode p : body.path("data").path("items")) {
            if (!"Equity Option".equals(p.path("instrument-type").asText())) continue;
            if ("Zero".equals(p.path("quantity-direction").asText()) || p.path("quantity").asDouble(0) == 0) continue;
            var contract = OccSymbol.parse(p.path("symbol").asText(), p.path("underlying-symbol").asText(null));
            String streamer = p.path("streamer-symbol").asText("");
            if (streamer.isEmpty()) streamer = StreamerSymbol.of(contract);
            out.add(new HeldOption(streamer, contract, p.path("account-number").asText(null)));
        }
        return out;
    }
}
