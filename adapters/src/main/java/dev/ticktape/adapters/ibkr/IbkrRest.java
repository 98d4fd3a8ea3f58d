package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway REST calls the adapter needs, over the configured TLS trust, answering with what
 * {@link IbkrAccountParser} reads from the bodies. Blocking: call from the adapter's REST thread. POSTs carry an
 * explicit JSON body (the gateway answers 411 without a Content-Length).
 */
final class IbkrRest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int PAGE_SIZE = 100;

    private final String baseUrl;
    private final HttpClient http;
    private final IbkrAccountParser parser = new IbkrAccountParser();

    IbkrRest(IbkrConfig config) {
        this.baseUrl = config.baseUrl();
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .sslContext(config.tls().sslContext())
                .build();
    }

    IbkrAccountParser.AuthStatus authStatus() throws IOException, InterruptedException {
        return parser.authStatus(post("/iserver/auth/status", "{}"));
    }

    /** Re-opens the brokerage session when the gateway is still connected (after a reset or competing login). */
    IbkrAccountParser.AuthStatus ssodhInit() throws IOException, InterruptedException {
        return parser.authStatus(post("/iserver/auth/ssodh/init", "{\"publish\":true,\"compete\":true}"));
    }

    /** Keep-alive; returns the session id the WebSocket authenticates with. */
    String tickle() throws IOException, InterruptedException {
        String session = parser.session(post("/tickle", "{}"));
        if (session.isEmpty()) throw new IOException("tickle answer without session");
        return session;
    }

    /** Must precede market data. */
    void iserverAccounts() throws IOException, InterruptedException {
        get("/iserver/accounts");
    }

    List<String> portfolioAccounts() throws IOException, InterruptedException {
        return parser.accountIds(get("/portfolio/accounts"));
    }

    List<IbkrOption> positions(String account) throws IOException, InterruptedException {
        List<IbkrOption> out = new ArrayList<>();
        for (int page = 0; page < 100; page++) {
            JsonNode body = get("/portfolio/" + account + "/positions/" + page);
            out.addAll(parser.positions(body, account));
            if (body.size() < PAGE_SIZE) break;
        }
        return out;
    }

    /** The executions of the current day ({@code GET /iserver/account/trades}; paced at 1 request per 5 s). */
    IbkrWsFrame.Trades trades() throws IOException, InterruptedException {
        return parser.trades(get("/iserver/account/trades"));
    }

    /** Security definitions of {@code conids} ({@code GET /trsrv/secdef}); options only. */
    List<IbkrOption> secdef(List<Long> conids) throws IOException, InterruptedException {
        if (conids.isEmpty()) return List.of();
        return parser.secdef(get("/trsrv/secdef?conids=" + IbkrSymbols.conidList(conids)));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), path);
    }

    private JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(
                HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)),
                path);
    }

    private JsonNode send(HttpRequest.Builder b, String path) throws IOException, InterruptedException {
        HttpRequest req = b.timeout(Duration.ofSeconds(10))
                .header("User-Agent", "ticktape/0.1")
                .build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) throw new IOException("ibkr " + path + " answered " + resp.statusCode());
        return MAPPER.readTree(resp.body());
    }
}
