package dev.ticktape.venuesim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ticktape.model.OptionContract;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Client Portal gateway over plain HTTP: REST under {@code /v1/api} (auth status, ssodh/init, tickle,
 * iserver/portfolio accounts, positions, {@code /trsrv/secdef}, {@code /iserver/account/trades}) and the WebSocket {@code /v1/api/ws} (session via
 * {@code waiting for session}, {@code system}/{@code sts}, {@code smd}/{@code umd}, {@code str}, {@code tic}, 10 s style
 * heartbeats). Market data goes out as partial updates: ids first, then changed fields only, values decorated as
 * the gateway does ({@code "17.9%"} IV, {@code C}-prefixed last). Each {@code smd} stream ends
 * {@code subscriptionExpiry} after its last request. Options get conids 700000000+i, underlyings 800000000+j.
 *
 * <p>Faults: {@link #dropConnections()}, {@link #expireAuth()} (brokerage session lost: {@code sts
 * authenticated:false}; REST reports connected but not authenticated until {@code ssodh/init}),
 * {@link #expireSubscriptions()}, {@link #stall(Duration)}. Binds 127.0.0.1.
 */
public final class FakeIbkrGateway implements AutoCloseable {
    public static final String ACCOUNT = "U7654321";
    private static final Logger log = LoggerFactory.getLogger(FakeIbkrGateway.class);
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .build());
    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private final SimOptionChain chain;
    private final Map<Long, OptionContract> optionConids = new LinkedHashMap<>();
    private final Map<Long, OptionContract> listedConids = new LinkedHashMap<>();
    private final List<ObjectNode> trades = new CopyOnWriteArrayList<>();
    private final AtomicInteger executionSeq = new AtomicInteger();
    private final Map<String, Long> underlyingConids = new LinkedHashMap<>();
    private final FakeVenueHost host;
    private final Gw ws;
    private final Duration subscriptionExpiry;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger reauths = new AtomicInteger();
    private volatile boolean authenticated = true;
    private volatile String session = "s1";
    private volatile long stalledUntilMs;
    private volatile boolean stalledFault;
    private final FaultLog faults = new FaultLog();

    private FakeIbkrGateway(
            int port,
            long seed,
            List<OptionContract> positions,
            List<OptionContract> listed,
            Duration subscriptionExpiry) {
        List<OptionContract> all = new ArrayList<>(positions);
        listed.stream().filter(c -> !positions.contains(c)).forEach(all::add);
        this.chain = new SimOptionChain(seed, all);
        this.subscriptionExpiry = subscriptionExpiry;
        for (OptionContract c : all) {
            long conid = 700_000_000L + listedConids.size();
            listedConids.put(conid, c);
            if (positions.contains(c)) optionConids.put(conid, c);
            underlyingConids.computeIfAbsent(c.underlying(), u -> 800_000_000L + underlyingConids.size());
        }
        this.ws = new Gw(new InetSocketAddress("127.0.0.1", port));
        this.host = new FakeVenueHost("fake-ibkr", ws, 0, "/v1/api/", this::serveRest);
    }

    /** Production expiry (10 min), ticks every 100 ms, heartbeat every 10 s. */
    public static FakeIbkrGateway start(int port, long seed, List<OptionContract> positions) {
        return start(port, seed, positions, Duration.ofMillis(100), Duration.ofMinutes(10), Duration.ofSeconds(10));
    }

    public static FakeIbkrGateway start(
            int port,
            long seed,
            List<OptionContract> positions,
            Duration tick,
            Duration subscriptionExpiry,
            Duration heartbeat) {
        return start(port, seed, positions, List.of(), tick, subscriptionExpiry, heartbeat);
    }

    /** As above; {@code listed} are further contracts the gateway knows (secdef, market data) but the account does not hold. */
    public static FakeIbkrGateway start(
            int port,
            long seed,
            List<OptionContract> positions,
            List<OptionContract> listed,
            Duration tick,
            Duration subscriptionExpiry,
            Duration heartbeat) {
        FakeIbkrGateway g = new FakeIbkrGateway(port, seed, positions, listed, subscriptionExpiry);
        g.host.start(true, "gateway WebSocket");
        g.host.exec().scheduleAtFixedRate(g::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        g.host.exec()
                .scheduleAtFixedRate(g::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
        return g;
    }

    /** REST base, e.g. {@code http://127.0.0.1:port/v1/api}; the WebSocket is on another port (see {@link #wsUrl()}). */
    public String baseUrl() {
        return host.restUrl("/v1/api");
    }

    public String wsUrl() {
        return host.wsUrl("/v1/api/ws");
    }

    /** The conid the gateway gives {@code c} (held or listed). */
    public long conid(OptionContract c) {
        return listedConids.entrySet().stream()
                .filter(e -> e.getValue().equals(c))
                .findFirst()
                .orElseThrow()
                .getKey();
    }

    /**
     * An execution of the account in {@code c}: listed by {@code /iserver/account/trades} and, when
     * {@code stream}, pushed at once to sockets subscribed to {@code str}. Returns its execution id.
     */
    public String execute(OptionContract c, boolean buy, double qty, double price, boolean stream) {
        long now = System.currentTimeMillis();
        String id = "0000e0d5." + Long.toHexString(now) + "." + executionSeq.incrementAndGet() + ".01.01";
        ObjectNode t = MAPPER.createObjectNode()
                .put("execution_id", id)
                .put("symbol", c.underlying())
                .put("side", buy ? "B" : "S")
                .put("order_description", (buy ? "Bot " : "Sold ") + qty + " @ " + price)
                .put(
                        "trade_time",
                        DateTimeFormatter.ofPattern("yyyyMMdd-HH:mm:ss", Locale.ROOT)
                                .withZone(ZoneOffset.UTC)
                                .format(Instant.ofEpochMilli(now)))
                .put("trade_time_r", now)
                .put("size", qty)
                .put("price", fmt(price))
                .put("order_ref", "ord-" + id.hashCode())
                .put("exchange", "CBOE")
                .put("commission", "0.65")
                .put("net_amount", qty * price * 100)
                .put("account", ACCOUNT)
                .put("accountCode", ACCOUNT)
                .put("sec_type", "OPT")
                .put("conid", Long.toString(conid(c)))
                .put("conidEx", Long.toString(conid(c)))
                .put("contract_description_1", c.underlying());
        trades.add(t);
        if (stream) {
            String frame = "{\"topic\":\"str\",\"args\":[" + t + "]}";
            for (WebSocket w : ws.getConnections()) {
                Peer p = w.getAttachment();
                if (p != null && p.authed && p.trades && w.isOpen()) w.send(frame);
            }
        }
        return id;
    }

    /** Sends a raw {@code str} frame (bad input for tests). */
    public void sendTrades(String argsJson) {
        for (WebSocket w : ws.getConnections()) {
            Peer p = w.getAttachment();
            if (p != null && p.authed && p.trades && w.isOpen())
                w.send("{\"topic\":\"str\",\"args\":" + argsJson + "}");
        }
    }

    /** Sockets currently subscribed to {@code str}. */
    public int tradeSubscribers() {
        int n = 0;
        for (WebSocket w : ws.getConnections()) {
            Peer p = w.getAttachment();
            if (p != null && p.trades && w.isOpen()) n++;
        }
        return n;
    }

    /**
     * Demo mode: every {@code period} the account trades one contract of the first held option (alternating buy
     * and sell at a rounded spot-derived price), streamed like a real fill.
     */
    public void autoFill(Duration period) {
        DemoFills.schedule(
                host.exec(),
                period,
                chain,
                () -> List.copyOf(optionConids.values()).get(0),
                (c, buy, qty, px) -> execute(c, buy, qty, px, true));
    }

    // ---- faults ----------------------------------------------------------------------------------------------

    /** Every fault injected so far, as the gateway saw it, in order. */
    public List<InjectedFault> faults() {
        return faults.faults();
    }

    public void dropConnections() {
        if (!ws.getConnections().isEmpty()) {
            faults.begin(InjectedFault.Kind.DISCONNECT, List.of(), "1006 dropped", connections.get());
        }
        for (WebSocket c : ws.getConnections()) c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped");
    }

    /** The brokerage session ends; the socket is told via {@code sts} and stops streaming. */
    public void expireAuth() {
        authenticated = false;
        faults.begin(InjectedFault.Kind.SESSION_EXPIRED, List.of(), "sts authenticated:false", connections.get());
        for (WebSocket c : ws.getConnections()) {
            if (c.isOpen()) c.send("{\"topic\":\"sts\",\"args\":{\"authenticated\":false}}");
            Peer p = c.getAttachment();
            if (p != null) {
                p.subs.clear();
                p.trades = false;
            }
        }
    }

    /** Ends every smd stream now, as the 10-minute expiry would. */
    public void expireSubscriptions() {
        faults.begin(InjectedFault.Kind.SUBSCRIPTIONS_EXPIRED, List.of(), "smd streams ended", connections.get());
        for (WebSocket c : ws.getConnections()) {
            Peer p = c.getAttachment();
            if (p != null) p.subs.clear();
        }
    }

    public void stall(Duration d) {
        faults.begin(InjectedFault.Kind.STALL, List.of(), "stall " + d.toMillis() + " ms", connections.get());
        stalledUntilMs = System.currentTimeMillis() + d.toMillis();
        stalledFault = true;
    }

    public int connectionsOpened() {
        return connections.get();
    }

    /** {@code ssodh/init} calls that re-opened the brokerage session. */
    public int reauthentications() {
        return reauths.get();
    }

    /** The smd subscriptions currently streaming (conids), over all connections. */
    public int activeSubscriptions() {
        long now = System.currentTimeMillis();
        int n = 0;
        for (WebSocket c : ws.getConnections()) {
            Peer p = c.getAttachment();
            if (p != null)
                n += (int) p.subs.values().stream()
                        .filter(t -> now - t < subscriptionExpiry.toMillis())
                        .count();
        }
        return n;
    }

    @Override
    public void close() {
        host.close();
    }

    // ---- REST ------------------------------------------------------------------------------------------------

    private void serveRest(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring("/v1/api".length());
            String status =
                    "{\"authenticated\":" + authenticated + ",\"competing\":false,\"connected\":true,\"message\":\"\"}";
            String body = switch (path) {
                case "/iserver/auth/status" -> status;
                case "/iserver/auth/ssodh/init" -> {
                    if (!authenticated) reauths.incrementAndGet();
                    authenticated = true;
                    session = "s" + (reauths.get() + 1);
                    yield "{\"authenticated\":true,\"competing\":false,\"connected\":true,\"message\":\"\"}";
                }
                case "/tickle" ->
                    "{\"session\":\"" + session + "\",\"ssoExpires\":460311,\"collission\":false,"
                            + "\"userId\":1,\"iserver\":{\"authStatus\":" + status + "}}";
                case "/iserver/accounts" ->
                    "{\"accounts\":[\"" + ACCOUNT + "\"],\"selectedAccount\":\"" + ACCOUNT + "\"}";
                case "/portfolio/accounts" -> "[{\"id\":\"" + ACCOUNT + "\",\"accountId\":\"" + ACCOUNT + "\"}]";
                case "/iserver/account/trades" ->
                    MAPPER.createArrayNode().addAll(trades).toString();
                case "/trsrv/secdef" -> secdef(ex.getRequestURI().getQuery());
                default -> path.startsWith("/portfolio/" + ACCOUNT + "/positions/") ? positions(path) : null;
            };
            byte[] bytes = (body == null ? "{\"error\":\"not found\"}" : body).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            ex.getResponseBody().write(bytes);
        }
    }

    private String positions(String path) {
        ArrayNode out = MAPPER.createArrayNode();
        if (!path.endsWith("/0")) return out.toString();
        optionConids.forEach((conid, c) -> out.addObject()
                .put("acctId", ACCOUNT)
                .put("conid", conid)
                .put("contractDesc", c.underlying() + " [" + c.occ() + " 100]")
                .put("position", 1.0)
                .put("assetClass", "OPT")
                .put("expiry", YYYYMMDD.format(c.expiry()))
                .put("putOrCall", String.valueOf(c.right()))
                .put("strike", c.strike())
                .put("undConid", underlyingConids.get(c.underlying()))
                .put("ticker", c.underlying())
                .put("currency", "USD")
                .put("multiplier", 100));
        return out.toString();
    }

    /** {@code conids=a,b}: definitions of the known ones, in the field names positions use. */
    private String secdef(String query) {
        ObjectNode out = MAPPER.createObjectNode();
        ArrayNode list = out.putArray("secdef");
        if (query == null || !query.startsWith("conids=")) return out.toString();
        for (String raw : query.substring("conids=".length()).split(",")) {
            long conid;
            try {
                conid = Long.parseLong(raw.trim());
            } catch (NumberFormatException e) {
                continue;
            }
            OptionContract c = listedConids.get(conid);
            if (c == null) continue;
            list.addObject()
                    .put("conid", conid)
                    .put("assetClass", "OPT")
                    .put("ticker", c.underlying())
                    .put("name", c.underlying())
                    .put("expiry", YYYYMMDD.format(c.expiry()))
                    .put("putOrCall", String.valueOf(c.right()))
                    .put("strike", fmt(c.strike()))
                    .put("undConid", underlyingConids.get(c.underlying()))
                    .put("multiplier", "100")
                    .put("currency", "USD");
        }
        return out.toString();
    }

    // ---- WebSocket -------------------------------------------------------------------------------------------

    private void tick() {
        try {
            long now = System.currentTimeMillis();
            List<SimOptionChain.Snapshot> snaps = chain.step(now);
            if (now < stalledUntilMs) {
                faults.withheld(now);
                return;
            }
            boolean any = false;
            Map<Long, SimOptionChain.Snapshot> byConid = new HashMap<>();
            listedConids.forEach((conid, c) -> snaps.stream()
                    .filter(s -> s.contract().equals(c))
                    .findFirst()
                    .ifPresent(s -> byConid.put(conid, s)));
            for (WebSocket c : ws.getConnections()) {
                Peer p = c.getAttachment();
                if (p == null || !c.isOpen() || !p.authed) continue;
                for (Map.Entry<Long, Long> sub : p.subs.entrySet()) {
                    if (now - sub.getValue() >= subscriptionExpiry.toMillis()) continue;
                    c.send(update(p, sub.getKey(), byConid.get(sub.getKey()), now));
                    // Data flows again: ends faults from before this connection, a stall, expired streams.
                    faults.delivered(p.serial, stalledFault);
                    faults.resumed(InjectedFault.Kind.SUBSCRIPTIONS_EXPIRED);
                    stalledFault = false;
                    any = true;
                }
            }
            if (!any) faults.withheld(now);
        } catch (RuntimeException e) {
            log.warn("fake ibkr tick failed: {}", e.toString());
        }
    }

    /** First frame: ids only; then bid/ask every time and the analytics every other time (partial updates). */
    private String update(Peer p, long conid, SimOptionChain.Snapshot s, long now) {
        int n = p.sent.merge(conid, 1, Integer::sum);
        ObjectNode m = MAPPER.createObjectNode()
                .put("server_id", "q1")
                .put("conidEx", Long.toString(conid))
                .put("conid", conid)
                .put("_updated", now)
                .put("6119", "q1");
        if (n == 1) {
            m.put("6509", "RpB");
        } else if (s != null) {
            m.put("84", fmt(s.bid())).put("86", fmt(s.ask()));
            if (n % 2 == 0) {
                m.put("31", fmt(s.price()))
                        .put("7308", fmt(s.delta()))
                        .put("7309", fmt(s.gamma()))
                        .put("7310", fmt(s.theta()))
                        .put("7311", fmt(s.vega()))
                        .put("7633", fmt(s.iv() * 100) + "%");
            }
        } else {
            String u = underlyingConids.entrySet().stream()
                    .filter(e -> e.getValue() == conid)
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElse(null);
            if (u != null) {
                double spot = Math.round(chain.spot(u) * 100) / 100.0;
                m.put("31", (n % 5 == 0 ? "C" : "") + fmt(spot))
                        .put("84", fmt(spot - 0.01))
                        .put("86", fmt(spot + 0.01));
            }
        }
        return m.put("topic", "smd+" + conid).toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private void heartbeat() {
        if (System.currentTimeMillis() < stalledUntilMs) return;
        for (WebSocket c : ws.getConnections()) {
            if (c.isOpen()) c.send("{\"topic\":\"system\",\"hb\":" + System.currentTimeMillis() + "}");
        }
    }

    private static final class Peer {
        volatile long serial;
        final Map<Long, Long> subs = new ConcurrentHashMap<>();
        final Map<Long, Integer> sent = new ConcurrentHashMap<>();
        volatile boolean authed;
        volatile boolean trades;
    }

    private final class Gw extends FakeWsServer {
        Gw(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            if (!handshake.getResourceDescriptor().startsWith("/v1/api/ws")) {
                conn.close(CloseFrame.POLICY_VALIDATION, "unknown path");
                return;
            }
            Peer p = new Peer();
            p.serial = connections.incrementAndGet();
            conn.setAttachment(p);
            String cookie = handshake.getFieldValue("Cookie");
            if (cookie != null && cookie.contains(session)) accept(conn, p);
            else conn.send("{\"message\":\"waiting for session\"}");
        }

        private void accept(WebSocket conn, Peer p) {
            p.authed = true;
            conn.send("{\"topic\":\"system\",\"success\":\"fakeuser\"}");
            conn.send("{\"topic\":\"sts\",\"args\":{\"authenticated\":" + authenticated + "}}");
        }

        @Override
        public void onMessage(WebSocket conn, String text) {
            Peer p = conn.getAttachment();
            if (p == null) return;
            String t = text.trim();
            if (t.startsWith("{")) {
                if (t.contains("\"" + session + "\"")) accept(conn, p);
                else conn.send("{\"message\":\"waiting for session\"}");
                return;
            }
            if (!p.authed) return;
            if (t.equals("tic")) {
                if (System.currentTimeMillis() < stalledUntilMs) return; // a stalled gateway answers nothing
                conn.send("{\"topic\":\"tic\",\"alive\":true,\"id\":\"" + session + "\",\"lastAccessed\":"
                        + System.currentTimeMillis() + "}");
            } else if (t.startsWith("smd+") && authenticated) {
                String[] parts = t.split("\\+", 3);
                p.subs.put(Long.parseLong(parts[1].split("@")[0]), System.currentTimeMillis());
            } else if (t.startsWith("str+") && authenticated) {
                p.trades = true;
            } else if (t.startsWith("utr+")) {
                p.trades = false;
            } else if (t.startsWith("umd+")) {
                p.subs.remove(Long.parseLong(t.split("\\+", 3)[1].split("@")[0]));
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

        @Override
        public void onError(WebSocket conn, Exception ex) {
            log.debug("fake ibkr socket error: {}", ex.toString());
        }
    }
}
