package dev.ticktape.venuesim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ticktape.model.OptionContract;
import dev.ticktape.model.options.OccSymbol;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local tastytrade: REST ({@code POST /oauth/token}, {@code GET /api-quote-tokens},
 * {@code GET /accounts/{n}/positions}, {@code GET /accounts/{n}/orders/live}), the account streamer
 * ({@code /account-streamer}: {@code connect}, {@code heartbeat}, {@code Order} notifications with fills) and a
 * DXLink WebSocket ({@code /realtime}) speaking SETUP, AUTH_STATE,
 * CHANNEL_REQUEST/OPENED, FEED_SETUP/CONFIG, FEED_SUBSCRIPTION (add/remove/reset) and COMPACT FEED_DATA for
 * Greeks, Quote and Trade, encoded by the field lists the client asked for. The server enforces the client's
 * keepalive timeout and sends KEEPALIVE itself. Every position is held in {@link #ACCOUNT}.
 *
 * <p>Faults: {@link #dropConnections()}, {@link #expireAuth()} (tokens revoked, sockets dropped),
 * {@link #stall(Duration)} (server goes silent: the client's keepalive timeout must fire). Binds 127.0.0.1.
 *
 * <p>A FEED_SUBSCRIPTION {@code add} naming a symbol the venue does not list (neither an option of its chain nor an
 * underlying of one) is answered with {@code {"type":"ERROR","channel":N,"error":"INVALID_MESSAGE","message":
 * "Invalid subscription symbol: <symbols>"}} (shape per the DXLink spec, text constructed); the listed items of the
 * message are subscribed, the others not, and a {@code SUBSCRIPTION_REFUSED} fault names the refused symbols.
 */
public final class FakeTastytradeServer implements AutoCloseable {
    public static final String ACCOUNT = "5WT00001";
    private static final Logger log = LoggerFactory.getLogger(FakeTastytradeServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build());
    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd", Locale.ROOT);

    private final SimOptionChain chain;
    private final FakeVenueHost host;
    private final Dx ws;
    private final long keepaliveTimeoutS;
    private final AtomicInteger logins = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger accountConnections = new AtomicInteger();
    private final AtomicInteger quoteTokens = new AtomicInteger();
    private final AtomicInteger generation = new AtomicInteger(1);
    private volatile List<OptionContract> positions;
    private final List<ObjectNode> orders = new CopyOnWriteArrayList<>();
    private final AtomicInteger orderSeq = new AtomicInteger(1000);
    private volatile long stalledUntilMs;
    private volatile boolean stalledFault;
    private final FaultLog faults = new FaultLog();

    private FakeTastytradeServer(
            int port, int restPort, long seed, List<OptionContract> positions, long keepaliveTimeoutS) {
        this.chain = new SimOptionChain(seed, positions);
        this.positions = List.copyOf(positions);
        this.keepaliveTimeoutS = keepaliveTimeoutS;
        this.ws = new Dx(new InetSocketAddress("127.0.0.1", port));
        this.host = new FakeVenueHost("fake-tastytrade", ws, restPort, "/", this::serveRest);
    }

    /** Production keepalive (60 s) and a market tick every 100 ms. */
    public static FakeTastytradeServer start(int port, long seed, List<OptionContract> positions) {
        return start(port, seed, positions, Duration.ofMillis(100), 60);
    }

    /** {@code tick}: how often every subscribed contract updates; {@code keepaliveTimeoutS}: both directions. */
    public static FakeTastytradeServer start(
            int port, long seed, List<OptionContract> positions, Duration tick, long keepaliveTimeoutS) {
        return start(port, 0, seed, positions, tick, keepaliveTimeoutS);
    }

    /** As above with a fixed REST port too, so a killed venue can come back where its clients look for it. */
    public static FakeTastytradeServer start(
            int port, int restPort, long seed, List<OptionContract> positions, Duration tick, long keepaliveTimeoutS) {
        FakeTastytradeServer s = new FakeTastytradeServer(port, restPort, seed, positions, keepaliveTimeoutS);
        s.host.start(true, "DXLink server");
        s.host.exec().scheduleAtFixedRate(s::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        long ka = Math.max(200, keepaliveTimeoutS * 1000 / 3);
        s.host.exec().scheduleAtFixedRate(s::keepalives, ka, ka, TimeUnit.MILLISECONDS);
        return s;
    }

    public int restPort() {
        return host.restPort();
    }

    /** Port of the WebSocket server (DXLink and account streamer). */
    public int wsPort() {
        return host.wsPort();
    }

    /** REST base URL, e.g. {@code http://127.0.0.1:port}. */
    public String restUrl() {
        return host.restUrl("");
    }

    /** The DXLink URL handed out by {@code /api-quote-tokens}. */
    public String dxlinkUrl() {
        return host.wsUrl("/realtime");
    }

    /** The account streamer URL (same server, path {@code /account-streamer}). */
    public String accountStreamerUrl() {
        return host.wsUrl("/account-streamer");
    }

    /**
     * A filled one-leg order in {@code c} for {@link #ACCOUNT}: listed by {@code /orders/live} and, when
     * {@code stream}, sent at once to connected account streamers. Returns the fill id.
     */
    public String fill(OptionContract c, boolean buy, double qty, double price, boolean stream) {
        int id = orderSeq.incrementAndGet();
        String now = OffsetDateTime.now(ZoneOffset.UTC).toString();
        String fillId = "fake-fill-" + id;
        ObjectNode o = MAPPER.createObjectNode()
                .put("id", id)
                .put("account-number", ACCOUNT)
                .put("time-in-force", "Day")
                .put("order-type", "Limit")
                .put("size", qty)
                .put("underlying-symbol", c.underlying())
                .put("underlying-instrument-type", "Equity")
                .put("price", String.format(Locale.ROOT, "%.2f", price))
                .put("price-effect", buy ? "Debit" : "Credit")
                .put("status", "Filled")
                .put("cancellable", false)
                .put("editable", false)
                .put("edited", false)
                .put("updated-at", now)
                .put("terminal-at", now);
        ObjectNode leg = o.putArray("legs")
                .addObject()
                .put("instrument-type", "Equity Option")
                .put("symbol", c.occ())
                .put("quantity", qty)
                .put("remaining-quantity", 0)
                .put("action", buy ? "Buy to Open" : "Sell to Close");
        leg.putArray("fills")
                .addObject()
                .put("ext-group-fill-id", "g" + id)
                .put("ext-exec-id", "x" + id)
                .put("fill-id", fillId)
                .put("quantity", String.valueOf(qty))
                .put("fill-price", String.valueOf(price))
                .put("filled-at", now)
                .put("destination-venue", "FAKE_EXCHANGE");
        orders.add(o);
        if (stream)
            sendAccount("{\"type\":\"Order\",\"data\":" + o + ",\"timestamp\":" + System.currentTimeMillis() + "}");
        return fillId;
    }

    /** Sends a raw message to connected account streamers (bad input for tests). */
    public void sendAccount(String message) {
        for (WebSocket c : ws.getConnections()) {
            if (c.getAttachment() instanceof AccountPeer a && a.connected && c.isOpen()) c.send(message);
        }
    }

    /** {@code /api-quote-tokens} requests answered so far. */
    public int quoteTokensIssued() {
        return quoteTokens.get();
    }

    /** Account streamer connections opened so far. */
    public int accountConnectionsOpened() {
        return accountConnections.get();
    }

    /** Account streamer connections that completed {@code connect}. */
    public int accountStreamers() {
        int n = 0;
        for (WebSocket c : ws.getConnections())
            if (c.getAttachment() instanceof AccountPeer a && a.connected && c.isOpen()) n++;
        return n;
    }

    /**
     * Demo mode: every {@code period} the account trades one contract of the first held option (alternating buy
     * and sell at a rounded spot-derived price), streamed like a real fill.
     */
    public void autoFill(Duration period) {
        DemoFills.schedule(
                host.exec(), period, chain, () -> positions.get(0), (c, buy, qty, px) -> fill(c, buy, qty, px, true));
    }

    // ---- faults and control ----------------------------------------------------------------------------------

    /** Every fault injected so far, as the venue saw it, in order. */
    public List<InjectedFault> faults() {
        return faults.faults();
    }

    public void dropConnections() {
        if (ws.getConnections().stream().anyMatch(c -> c.getAttachment() instanceof Peer)) {
            faults.begin(InjectedFault.Kind.DISCONNECT, List.of(), "1006 dropped", connections.get());
        }
        for (WebSocket c : ws.getConnections()) c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped");
    }

    /** Revokes the access and quote tokens and drops the sockets: the client must log in again. */
    public void expireAuth() {
        generation.incrementAndGet();
        dropConnections();
    }

    /** Sends nothing (no data, no keepalive) for {@code d}. */
    public void stall(Duration d) {
        faults.begin(InjectedFault.Kind.STALL, List.of(), "stall " + d.toMillis() + " ms", connections.get());
        stalledUntilMs = System.currentTimeMillis() + d.toMillis();
        stalledFault = true;
    }

    /** Replaces the positions served over REST (market data keeps covering the original chain). */
    public void setPositions(List<OptionContract> held) {
        positions = List.copyOf(held);
    }

    public int logins() {
        return logins.get();
    }

    public int connectionsOpened() {
        return connections.get();
    }

    /** Streams the open connections subscribed, as {@code Type:symbol}. */
    public Set<String> subscriptions() {
        Set<String> all = new LinkedHashSet<>();
        for (WebSocket c : ws.getConnections()) {
            Peer p = c.getAttachment() instanceof Peer x ? x : null;
            if (p != null)
                synchronized (p) {
                    all.addAll(p.subs);
                }
        }
        return all;
    }

    @Override
    public void close() {
        host.close();
    }

    // ---- REST ------------------------------------------------------------------------------------------------

    private void serveRest(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/oauth/token") && ex.getRequestMethod().equals("POST")) {
                JsonNode req = MAPPER.readTree(ex.getRequestBody());
                if (!"refresh_token".equals(req.path("grant_type").asText())
                        || req.path("refresh_token").asText().isEmpty()) {
                    respond(ex, 400, "{\"error\":\"invalid_grant\"}");
                    return;
                }
                logins.incrementAndGet();
                respond(
                        ex,
                        200,
                        "{\"access_token\":\"at-" + generation.get()
                                + "\",\"expires_in\":900,\"token_type\":\"Bearer\"}");
                return;
            }
            if (ex.getRequestHeaders().getFirst("User-Agent") == null
                    || !("Bearer at-" + generation.get())
                            .equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                respond(ex, 401, "{\"error\":{\"code\":\"token_invalid\",\"message\":\"This token is invalid\"}}");
                return;
            }
            if (path.equals("/api-quote-tokens")) {
                quoteTokens.incrementAndGet();
                respond(
                        ex,
                        200,
                        "{\"data\":{\"token\":\"qt-" + generation.get() + "\",\"dxlink-url\":\"" + dxlinkUrl()
                                + "\",\"level\":\"api\"},\"context\":\"/api-quote-tokens\"}");
            } else if (path.equals("/accounts/" + ACCOUNT + "/positions")) {
                respond(ex, 200, positionsBody());
            } else if (path.equals("/accounts/" + ACCOUNT + "/orders/live")) {
                ObjectNode root = MAPPER.createObjectNode();
                root.putObject("data").putArray("items").addAll(orders);
                respond(ex, 200, root.toString());
            } else {
                respond(ex, 404, "{\"error\":{\"code\":\"not_found\"}}");
            }
        }
    }

    private String positionsBody() {
        ObjectNode root = MAPPER.createObjectNode();
        ArrayNode items = root.putObject("data").putArray("items");
        for (OptionContract c : positions) {
            items.addObject()
                    .put("account-number", ACCOUNT)
                    .put("symbol", c.occ())
                    .put("instrument-type", "Equity Option")
                    .put("underlying-symbol", c.underlying())
                    .put("quantity", 1)
                    .put("quantity-direction", "Long")
                    .put("multiplier", 100);
        }
        root.put("context", "/accounts/" + ACCOUNT + "/positions");
        return root.toString();
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    // ---- DXLink ----------------------------------------------------------------------------------------------

    static String streamerSymbol(OptionContract c) {
        return "." + OccSymbol.root(c) + YYMMDD.format(c.expiry()) + c.right()
                + BigDecimal.valueOf(c.strike()).stripTrailingZeros().toPlainString();
    }

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            List<SimOptionChain.Snapshot> snaps = chain.step(now);
            if (now < stalledUntilMs) {
                faults.withheld(now);
                return;
            }
            boolean any = false;
            for (WebSocket c : ws.getConnections()) {
                Peer p = c.getAttachment() instanceof Peer x ? x : null;
                if (p != null && c.isOpen() && p.open) {
                    String msg = p.feedData(snaps, now);
                    if (msg != null) {
                        c.send(msg);
                        faults.delivered(p.serial, stalledFault);
                        stalledFault = false;
                        any = true;
                    }
                }
            }
            if (!any) faults.withheld(now);
        } catch (RuntimeException e) {
            log.warn("fake tastytrade tick failed: {}", e.toString());
        }
    }

    private void keepalives() {
        long now = System.currentTimeMillis();
        for (WebSocket c : ws.getConnections()) {
            Peer p = c.getAttachment() instanceof Peer x ? x : null;
            if (p == null || !c.isOpen()) continue;
            if (now - p.lastReceivedMs > p.clientTimeoutMs) {
                c.send(
                        "{\"type\":\"ERROR\",\"channel\":0,\"error\":\"TIMEOUT\",\"message\":\"The timeout has been reached.\"}");
                c.close(CloseFrame.NORMAL, "keepalive timeout");
            } else if (now >= stalledUntilMs) {
                c.send("{\"type\":\"KEEPALIVE\",\"channel\":0}");
            }
        }
    }

    /** The streamer symbols this venue lists: the options of its chain and their underlyings. */
    private Set<String> listedSymbols() {
        Set<String> out = new HashSet<>();
        for (OptionContract c : chain.contracts()) {
            out.add(streamerSymbol(c));
            out.add(c.underlying());
        }
        return out;
    }

    /** Answers a subscription naming unlisted symbols with an ERROR on its channel, and records the refusal. */
    private void refuse(WebSocket conn, int channel, List<String> symbols) {
        String message = "Invalid subscription symbol: " + String.join(", ", symbols);
        long now = System.currentTimeMillis();
        faults.record(InjectedFault.Kind.SUBSCRIPTION_REFUSED, now, now, symbols, Map.of(), message);
        conn.send(MAPPER.createObjectNode()
                .put("type", "ERROR")
                .put("channel", channel)
                .put("error", "INVALID_MESSAGE")
                .put("message", message)
                .toString());
    }

    /** Per-connection DXLink state. */
    private final class Peer {
        final Set<String> subs = new LinkedHashSet<>();
        /** Order of opening among the DXLink connections (1 = first). */
        volatile long serial;

        volatile long lastReceivedMs = System.currentTimeMillis();
        volatile long clientTimeoutMs = keepaliveTimeoutS * 1000;
        volatile boolean authorized;
        volatile boolean open;
        int channel;
        Map<String, List<String>> fields = Map.of();

        synchronized String feedData(List<SimOptionChain.Snapshot> snaps, long now) {
            if (subs.isEmpty()) return null;
            ArrayNode data = MAPPER.createArrayNode();
            Map<String, Double> spots = new HashMap<>();
            List<Object[]> greeks = new ArrayList<>();
            List<Object[]> quotes = new ArrayList<>();
            List<Object[]> trades = new ArrayList<>();
            for (SimOptionChain.Snapshot s : snaps) {
                String sym = streamerSymbol(s.contract());
                spots.put(s.contract().underlying(), s.spot());
                if (subs.contains("Greeks:" + sym)) greeks.add(new Object[] {sym, s});
                if (subs.contains("Quote:" + sym)) quotes.add(new Object[] {sym, s.bid(), s.ask()});
            }
            spots.forEach((u, px) -> {
                double tickPx = Math.round(px * 100) / 100.0;
                if (subs.contains("Trade:" + u)) trades.add(new Object[] {u, tickPx});
                if (subs.contains("Quote:" + u)) quotes.add(new Object[] {u, tickPx - 0.01, tickPx + 0.01});
            });
            add(data, "Greeks", greeks, (r, f) -> greekValue((SimOptionChain.Snapshot) r[1], f, now));
            add(data, "Quote", quotes, (r, f) -> switch (f) {
                case "bidPrice" -> r[1];
                case "askPrice" -> r[2];
                case "bidSize", "askSize" -> 10.0;
                default -> 0;
            });
            add(data, "Trade", trades, (r, f) -> switch (f) {
                case "price" -> r[1];
                case "time" -> now;
                case "size" -> 100.0;
                case "dayVolume" -> "NaN";
                default -> 0;
            });
            if (data.isEmpty()) return null;
            ObjectNode msg = MAPPER.createObjectNode().put("type", "FEED_DATA").put("channel", channel);
            msg.set("data", data);
            return msg.toString();
        }

        private void add(ArrayNode data, String type, List<Object[]> rows, BiFunction<Object[], String, Object> value) {
            List<String> f = fields.get(type);
            if (rows.isEmpty() || f == null) return;
            data.add(type);
            ArrayNode values = data.addArray();
            for (Object[] r : rows) {
                for (String name : f) {
                    Object v = switch (name) {
                        case "eventType" -> type;
                        case "eventSymbol" -> r[0];
                        default -> value.apply(r, name);
                    };
                    values.addPOJO(v);
                }
            }
        }

        private Object greekValue(SimOptionChain.Snapshot s, String field, long now) {
            return switch (field) {
                case "time" -> now;
                case "price" -> s.price();
                case "volatility" -> s.iv();
                case "delta" -> s.delta();
                case "gamma" -> s.gamma();
                case "theta" -> s.theta();
                case "vega" -> s.vega();
                case "rho" -> s.rho();
                default -> 0;
            };
        }
    }

    /** An account streamer connection. */
    private static final class AccountPeer {
        volatile boolean connected;
    }

    /** {@code connect} and {@code heartbeat}, each checked against the current access token. */
    private void onAccountMessage(WebSocket conn, AccountPeer a, String text) {
        if (System.currentTimeMillis() < stalledUntilMs) return;
        JsonNode m;
        try {
            m = MAPPER.readTree(text);
        } catch (IOException e) {
            conn.send("{\"status\":\"error\",\"action\":\"unknown\",\"message\":\"invalid json\"}");
            return;
        }
        String action = m.path("action").asText();
        long requestId = m.path("request-id").asLong();
        if (!("at-" + generation.get()).equals(m.path("auth-token").asText())) {
            a.connected = false;
            conn.send("{\"status\":\"error\",\"action\":\"" + action + "\",\"web-socket-session-id\":\"ws1\","
                    + "\"message\":\"failed to authenticate: token invalid\",\"request-id\":" + requestId + "}");
            return;
        }
        if (action.equals("connect")) a.connected = true;
        conn.send("{\"status\":\"ok\",\"action\":\"" + action + "\",\"web-socket-session-id\":\"ws1\",\"value\":"
                + (m.has("value") ? m.get("value").toString() : "null") + ",\"request-id\":" + requestId + "}");
    }

    private final class Dx extends FakeWsServer {
        Dx(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            if (handshake.getResourceDescriptor().startsWith("/account-streamer")) {
                conn.setAttachment(new AccountPeer());
                accountConnections.incrementAndGet();
                return;
            }
            if (!handshake.getResourceDescriptor().startsWith("/realtime")) {
                conn.close(CloseFrame.POLICY_VALIDATION, "unknown path");
                return;
            }
            Peer p = new Peer();
            p.serial = connections.incrementAndGet();
            conn.setAttachment(p);
        }

        @Override
        public void onMessage(WebSocket conn, String text) {
            if (conn.getAttachment() instanceof AccountPeer a) {
                onAccountMessage(conn, a, text);
                return;
            }
            Peer p = conn.getAttachment() instanceof Peer x ? x : null;
            if (p == null) return;
            p.lastReceivedMs = System.currentTimeMillis();
            JsonNode m;
            try {
                m = MAPPER.readTree(text);
            } catch (IOException e) {
                conn.send("{\"type\":\"ERROR\",\"channel\":0,\"error\":\"INVALID_MESSAGE\",\"message\":\"not JSON\"}");
                return;
            }
            int channel = m.path("channel").asInt();
            switch (m.path("type").asText()) {
                case "SETUP" -> {
                    long clientTimeout = m.path("keepaliveTimeout").asLong(keepaliveTimeoutS);
                    p.clientTimeoutMs = Math.min(clientTimeout, keepaliveTimeoutS) * 1000;
                    conn.send("{\"type\":\"SETUP\",\"channel\":0,\"keepaliveTimeout\":" + keepaliveTimeoutS
                            + ",\"acceptKeepaliveTimeout\":" + keepaliveTimeoutS + ",\"version\":\"1.0-fake\"}");
                    conn.send("{\"type\":\"AUTH_STATE\",\"channel\":0,\"state\":\"UNAUTHORIZED\"}");
                }
                case "AUTH" -> {
                    p.authorized =
                            ("qt-" + generation.get()).equals(m.path("token").asText());
                    conn.send("{\"type\":\"AUTH_STATE\",\"channel\":0,\"state\":\""
                            + (p.authorized ? "AUTHORIZED\",\"userId\":\"fake\"}" : "UNAUTHORIZED\"}"));
                }
                case "CHANNEL_REQUEST" -> {
                    if (!p.authorized) {
                        conn.send("{\"type\":\"ERROR\",\"channel\":" + channel
                                + ",\"error\":\"UNAUTHORIZED\",\"message\":\"auth first\"}");
                        return;
                    }
                    synchronized (p) {
                        p.channel = channel;
                    }
                    p.open = true;
                    conn.send("{\"type\":\"CHANNEL_OPENED\",\"channel\":" + channel
                            + ",\"service\":\"FEED\",\"parameters\":{\"contract\":\"AUTO\",\"subFormat\":\"LIST\"}}");
                }
                case "FEED_SETUP" -> {
                    Map<String, List<String>> f = new HashMap<>();
                    m.path("acceptEventFields").fields().forEachRemaining(e -> {
                        List<String> names = new ArrayList<>();
                        e.getValue().forEach(n -> names.add(n.asText()));
                        f.put(e.getKey(), names);
                    });
                    synchronized (p) {
                        p.fields = f;
                    }
                    conn.send("{\"type\":\"FEED_CONFIG\",\"channel\":" + channel
                            + ",\"dataFormat\":\"COMPACT\",\"aggregationPeriod\":0.1}");
                }
                case "FEED_SUBSCRIPTION" -> {
                    Set<String> listed = listedSymbols();
                    List<String> refused = new ArrayList<>();
                    synchronized (p) {
                        if (m.path("reset").asBoolean(false)) p.subs.clear();
                        for (JsonNode i : m.path("add")) {
                            String symbol = i.path("symbol").asText();
                            if (!listed.contains(symbol)) {
                                if (!refused.contains(symbol)) refused.add(symbol);
                                continue;
                            }
                            p.subs.add(i.path("type").asText() + ":" + symbol);
                        }
                        for (JsonNode i : m.path("remove"))
                            p.subs.remove(i.path("type").asText() + ":"
                                    + i.path("symbol").asText());
                    }
                    if (!refused.isEmpty()) refuse(conn, channel, refused);
                }
                case "KEEPALIVE" -> {}
                default ->
                    conn.send("{\"type\":\"ERROR\",\"channel\":" + channel
                            + ",\"error\":\"UNSUPPORTED_PROTOCOL\",\"message\":\"unknown type\"}");
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onError(WebSocket conn, Exception ex) {
            log.debug("fake tastytrade socket error: {}", ex.toString());
        }
    }
}
