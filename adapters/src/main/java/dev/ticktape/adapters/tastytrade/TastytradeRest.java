package dev.ticktape.adapters.tastytrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The tastytrade REST calls the adapter needs: OAuth access token from the refresh token, the DXLink quote token,
 * positions, live orders; each answers with what {@link TastytradeAccountParser} reads from the body. A 401
 * re-logs in once and retries. Blocking: call from the adapter's REST thread. Tokens are never
 * logged or put into exception messages.
 */
final class TastytradeRest {
    static final class AuthException extends IOException {
        AuthException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TastytradeConfig config;
    private final TastytradeAccountParser parser = new TastytradeAccountParser();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String accessToken;
    private int logins;

    TastytradeRest(TastytradeConfig config) {
        this.config = config;
    }

    synchronized TastytradeAccountParser.QuoteToken quoteToken() throws IOException, InterruptedException {
        TastytradeAccountParser.QuoteToken qt = parser.quoteToken(get("/api-quote-tokens"));
        if (qt.token().isEmpty() || qt.dxlinkUrl().isEmpty()) {
            throw new IOException("api-quote-tokens answer without token or dxlink-url");
        }
        return qt;
    }

    synchronized List<HeldOption> positions(String account) throws IOException, InterruptedException {
        return parser.positions(get("/accounts/" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/positions"));
    }

    /** The fills of the open and today's orders of {@code account}, read at {@code recvMs}. */
    synchronized List<TastytradeAccountFrame.Order> liveOrders(String account, long recvMs)
            throws IOException, InterruptedException {
        return parser.liveOrders(
                get("/accounts/" + URLEncoder.encode(account, StandardCharsets.UTF_8) + "/orders/live"), recvMs);
    }

    /** The current access token (logging in first if there is none); the account streamer authenticates with it. */
    synchronized String accessToken() throws IOException, InterruptedException {
        if (accessToken == null) login();
        return accessToken;
    }

    /** Drops the access token and logs in again (the account streamer rejected it). */
    synchronized String relogin() throws IOException, InterruptedException {
        accessToken = null;
        return accessToken();
    }

    synchronized int logins() {
        return logins;
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            if (accessToken == null) login();
            HttpRequest req = HttpRequest.newBuilder(URI.create(config.restBaseUrl() + path))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + accessToken)
                    .header("User-Agent", config.userAgent())
                    .GET()
                    .build();
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() == 401 && attempt == 0) {
                accessToken = null; // expired or revoked: log in again
                continue;
            }
            if (resp.statusCode() != 200)
                throw new IOException("tastytrade GET " + path + " answered " + resp.statusCode());
            return MAPPER.readTree(resp.body());
        }
    }

    private void login() throws IOException, InterruptedException {
        ObjectNode body = MAPPER.createObjectNode()
                .put("grant_type", "refresh_token")
                .put("refresh_token", config.refreshToken())
                .put("client_secret", config.clientSecret());
        HttpRequest req = HttpRequest.newBuilder(URI.create(config.restBaseUrl() + "/oauth/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", config.userAgent())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) throw new AuthException("tastytrade login answered " + resp.statusCode());
        String token = parser.accessToken(MAPPER.readTree(resp.body()));
        if (token.isEmpty()) throw new AuthException("tastytrade login answer without access_token");
        accessToken = token;
        logins++;
    }
}
