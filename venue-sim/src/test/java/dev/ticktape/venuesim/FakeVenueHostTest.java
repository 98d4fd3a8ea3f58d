package dev.ticktape.venuesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ticktape.model.OptionContract;
import dev.ticktape.model.options.OccSymbol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The hosting every fake venue shares, through a real fake: a killed venue comes back on the ports its clients know. */
class FakeVenueHostTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<OptionContract> HELD = List.of(OccSymbol.parse("SPY   270115C00600000", "SPY"));

    @Test
    void aClosedVenueStartsAgainOnTheSamePortsWhileItsClientWasConnected() throws Exception {
        FakeTastytradeServer first = FakeTastytradeServer.start(0, 0, 1, HELD, Duration.ofMillis(50), 60);
        int wsPort = first.wsPort();
        int restPort = first.restPort();
        AtomicBoolean closedByServer = new AtomicBoolean();
        WebSocket client = connect(first.dxlinkUrl(), closedByServer);

        first.close();
        first.close(); // a second close is a no-op, as in tests that close a killed venue again in their cleanup
        await().atMost(Duration.ofSeconds(10)).untilTrue(closedByServer);

        FakeTastytradeServer revived = FakeTastytradeServer.start(wsPort, restPort, 1, HELD, Duration.ofMillis(50), 60);
        try {
            assertThat(revived.wsPort()).isEqualTo(wsPort);
            assertThat(revived.restPort()).isEqualTo(restPort);
            assertThat(revived.restUrl()).isEqualTo("http://127.0.0.1:" + restPort);
            assertThat(status(revived.restUrl() + "/api-quote-tokens"))
                    .as("REST answers (unauthorized)")
                    .isEqualTo(401);
            WebSocket again = connect(revived.dxlinkUrl(), new AtomicBoolean());
            again.abort();
        } finally {
            client.abort();
            revived.close();
        }
    }

    private static WebSocket connect(String url, AtomicBoolean closed) throws Exception {
        return HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(url), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closed.set(true);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closed.set(true);
                    }
                })
                .get(10, TimeUnit.SECONDS);
    }

    private static int status(String url) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
