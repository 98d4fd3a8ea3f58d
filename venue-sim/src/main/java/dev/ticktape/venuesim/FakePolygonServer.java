package dev.ticktape.venuesim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Polygon (Massive) stocks venue speaking the real wire protocol: WebSocket {@code /stocks} with the
 * {@code connected} greeting, {@code auth} then {@code subscribe}/{@code unsubscribe} (one status per topic,
 * {@code *} wildcard), array frames mixing {@code T}, {@code Q}, {@code A}, {@code AM}; and REST
 * {@code /v2/aggs/ticker/{T}/range/1/minute/{from}/{to}} with {@code next_url} pagination and Bearer or
 * {@code apiKey} auth. The market is a seeded random walk on a venue clock that can run faster than real time;
 * it runs whether or not anyone listens and keeps its minute bars, so gap-fill can be served and a run checked
 * against the truth. Pings are answered by the WebSocket layer.
 *
 * <p>Fault injection for tests: {@link #abruptClose()}, {@link #refuseConnections(Duration)},
 * {@link #rejectAuth(boolean)}, {@link #stall(Duration)},
 * {@link #correctLastMinuteBar(String)}, {@link #dropTradesSilently(String, int)}. Each fault is recorded as the
 * venue saw it ({@link #faults()}): when it took effect, when the venue next delivered market data, and the minute
 * bars (by start) it closed meanwhile without delivering them. Silent drops are not faults the feed can see; they
 * are listed apart ({@link #silentlyDropped()}). Binds 127.0.0.1 only.
 */
public final class FakePolygonServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FakePolygonServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    /** A minute bar as the venue holds it, in normalized units. */
    public record SimBar(
            String symbol,
            long startMs,
            double open,
            double high,
            double low,
            double close,
            double volume,
            double vwap) {}

    /** A print as the venue recorded it, in normalized units; {@code tradeId} as the adapter composes it. */
    public record SimPrint(String symbol, String tradeId, double price, double shares, long timeMs) {}

    private final FakePolygonOptions options;
    private final Map<String, EquitySimMarket> markets = new LinkedHashMap<>();
    private final Ws ws;
    private final FakeVenueHost host;
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger authAttempts = new AtomicInteger();
    private final AtomicInteger restRequests = new AtomicInteger();
    private volatile boolean rejectAuth;
    private volatile long refuseUntilNanos = System.nanoTime();
    private boolean paused;
    private final FaultLog faults = new FaultLog();
    private long steps;
    private volatile long venueTimeMs;
    private final Map<String, Integer> silentDrops = new HashMap<>();
    private final Map<String, List<SimPrint>> silentlyDropped = new HashMap<>();

    private FakePolygonServer(FakePolygonOptions options) {
        this.options = options;
        for (String s : options.symbols()) {
            String sym = s.trim().toUpperCase(Locale.ROOT);
            markets.put(sym, new EquitySimMarket(sym, options.seed()));
        }
        this.ws = new Ws(new InetSocketAddress("127.0.0.1", options.wsPort()));
        this.host = new FakeVenueHost("fake-polygon", ws, 0, "/v2/aggs/ticker/", this::serveAggs);
    }

    /** Starts a real-time venue from now, accepting any key ({@code --dry-run}). */
    public static FakePolygonServer start(int port, long seed, List<String> symbols) {
        return start(FakePolygonOptions.defaults(port, seed, symbols));
    }

    public static FakePolygonServer start(FakePolygonOptions options) {
        FakePolygonServer s = new FakePolygonServer(options);
        s.host.start(false, "WebSocket server");
        long tickMs = options.tick().toMillis();
        s.host.exec().scheduleAtFixedRate(s::tick, tickMs, Math.max(1, tickMs), TimeUnit.MILLISECONDS);
        log.info("fake polygon listening: ws {} rest {} symbols {}", s.wsUrl(), s.restUrl(), s.markets.keySet());
        return s;
    }

    /** The stocks cluster URL, {@code ws://127.0.0.1:port/stocks}. */
    public String wsUrl() {
        return host.wsUrl("/stocks");
    }

    /** REST base URL, {@code http://127.0.0.1:port}. */
    public String restUrl() {
        return host.restUrl("");
    }

    // ---- fault injection -------------------------------------------------------------------------------------

    /** Drops every open connection without a close frame (the client sees 1006). */
    public void abruptClose() {
        if (!ws.getConnections().isEmpty()) {
            faults.begin(InjectedFault.Kind.DISCONNECT, List.of(), "1006 abrupt close", connectionsOpened.get());
        }
        for (WebSocket c : ws.getConnections()) c.closeConnection(CloseFrame.ABNORMAL_CLOSE, "abrupt close");
    }

    /**
     * Venue maintenance: new connections are closed right after the handshake ({@code 1013 try again later}) for
     * {@code d}. Combined with {@link #abruptClose()} this guarantees the client misses at least {@code d} of data.
     */
    public void refuseConnections(Duration d) {
        refuseUntilNanos = System.nanoTime() + d.toNanos();
    }

    /** From now on, answers every auth with {@code auth_failed} and closes the connection. */
    public void rejectAuth(boolean reject) {
        if (reject) faults.begin(InjectedFault.Kind.AUTH_EXPIRED, List.of(), "auth_failed", connectionsOpened.get());
        rejectAuth = reject;
    }

    /** Stops sending market data on the open connections for {@code d} (control and pings still answered). */
    public void stall(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        faults.begin(InjectedFault.Kind.STALL, List.of(), "stall " + d.toMillis() + " ms", connectionsOpened.get());
        for (WebSocket c : ws.getConnections()) {
            Peer p = c.getAttachment();
            if (p != null) {
                p.stalledUntilNanos = until;
                p.stalled = true;
            }
        }
    }

    /** Folds a late print into the latest closed minute of {@code symbol} and re-sends that {@code AM}. */
    public SimBar correctLastMinuteBar(String symbol) {
        synchronized (markets) {
            EquitySimMarket m = market(symbol);
            EquitySimMarket.Agg corrected = m.correctLastMinute();
            if (corrected == null) throw new IllegalStateException("no closed minute yet for " + symbol);
            faults.begin(
                    InjectedFault.Kind.CORRECTION,
                    List.of(m.symbol),
                    "corrected minute " + corrected.start(),
                    connectionsOpened.get());
            broadcast(Map.of("AM." + m.symbol, List.of(aggregate("AM", m, corrected))));
            return bar(m.symbol, corrected);
        }
    }

    /** Freezes the market (no new events) so a test can compare a client's state with the truth. */
    public void pauseMarket() {
        synchronized (markets) {
            paused = true;
        }
    }

    public void resumeMarket() {
        synchronized (markets) {
            paused = false;
        }
    }

    /**
     * The next {@code n} prints of {@code symbol} happen at the venue (they are in its aggregates, REST and
     * {@code AM}/{@code A} alike, and in {@link #prints}) but their {@code T} messages are never sent: trades lost
     * without any sign on the stream. {@link #silentlyDropped(String)} lists them.
     */
    public void dropTradesSilently(String symbol, int n) {
        synchronized (markets) {
            silentDrops.merge(market(symbol).symbol, n, Integer::sum);
        }
    }

    // ---- inspection ------------------------------------------------------------------------------------------

    /** The prints {@link #dropTradesSilently} kept off the stream, oldest first. */
    public List<SimPrint> silentlyDropped(String symbol) {
        synchronized (markets) {
            return List.copyOf(silentlyDropped.getOrDefault(market(symbol).symbol, List.of()));
        }
    }

    /** The venue time of the latest market step. */
    public long venueTimeMs() {
        return venueTimeMs;
    }

    /** The venue's closed minute bars of {@code symbol} (corrections applied), oldest first. */
    public List<SimBar> minuteBars(String symbol) {
        synchronized (markets) {
            EquitySimMarket m = market(symbol);
            return m.minuteBars(Long.MIN_VALUE, Long.MAX_VALUE).stream()
                    .map(a -> bar(m.symbol, a))
                    .toList();
        }
    }

    /** Every print of {@code symbol}, oldest first. */
    public List<SimPrint> prints(String symbol) {
        synchronized (markets) {
            EquitySimMarket m = market(symbol);
            return m.prints().stream().map(p -> print(m.symbol, p)).toList();
        }
    }

    private static SimPrint print(String symbol, EquitySimMarket.Print p) {
        return new SimPrint(
                symbol,
                p.trf() == null ? p.exchange() + "-" + p.id() : p.exchange() + "-" + p.trf() + "-" + p.id(),
                p.priceCents() / 100.0,
                p.shares(),
                p.timeMs());
    }

    /** Every fault injected so far, as the venue saw it, in order. */
    public List<InjectedFault> faults() {
        return faults.faults();
    }

    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    public int openConnections() {
        return ws.getConnections().size();
    }

    public int authAttempts() {
        return authAttempts.get();
    }

    public int restRequests() {
        return restRequests.get();
    }

    @Override
    public void close() {
        host.close();
    }

    // ---- market loop -----------------------------------------------------------------------------------------

    private void tick() {
        try {
            synchronized (markets) {
                if (paused) return;
                long now = options.startMs() + steps++ * options.stepMs();
                venueTimeMs = now;
                Map<String, List<String>> byTopic = new LinkedHashMap<>();
                Map<String, Long> closedMinutes = new LinkedHashMap<>();
                for (EquitySimMarket m : markets.values()) {
                    EquitySimMarket.Step step = m.step(now);
                    for (EquitySimMarket.Agg a : step.closedSeconds())
                        add(byTopic, "A." + m.symbol, aggregate("A", m, a));
                    for (EquitySimMarket.Agg a : step.closedMinutes()) {
                        add(byTopic, "AM." + m.symbol, aggregate("AM", m, a));
                        closedMinutes.put(m.symbol, a.start());
                    }
                    if (step.print() != null && silentDrops.getOrDefault(m.symbol, 0) > 0) {
                        silentDrops.merge(m.symbol, -1, Integer::sum);
                        silentlyDropped
                                .computeIfAbsent(m.symbol, k -> new ArrayList<>())
                                .add(print(m.symbol, step.print()));
                    } else if (step.print() != null) {
                        add(byTopic, "T." + m.symbol, trade(m.symbol, step.print()));
                    }
                    add(byTopic, "Q." + m.symbol, quote(m.symbol, step.nbbo()));
                }
                // Sent under the market lock so REST never serves a bar before the socket has sent it.
                if (!broadcast(byTopic) && !byTopic.isEmpty()) faults.withheld(System.currentTimeMillis());
                // Minutes closed in this tick that no connection able to receive them got: what a client may miss.
                if (faults.anyOpen()) closedMinutes.forEach(faults::skipped);
            }
        } catch (RuntimeException e) {
            log.warn("fake polygon tick failed: {}", e.toString());
        }
    }

    private static void add(Map<String, List<String>> byTopic, String topic, String json) {
        byTopic.computeIfAbsent(topic, k -> new ArrayList<>()).add(json);
    }

    /** One array frame per connection with every element it subscribed to. */
    private boolean broadcast(Map<String, List<String>> byTopic) {
        boolean any = false;
        long now = System.nanoTime();
        for (WebSocket c : ws.getConnections()) {
            Peer p = c.getAttachment();
            if (p == null || !p.authed || now - p.stalledUntilNanos < 0 || !c.isOpen()) continue;
            StringBuilder frame = new StringBuilder(512).append('[');
            for (Map.Entry<String, List<String>> e : byTopic.entrySet()) {
                if (!p.subscribed(e.getKey())) continue;
                for (String json : e.getValue()) {
                    if (frame.length() > 1) frame.append(',');
                    frame.append(json);
                }
            }
            if (frame.length() > 1) {
                faults.delivered(p.serial, p.stalled);
                p.stalled = false;
                any = true;
                c.send(frame.append(']').toString());
            }
        }
        return any;
    }

    private static String trade(String symbol, EquitySimMarket.Print p) {
        StringBuilder sb = new StringBuilder(200)
                .append("{\"ev\":\"T\",\"sym\":\"")
                .append(symbol)
                .append("\",\"i\":\"")
                .append(p.id())
                .append("\",\"x\":")
                .append(p.exchange())
                .append(",\"p\":")
                .append(price(p.priceCents()))
                .append(",\"s\":")
                .append(p.shares())
                .append(",\"c\":[")
                .append(p.shares() < 100 ? "37" : "12")
                .append("],\"t\":")
                .append(p.timeMs())
                .append(",\"pt\":")
                .append(p.timeMs() - 3)
                .append(",\"q\":")
                .append(p.id())
                .append(",\"z\":3");
        if (p.trf() != null)
            sb.append(",\"trfi\":").append(p.trf()).append(",\"trft\":").append(p.timeMs());
        return sb.append(",\"ds\":\"").append(p.shares()).append(".0\"}").toString();
    }

    private static String quote(String symbol, EquitySimMarket.Nbbo q) {
        return "{\"ev\":\"Q\",\"sym\":\"" + symbol + "\",\"bx\":12,\"bp\":" + price(q.bidCents()) + ",\"bs\":"
                + q.bidShares() + ",\"ax\":11,\"ap\":" + price(q.askCents()) + ",\"as\":" + q.askShares()
                + ",\"i\":[604],\"t\":" + q.timeMs() + ",\"pt\":" + (q.timeMs() - 2) + ",\"q\":" + q.timeMs()
                + ",\"z\":3}";
    }

    private static String aggregate(String ev, EquitySimMarket m, EquitySimMarket.Agg a) {
        return "{\"ev\":\"" + ev + "\",\"sym\":\"" + m.symbol + "\",\"v\":" + a.volume() + ",\"av\":" + m.dayVolume()
                + ",\"op\":" + price(m.dayOpenCents()) + ",\"vw\":" + a.vwap() + ",\"o\":" + price(a.openCents())
                + ",\"c\":" + price(a.closeCents()) + ",\"h\":" + price(a.highCents()) + ",\"l\":"
                + price(a.lowCents()) + ",\"a\":" + m.dayVwap() + ",\"z\":" + a.volume() / a.trades() + ",\"s\":"
                + a.start() + ",\"e\":" + a.end() + "}";
    }

    private static String price(long cents) {
        long frac = cents % 100;
        return (cents / 100) + "." + (frac < 10 ? "0" : "") + frac;
    }

    private static SimBar bar(String symbol, EquitySimMarket.Agg a) {
        return new SimBar(
                symbol,
                a.start(),
                a.openCents() / 100.0,
                a.highCents() / 100.0,
                a.lowCents() / 100.0,
                a.closeCents() / 100.0,
                a.volume(),
                a.vwap());
    }

    // ---- control messages ------------------------------------------------------------------------------------

    private void onControl(WebSocket c, Peer p, String text) {
        JsonNode req;
        try {
            req = MAPPER.readTree(text);
        } catch (IOException e) {
            c.send(status("error", "invalid message"));
            return;
        }
        String action = req.path("action").asText("");
        String params = req.path("params").asText("");
        switch (action) {
            case "auth" -> {
                authAttempts.incrementAndGet();
                boolean ok = !rejectAuth
                        && !params.isEmpty()
                        && (options.apiKey() == null || options.apiKey().equals(params));
                if (ok) {
                    p.authed = true;
                    c.send(status("auth_success", "authenticated"));
                } else {
                    c.send(status("auth_failed", "authentication failed"));
                    c.close(CloseFrame.POLICY_VALIDATION, "authentication failed");
                }
            }
            case "subscribe", "unsubscribe" -> {
                if (!p.authed) {
                    c.send(status("auth_required", "authentication required"));
                    return;
                }
                StringBuilder acks = new StringBuilder("[");
                for (String raw : params.split(",")) {
                    String topic = raw.trim(); // the docs show spaces after commas
                    if (topic.isEmpty()) continue;
                    synchronized (p) {
                        if (action.equals("subscribe")) p.topics.add(topic);
                        else p.topics.remove(topic);
                    }
                    if (acks.length() > 1) acks.append(',');
                    acks.append(statusObject("success", action + "d to: " + topic));
                }
                c.send(acks.append(']').toString());
            }
            default -> c.send(status("error", "unknown action: " + action));
        }
    }

    private static String status(String status, String message) {
        return "[" + statusObject(status, message) + "]";
    }

    private static String statusObject(String status, String message) {
        return MAPPER.createObjectNode()
                .put("ev", "status")
                .put("status", status)
                .put("message", message)
                .toString();
    }

    // ---- REST --------------------------------------------------------------------------------------------------

    private void serveAggs(HttpExchange ex) throws IOException {
        try (ex) {
            restRequests.incrementAndGet();
            Map<String, String> q = query(ex.getRequestURI());
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String key = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : q.get("apiKey");
            String requestId = Long.toHexString(System.nanoTime());
            if (key == null
                    || key.isEmpty()
                    || (options.apiKey() != null && !options.apiKey().equals(key))) {
                respond(
                        ex,
                        401,
                        "{\"status\":\"ERROR\",\"request_id\":\"" + requestId + "\",\"error\":\"Unknown API Key\"}");
                return;
            }
            // /v2/aggs/ticker/{T}/range/{m}/{timespan}/{from}/{to}
            String[] parts = ex.getRequestURI().getPath().split("/");
            if (parts.length != 10
                    || !parts[5].equals("range")
                    || !parts[6].equals("1")
                    || !parts[7].equals("minute")) {
                respond(
                        ex,
                        400,
                        "{\"status\":\"ERROR\",\"request_id\":\"" + requestId
                                + "\",\"error\":\"only /v2/aggs/ticker/{T}/range/1/minute/{from}/{to} is simulated\"}");
                return;
            }
            String ticker = parts[4];
            long from = bound(parts[8], false);
            long to = bound(parts[9], true);
            int offset = q.containsKey("cursor") ? cursorOffset(q.get("cursor")) : 0;
            int limit = Math.min(options.restPageSize(), Integer.parseInt(q.getOrDefault("limit", "5000")));
            List<EquitySimMarket.Agg> all;
            EquitySimMarket m;
            synchronized (markets) {
                m = markets.get(ticker);
                all = m == null ? List.of() : m.minuteBars(from, to);
            }
            List<EquitySimMarket.Agg> page =
                    all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()));
            StringBuilder sb = new StringBuilder(256 + page.size() * 120)
                    .append("{\"ticker\":\"")
                    .append(ticker)
                    .append("\",\"queryCount\":")
                    .append(page.size())
                    .append(",\"resultsCount\":")
                    .append(page.size())
                    .append(",\"adjusted\":true,\"results\":[");
            for (int i = 0; i < page.size(); i++) {
                EquitySimMarket.Agg a = page.get(i);
                if (i > 0) sb.append(',');
                sb.append("{\"v\":")
                        .append(a.volume())
                        .append(",\"vw\":")
                        .append(a.vwap())
                        .append(",\"o\":")
                        .append(price(a.openCents()))
                        .append(",\"c\":")
                        .append(price(a.closeCents()))
                        .append(",\"h\":")
                        .append(price(a.highCents()))
                        .append(",\"l\":")
                        .append(price(a.lowCents()))
                        .append(",\"t\":")
                        .append(a.start())
                        .append(",\"n\":")
                        .append(a.trades())
                        .append('}');
            }
            sb.append("],\"status\":\"OK\",\"request_id\":\"")
                    .append(requestId)
                    .append("\",\"count\":")
                    .append(page.size());
            if (offset + limit < all.size()) {
                String cursor = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(("offset=" + (offset + limit)).getBytes(StandardCharsets.US_ASCII));
                // Like the venue: absolute URL, no apiKey (the client re-applies auth).
                sb.append(",\"next_url\":\"")
                        .append(restUrl())
                        .append(ex.getRequestURI().getRawPath())
                        .append("?cursor=")
                        .append(cursor)
                        .append('"');
            }
            respond(ex, 200, sb.append('}').toString());
        } catch (RuntimeException e) {
            respond(ex, 400, "{\"status\":\"ERROR\",\"error\":\"" + e.getClass().getSimpleName() + "\"}");
        }
    }

    /** {@code from}/{@code to}: epoch ms or {@code YYYY-MM-DD} (a whole New York day). */
    private static long bound(String s, boolean end) {
        if (s.indexOf('-') > 0) {
            LocalDate d = LocalDate.parse(s);
            return end
                    ? d.plusDays(1).atStartOfDay(NEW_YORK).toInstant().toEpochMilli() - 1
                    : d.atStartOfDay(NEW_YORK).toInstant().toEpochMilli();
        }
        return Long.parseLong(s);
    }

    private static int cursorOffset(String cursor) {
        String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
        return Integer.parseInt(decoded.substring(decoded.indexOf('=') + 1));
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) return out;
        for (String kv : raw.split("&")) {
            int i = kv.indexOf('=');
            if (i > 0) {
                out.put(
                        URLDecoder.decode(kv.substring(0, i), StandardCharsets.UTF_8),
                        URLDecoder.decode(kv.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private EquitySimMarket market(String symbol) {
        EquitySimMarket m = markets.get(symbol.trim().toUpperCase(Locale.ROOT));
        if (m == null) throw new IllegalArgumentException("unknown symbol " + symbol);
        return m;
    }

    /** Per-connection state. */
    private static final class Peer {
        final Set<String> topics = new LinkedHashSet<>();
        volatile boolean authed;
        volatile long stalledUntilNanos = System.nanoTime();
        volatile boolean stalled;
        /** Order of opening among this venue's connections (1 = first). */
        volatile long serial;

        /** {@code T.AAPL} matches {@code T.AAPL} and {@code T.*}. */
        synchronized boolean subscribed(String topic) {
            if (topics.contains(topic)) return true;
            int dot = topic.indexOf('.');
            return topics.contains(topic.substring(0, dot) + ".*");
        }
    }

    private final class Ws extends FakeWsServer {
        Ws(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String path = URI.create(handshake.getResourceDescriptor()).getPath();
            if (!path.equals("/stocks")) {
                conn.close(CloseFrame.POLICY_VALIDATION, "unknown cluster " + path);
                return;
            }
            if (System.nanoTime() - refuseUntilNanos < 0) {
                conn.close(CloseFrame.TRY_AGAIN_LATER, "maintenance");
                return;
            }
            Peer p = new Peer();
            p.serial = connectionsOpened.incrementAndGet();
            conn.setAttachment(p);
            conn.send(status("connected", "Connected Successfully"));
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            // nothing kept per connection beyond its attachment
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            Peer p = conn.getAttachment();
            if (p != null) onControl(conn, p, message);
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            log.debug("fake polygon socket error: {}", ex.toString());
        }
    }
}
