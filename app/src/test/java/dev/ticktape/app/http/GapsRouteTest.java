package dev.ticktape.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ticktape.model.Gap;
import dev.ticktape.persistence.GapQueries;
import dev.ticktape.persistence.PageKey;
import dev.ticktape.persistence.StoredGap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parameters of {@code /v1/gaps} and the JSON of a gap. */
class GapsRouteTest {
    private static final Instant WRITTEN = Instant.parse("2024-05-01T12:00:01Z");
    private final List<Object[]> calls = new ArrayList<>();
    private final List<StoredGap> answer = new ArrayList<>();
    private final GapQueries queries = (venue, symbol, from, to, after, limit) -> {
        calls.add(new Object[] {venue, symbol, from, to, after, limit});
        return answer;
    };
    private final GapsRoute route = new GapsRoute(queries);

    @Test
    void normalisesTheFiltersAndDefaultsToTheLastDay() {
        route.handle(Map.of("venue", " Binance ", "symbol", "btcusdt"));
        Object[] call = calls.get(0);
        assertThat(call[0]).isEqualTo("binance");
        assertThat(call[1]).isEqualTo("BTCUSDT");
        assertThat(Duration.between((Instant) call[2], (Instant) call[3])).isEqualTo(Duration.ofHours(24));
        assertThat(call[4]).isNull();
        assertThat(call[5])
                .as("one more than a page, to know whether more exist")
                .isEqualTo(1001);

        route.handle(Map.of());
        assertThat(calls.get(1)[0]).isNull();
        assertThat(calls.get(1)[1]).isNull();
    }

    @Test
    void refusesBadParametersWithAPlainMessage() {
        assertThatThrownBy(() -> route.handle(Map.of("venue", "Bad Venue")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("venue");
        assertThatThrownBy(() -> route.handle(Map.of("symbol", "A B")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("symbol");
        assertThatThrownBy(() -> route.handle(Map.of("from", "yesterday")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must be epoch milliseconds or an ISO-8601 instant");
        assertThatThrownBy(() -> route.handle(Map.of("from", "2000", "to", "1000")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("from must be before to");
        assertThatThrownBy(() -> route.handle(Map.of("limit", "0"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> route.handle(Map.of("cursor", Paging.encode(PageKey.of(WRITTEN, "binance")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cursor");
        assertThat(calls).isEmpty();
    }

    @Test
    void anOpenGapHasNoEndAndSaysSoAndAFullPageHandsOutACursor() {
        long from = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
        answer.add(
                new StoredGap(Gap.open("binance", "WS-1", from, List.of(), Gap.Cause.DISCONNECT, "closed"), WRITTEN));
        answer.add(new StoredGap(
                new Gap(
                        "binance",
                        "WS-2",
                        from + 5,
                        from + 9,
                        from + 7,
                        List.of("BTCUSDT"),
                        Gap.Cause.SEQUENCE_GAP,
                        Gap.Recovery.PARTIAL,
                        3,
                        null),
                WRITTEN));
        HttpEdge.Response r = route.handle(Map.of("limit", "1"));
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) r.body();
        assertThat(body).containsEntry("count", 1).containsEntry("truncated", true);
        assertThat(Paging.cursor(Map.of("cursor", (String) body.get("next"))))
                .isEqualTo(PageKey.of(Instant.ofEpochMilli(from), "binance", "WS-1", "disconnect"));
        @SuppressWarnings("unchecked")
        Map<String, Object> gap = ((List<Map<String, Object>>) body.get("gaps")).get(0);
        assertThat(gap)
                .containsEntry("connection", "WS-1")
                .containsEntry("from_ms", from)
                .containsEntry("to_ms", null)
                .containsEntry("to", null)
                .containsEntry("open", true)
                .containsEntry("instruments", List.of())
                .containsEntry("all_instruments", true)
                .containsEntry("cause", "disconnect")
                .containsEntry("recovery", "none")
                .containsEntry("recovered", 0L)
                .containsEntry("ingested_at", "2024-05-01T12:00:01Z");
    }
}
