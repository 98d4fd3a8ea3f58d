package dev.ticktape.venuesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The fake's klines count every matched trade, streamed or dropped without telling; a silently dropped trade leaves
 * no trace in the trade record (contiguous ids) but does in the klines.
 */
@Timeout(30)
class FakeBinanceKlinesTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long START = 1_767_225_600_000L; // a minute boundary

    @Test
    void klinesAreTheMinuteTotalsOfStreamedAndSilentlyDroppedTrades() throws Exception {
        try (FakeBinanceServer venue = FakeBinanceServer.start(
                FakeBinanceOptions.defaults(0, 3, List.of("BTCUSDT")).withTick(Duration.ofMillis(5)), START, 500)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> venue.venueTimeMs() > START + 60_000);
            venue.dropTradesSilently("btcusdt", 4);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> venue.silentlyDropped("BTCUSDT").size() == 4);
            await().atMost(Duration.ofSeconds(10)).until(() -> venue.venueTimeMs() > START + 3 * 60_000);
            venue.pauseMarket();

            List<FakeBinanceServer.SimTradeView> streamed = venue.trades("BTCUSDT");
            List<FakeBinanceServer.SimTradeView> dropped = venue.silentlyDropped("BTCUSDT");
            for (int i = 1; i < streamed.size(); i++) {
                assertThat(streamed.get(i).id()).isEqualTo(streamed.get(i - 1).id() + 1);
            }
            List<FakeBinanceServer.SimTradeView> all = new ArrayList<>(streamed);
            all.addAll(dropped);
            TreeMap<Long, long[]> expected = new TreeMap<>(); // minute -> [count]
            for (FakeBinanceServer.SimTradeView t : all) {
                expected.computeIfAbsent(Math.floorDiv(t.timeMs(), 60_000) * 60_000, k -> new long[1])[0]++;
            }
            JsonNode rows = new ObjectMapper()
                    .readTree(HTTP.send(
                                    HttpRequest.newBuilder(URI.create(venue.restUrl()
                                                    + "/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=" + START
                                                    + "&endTime=" + (START + 3 * 60_000 - 1) + "&limit=10"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body());
            assertThat(rows).hasSize(3);
            for (JsonNode r : rows) {
                assertThat(r.get(8).asLong()).isEqualTo(expected.get(r.get(0).asLong())[0]);
                assertThat(r.get(6).asLong()).isEqualTo(r.get(0).asLong() + 59_999);
            }
            assertThat(dropped).allSatisfy(d -> assertThat(streamed).noneMatch(s -> s.timeMs() == d.timeMs()));
        }
    }
}
