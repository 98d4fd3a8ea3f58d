package dev.ticktape.venuesim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.ticktape.model.BookUpdate.Level;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Binance Spot venue speaking the real wire protocol: market streams on {@code /stream?streams=a/b}
 * (combined envelope) and {@code /ws/<stream>} (raw), live {@code SUBSCRIBE}/{@code UNSUBSCRIBE}/
 * {@code LIST_SUBSCRIPTIONS}, server pings with a pong deadline, the per-connection stream and message limits,
 * and REST {@code /api/v3/depth}, {@code /api/v3/historicalTrades}, {@code /api/v3/aggTrades}, {@code /api/v3/klines}
 * with {@code X-MBX-USED-WEIGHT-1M}. The market is a seeded random walk that runs whether or not anyone listens and
 * keeps its trade history, so gap-fill can be served and a run can be checked against the truth.
 *
 * <p>Fault injection for tests: {@link #abruptClose()}, {@link #stopPongs()}, {@link #sendServerShutdown()},
 * {@link #dropNextDepthUpdate()}, {@link #stall(Duration)}, {@link #lagOpenConnections(Duration)},
 * {@link #serveStaleSnapshots(String, int)}, {@link #dropTradesSilently(String, int)}. Each fault is recorded as the
 * venue saw it ({@link #faults()}): when it took effect, when the venue next delivered market data, and the ids it
 * produced meanwhile without delivering them; silent drops are listed apart. {@link #start(FakeBinanceOptions, long,
 * long)} runs a venue clock faster than real time. Binds 127.0.0.1 only.
 *
 * <p>A SUBSCRIBE naming a stream the venue does not serve (a symbol it does not list, a symbol that is not lower-case
 * letters and digits, an unknown stream type) is refused as a whole with an error reply in the documented shape
 * {@code {"code":2,"msg":"Invalid request: ...","id":N}} (the exact text for this case is not documented: constructed)
 * and recorded as a {@code SUBSCRIPTION_REFUSED} fault naming the instruments of every stream in the request.
 */
public final class FakeBinanceServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FakeBinanceServer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The stream names this venue serves: lower-case symbol, then a market stream type. */
    private static final Pattern STREAM = Pattern.compile(
            "([a-z0-9]+)@(trade|aggTrade|bookTicker|depth(5|10|20)?(@100ms|@1000ms)?|kline_(1s|1m|5m|15m|1h|1d))");

    private final AtomicLong framesSent = new AtomicLong();

    /** A trade as the venue recorded it, in normalized units. {@code buyerMaker} true = sell aggressor. */
    public record SimTradeView(String symbol, long id, double price, double qty, long timeMs, boolean buyerMaker) {}

    /** The venue's true book, in normalized units, bids best first. */
    public record SimBook(String symbol, long lastUpdateId, List<Level> bids, List<Level> asks) {}

    private final FakeBinanceOptions options;
    private final Map<String, SimMarket> markets = new LinkedHashMap<>();
    private final Set<String> quiet = new HashSet<>();
    private final Ws ws;
    private final FakeVenueHost host;
    private final Set<String> dropDepth = new LinkedHashSet<>();
    private final AtomicInteger connectionsOpened = new AtomicInteger();
    private final AtomicInteger limitDisconnects = new AtomicInteger();
    private final AtomicInteger maxStreamsSeen = new AtomicInteger();
    private final AtomicLong restWeightUsed = new AtomicLong();
    private volatile long weightWindowStartMs = System.currentTimeMillis();
    private volatile boolean paused;
    private final SimKlines klines = new SimKlines();
    private final Map<String, Integer> silentDrops = new HashMap<>();
    private final Map<String, List<SimTradeView>> silentlyDropped = new HashMap<>();
    private long clockStartMs;
    private long clockStepMs; // 0: the wall clock
    private long steps;
    private volatile long venueTimeMs;
    private final FaultLog faults = new FaultLog();
    /** Per symbol: stale snapshots still to serve, and the index of their fault record. */
    private final Map<String, int[]> staleSnapshots = new HashMap<>();

    private final Map<String, List<Long>> depthRequests = new HashMap<>();

    private FakeBinanceServer(FakeBinanceOptions options) {
        this.options = options;
        for (String s : options.symbols()) {
            String sym = s.trim().toUpperCase(Locale.ROOT);
            markets.put(sym, new SimMarket(sym, options.seed()));
        }
        for (String s : options.quietSymbols()) quiet.add(s.trim().toUpperCase(Locale.ROOT));
        this.ws = new Ws(new InetSocketAddress("127.0.0.1", options.wsPort()));
        this.host = new FakeVenueHost("fake-binance", ws, 0, "/api/v3/", this::serveRest);
    }

    /** Starts a server with production heartbeat timings. */
    public static FakeBinanceServer start(int port, long seed, List<String> symbols) {
        return start(FakeBinanceOptions.defaults(port, seed, symbols));
    }

    public static FakeBinanceServer start(FakeBinanceOptions options) {
        return start(new FakeBinanceServer(options));
    }

    private static FakeBinanceServer start(FakeBinanceServer s) {
        FakeBinanceOptions options = s.options;
        s.host.start(true, "WebSocket server"); // this server drives its own ping/pong deadline
        long tickMs = options.tick().toMillis();
        s.host.exec().scheduleAtFixedRate(s::tick, tickMs, Math.max(1, tickMs), TimeUnit.MILLISECONDS);
        long pingMs = options.pingInterval().toMillis();
        s.host.exec().scheduleAtFixedRate(s::pingAll, pingMs, pingMs, TimeUnit.MILLISECONDS);
        log.info("fake binance listening: ws {} rest {} symbols {}", s.wsUrl(), s.restUrl(), s.markets.keySet());
        return s;
    }

    /**
     * A venue whose clock starts at {@code startMs} and advances {@code stepMs} per market tick instead of following
     * the wall clock: a test covers minutes of trades in seconds (historical timestamps, as a replay has).
     */
    public static FakeBinanceServer start(FakeBinanceOptions options, long startMs, long stepMs) {
        if (stepMs < 1) throw new IllegalArgumentException("stepMs must be >= 1");
        FakeBinanceServer s = new FakeBinanceServer(options);
        s.clockStartMs = startMs;
        s.clockStepMs = stepMs;
        s.venueTimeMs = startMs;
        return start(s);
    }

    /** Base WebSocket URL, e.g. {@code ws://127.0.0.1:port}; append {@code /stream} or {@code /ws/<stream>}. */
    public String wsUrl() {
        return host.wsUrl("");
    }

    /** Base REST URL, e.g. {@code http://127.0.0.1:port}. */
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

    /** Treats pongs on the open connections as missing, so each is dropped at its pong deadline. */
    public void stopPongs() {
        for (WebSocket c : ws.getConnections()) peer(c).ignorePongs = true;
    }

    /** Sends {@code serverShutdown} on every open connection and closes them after the shutdown grace. */
    public void sendServerShutdown() {
        faults.begin(InjectedFault.Kind.SERVER_SHUTDOWN, List.of(), "serverShutdown", connectionsOpened.get());
        String payload = "{\"e\":\"serverShutdown\",\"E\":" + System.currentTimeMillis() + "}";
        List<WebSocket> conns = List.copyOf(ws.getConnections());
        for (WebSocket c : conns) {
            Peer p = peer(c);
            c.send(p.combined ? "{\"stream\":\"!serverShutdown\",\"data\":" + payload + "}" : payload);
        }
        host.exec()
                .schedule(
                        () -> conns.forEach(c -> c.close(CloseFrame.GOING_AWAY, "server shutdown")),
                        options.shutdownGrace().toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    /** Skips sending the next depth update of every symbol (the ids are consumed: a sequence gap). */
    public void dropNextDepthUpdate() {
        synchronized (markets) {
            dropDepth.addAll(markets.keySet());
        }
    }

    /** Stops sending market data on the open connections for {@code d}; pings continue. */
    public void stall(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        faults.begin(InjectedFault.Kind.STALL, List.of(), "stall " + d.toMillis() + " ms", connectionsOpened.get());
        for (WebSocket c : ws.getConnections()) {
            peer(c).stalledUntilNanos = until;
            peer(c).stalled = true;
        }
    }

    /**
     * Delays every later market frame to the connections open now by {@code d} (in order, nothing lost); connections
     * opened afterwards get theirs at once. A client that overlaps an old and a new connection then receives the new
     * connection's frames before the old one's predecessors, as a loaded machine or a slower route can do.
     */
    public void lagOpenConnections(Duration d) {
        faults.begin(InjectedFault.Kind.LAG, List.of(), "lag " + d.toMillis() + " ms", connectionsOpened.get());
        for (WebSocket c : ws.getConnections()) peer(c).lagMillis = d.toMillis();
    }

    /**
     * Answers the next {@code count} depth snapshot requests for {@code symbol} with a snapshot older than every
     * update the stream has sent ({@code lastUpdateId} 1), as a lagging REST replica would.
     */
    public void serveStaleSnapshots(String symbol, int count) {
        synchronized (staleSnapshots) {
            staleSnapshots.put(symbol.toUpperCase(Locale.ROOT), new int[] {count, -1, 0});
        }
    }

    /** Wall-clock times of the depth snapshot requests for {@code symbol}, in order. */
    public List<Long> depthRequests(String symbol) {
        synchronized (staleSnapshots) {
            return List.copyOf(depthRequests.getOrDefault(symbol.toUpperCase(Locale.ROOT), List.of()));
        }
    }

    /** Every fault injected so far, as the venue saw it, in order. */
    public List<InjectedFault> faults() {
        return faults.faults();
    }

    /** Freezes the market (no new events) so a test can compare a client's state with the truth. */
    public void pauseMarket() {
        synchronized (markets) {
            paused = true;
        }
    }

    public void resumeMarket() {
        paused = false;
    }

    /**
     * The next {@code n} trades of {@code symbol} are matched (they count in the klines) but never sent, never in the
     * trade endpoints, and their ids go to the following trades: a loss no client can detect from the stream.
     * {@link #silentlyDropped(String)} lists them.
     */
    public void dropTradesSilently(String symbol, int n) {
        synchronized (markets) {
            silentDrops.merge(market(symbol).symbol, n, Integer::sum);
        }
    }

    // ---- inspection ------------------------------------------------------------------------------------------

    /** The trades {@link #dropTradesSilently} kept from the stream, oldest first. */
    public List<SimTradeView> silentlyDropped(String symbol) {
        synchronized (markets) {
            return List.copyOf(silentlyDropped.getOrDefault(market(symbol).symbol, List.of()));
        }
    }

    /** The venue time of the latest market step (the wall clock unless started with a venue clock). */
    public long venueTimeMs() {
        return venueTimeMs;
    }

    public List<SimTradeView> trades(String symbol) {
        synchronized (markets) {
            SimMarket m = market(symbol);
            return m.history().stream().map(t -> view(m.symbol, t)).toList();
        }
    }

    public SimBook book(String symbol) {
        synchronized (markets) {
            return market(symbol).book();
        }
    }

    public int openConnections() {
        return ws.getConnections().size();
    }

    public int connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Connections closed for breaking the stream or message-rate limit. */
    public int limitDisconnects() {
        return limitDisconnects.get();
    }

    public int maxStreamsOnOneConnection() {
        return maxStreamsSeen.get();
    }

    @Override
    public void close() {
        host.close();
    }

    // ---- market loop -----------------------------------------------------------------------------------------

    private void tick() {
        try {
            Map<String, String> frames = new LinkedHashMap<>();
            Map<String, Long> newTrades = new LinkedHashMap<>();
            synchronized (markets) {
                if (paused) return;
                long now = clockStepMs > 0 ? clockStartMs + steps++ * clockStepMs : System.currentTimeMillis();
                venueTimeMs = now;
                for (SimMarket m : markets.values()) {
                    SimMarket.Step step = m.step(now);
                    String lower = m.symbol.toLowerCase(Locale.ROOT);
                    if (!dropDepth.remove(m.symbol)) {
                        frames.put(lower + "@depth", depthUpdate(m.symbol, step));
                    } else {
                        List<Long> ids = new ArrayList<>();
                        for (long id = step.firstUpdateId(); id <= step.lastUpdateId(); id++) ids.add(id);
                        faults.record(
                                InjectedFault.Kind.SEQUENCE_GAP,
                                step.timeMs(),
                                step.timeMs(),
                                List.of(m.symbol),
                                Map.of(m.symbol, ids),
                                "depth update withheld");
                    }
                    frames.put(lower + "@bookTicker", bookTicker(m));
                    if (step.trade() != null) klines.record(m.symbol, step.trade());
                    if (step.trade() != null && silentDrops.getOrDefault(m.symbol, 0) > 0) {
                        silentDrops.merge(m.symbol, -1, Integer::sum);
                        m.forget(step.trade());
                        silentlyDropped
                                .computeIfAbsent(m.symbol, k -> new ArrayList<>())
                                .add(view(m.symbol, step.trade()));
                    } else if (step.trade() != null) {
                        frames.put(lower + "@trade", trade(m.symbol, step.trade(), now));
                        newTrades.put(m.symbol, step.trade().id());
                    }
                }
                // Sent under the market lock so that a REST snapshot never runs ahead of what was sent.
                if (!broadcast(frames) && !frames.isEmpty()) faults.withheld(now);
                // Trades of this tick that no connection able to receive them got: what a client may miss.
                if (faults.anyOpen()) newTrades.forEach(faults::skipped);
            }
        } catch (RuntimeException e) {
            log.warn("fake binance tick failed: {}", e.toString());
        }
    }

    /** Market-data frames sent so far over all connections: the rate oracle for tests of feed statistics. */
    public long framesSent() {
        return framesSent.get();
    }

    /** Sends market frames to the subscribed connections; true when any connection got one. */
    private boolean broadcast(Map<String, String> frames) {
        boolean any = false;
        long now = System.nanoTime();
        for (WebSocket c : ws.getConnections()) {
            Peer p = peer(c);
            if (p == null || now - p.stalledUntilNanos < 0 || !c.isOpen()) continue;
            boolean delivered = false;
            for (Map.Entry<String, String> f : frames.entrySet()) {
                String stream = p.subscribedAs(f.getKey());
                if (stream == null) continue;
                if (!delivered) {
                    delivered = true;
                    any = true;
                    faults.delivered(p.serial, p.stalled);
                    p.stalled = false;
                }
                String text =
                        p.combined ? "{\"stream\":\"" + stream + "\",\"data\":" + f.getValue() + "}" : f.getValue();
                if (p.lagMillis > 0) {
                    // The venue's single thread runs these in deadline order, so the lagged stream keeps its order.
                    host.exec().schedule(() -> sendIfOpen(c, text), p.lagMillis, TimeUnit.MILLISECONDS);
                } else {
                    c.send(text);
                }
                framesSent.incrementAndGet();
            }
        }
        return any;
    }

    private static void sendIfOpen(WebSocket c, String text) {
        if (c.isOpen()) c.send(text);
    }

    private static String depthUpdate(String symbol, SimMarket.Step s) {
        StringBuilder sb = new StringBuilder(256)
                .append("{\"e\":\"depthUpdate\",\"E\":")
                .append(s.timeMs())
                .append(",\"s\":\"")
                .append(symbol)
                .append("\",\"U\":")
                .append(s.firstUpdateId())
                .append(",\"u\":")
                .append(s.lastUpdateId())
                .append(",\"b\":");
        levels(sb, s.bidChanges());
        sb.append(",\"a\":");
        levels(sb, s.askChanges());
        return sb.append('}').toString();
    }

    private static void levels(StringBuilder sb, List<long[]> levels) {
        sb.append('[');
        for (int i = 0; i < levels.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append("[\"")
                    .append(SimFormat.price(levels.get(i)[0]))
                    .append("\",\"")
                    .append(SimFormat.qty(levels.get(i)[1]))
                    .append("\"]");
        }
        sb.append(']');
    }

    private static String bookTicker(SimMarket m) {
        return "{\"u\":" + m.lastUpdateId() + ",\"s\":\"" + m.symbol + "\",\"b\":\"" + SimFormat.price(m.bestBid())
                + "\",\"B\":\"" + SimFormat.qty(m.bestBidQty()) + "\",\"a\":\"" + SimFormat.price(m.bestAsk())
                + "\",\"A\":\"" + SimFormat.qty(m.bestAskQty()) + "\"}";
    }

    private static String trade(String symbol, SimMarket.SimTrade t, long eventTime) {
        return "{\"e\":\"trade\",\"E\":" + eventTime + ",\"s\":\"" + symbol + "\",\"t\":" + t.id() + ",\"p\":\""
                + SimFormat.price(t.priceTicks()) + "\",\"q\":\"" + SimFormat.qty(t.qtyLots()) + "\",\"T\":"
                + t.timeMs() + ",\"m\":" + t.buyerMaker() + ",\"M\":true}";
    }

    private void pingAll() {
        long now = System.nanoTime();
        long timeout = options.pongTimeout().toNanos();
        for (WebSocket c : ws.getConnections()) {
            Peer p = peer(c);
            if (p == null || !c.isOpen()) continue;
            if (now - p.lastPongNanos > timeout) {
                if (p.ignorePongs) {
                    faults.begin(
                            InjectedFault.Kind.DISCONNECT, List.of(), "1008 pong timeout", connectionsOpened.get());
                }
                c.close(CloseFrame.POLICY_VALIDATION, "pong timeout");
                continue;
            }
            c.sendPing();
        }
    }

    // ---- control messages ------------------------------------------------------------------------------------

    private void onControl(WebSocket c, Peer p, String text) {
        if (!p.countIncoming()) {
            limitDisconnects.incrementAndGet();
            c.close(CloseFrame.POLICY_VALIDATION, "too many messages");
            return;
        }
        JsonNode req;
        try {
            req = MAPPER.readTree(text);
        } catch (IOException e) {
            c.send("{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"}");
            return;
        }
        JsonNode id = req.get("id");
        if (id == null || !(id.isIntegralNumber() || id.isTextual() || id.isNull())) {
            c.send("{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"}");
            return;
        }
        String method = req.path("method").asText("");
        switch (method) {
            case "SUBSCRIBE", "UNSUBSCRIBE" -> {
                if (method.equals("SUBSCRIBE") && refused(c, req.path("params"), id)) return;
                synchronized (p) {
                    for (JsonNode s : req.path("params")) {
                        if (method.equals("SUBSCRIBE")) p.streams.add(s.asText());
                        else p.streams.remove(s.asText());
                    }
                }
                maxStreamsSeen.accumulateAndGet(p.streams.size(), Math::max);
                if (p.streams.size() > options.maxStreams()) {
                    limitDisconnects.incrementAndGet();
                    c.close(CloseFrame.POLICY_VALIDATION, "too many streams");
                    return;
                }
                c.send("{\"result\":null,\"id\":" + id + "}");
            }
            case "LIST_SUBSCRIPTIONS" -> {
                String list;
                synchronized (p) {
                    list = MAPPER.valueToTree(List.copyOf(p.streams)).toString();
                }
                c.send("{\"result\":" + list + ",\"id\":" + id + "}");
            }
            default ->
                c.send("{\"code\":2,\"msg\":\"Invalid request: unknown variant " + method
                        + ", expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`,"
                        + " `GET_PROPERTY` at line 1 column 28\",\"id\":" + id + "}");
        }
    }

    /** Whether the venue lists {@code symbol}: it trades here, or is one of the quiet symbols. */
    private boolean listed(String symbol) {
        return markets.containsKey(symbol) || quiet.contains(symbol);
    }

    /**
     * Refuses a SUBSCRIBE that names a stream this venue does not serve: the error reply, nothing of the request
     * subscribed, and the fault recorded. False when every stream is served.
     */
    private boolean refused(WebSocket c, JsonNode params, JsonNode id) {
        String bad = null;
        List<String> instruments = new ArrayList<>();
        for (JsonNode s : params) {
            String name = s.asText();
            Matcher m = STREAM.matcher(name);
            boolean served;
            synchronized (markets) {
                served = s.isTextual() && m.matches() && listed(m.group(1).toUpperCase(Locale.ROOT));
            }
            if (!served && bad == null) bad = name;
            int at = name.indexOf('@');
            String instrument = (at < 0 ? name : name.substring(0, at)).toUpperCase(Locale.ROOT);
            if (!instruments.contains(instrument)) instruments.add(instrument);
        }
        if (bad == null) return false;
        String msg = "Invalid request: unknown stream " + bad;
        long now = System.currentTimeMillis();
        faults.record(InjectedFault.Kind.SUBSCRIPTION_REFUSED, now, now, instruments, Map.of(), msg);
        c.send(MAPPER.createObjectNode()
                .put("code", 2)
                .put("msg", msg)
                .set("id", id)
                .toString());
        return true;
    }

    // ---- REST ------------------------------------------------------------------------------------------------

    private void serveRest(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> q = query(ex.getRequestURI());
            String path = ex.getRequestURI().getPath();
            int weight = switch (path) {
                case "/api/v3/depth" -> 5;
                case "/api/v3/aggTrades" -> 4;
                case "/api/v3/klines" -> 2;
                default -> 25;
            };
            long used = useWeight(weight);
            String staleFor = null;
            if (path.equals("/api/v3/depth")) {
                String sym = q.getOrDefault("symbol", "");
                synchronized (staleSnapshots) {
                    depthRequests.computeIfAbsent(sym, k -> new ArrayList<>()).add(System.currentTimeMillis());
                    int[] stale = staleSnapshots.get(sym);
                    if (stale != null && stale[0] > 0) {
                        stale[0]--;
                        stale[2]++;
                        staleFor = sym;
                        long nowMs = System.currentTimeMillis();
                        if (stale[1] < 0) {
                            faults.record(
                                    InjectedFault.Kind.STALE_SNAPSHOT,
                                    nowMs,
                                    nowMs,
                                    List.of(sym),
                                    Map.of(),
                                    "1 stale snapshot");
                            stale[1] = faults.faults().size() - 1;
                        } else {
                            faults.extend(stale[1], nowMs, stale[2] + " stale snapshots");
                        }
                    }
                }
            }
            ex.getResponseHeaders().add("X-MBX-USED-WEIGHT-1M", Long.toString(used));
            ex.getResponseHeaders().add("Content-Type", "application/json;charset=UTF-8");
            if (used > options.restWeightPerMinute()) {
                ex.getResponseHeaders().add("Retry-After", "1");
                respond(ex, 429, "{\"code\":-1003,\"msg\":\"Too many requests.\"}");
                return;
            }
            String body;
            synchronized (markets) {
                SimMarket m = markets.get(q.getOrDefault("symbol", ""));
                if (m == null) {
                    respond(ex, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                    return;
                }
                int limit = Integer.parseInt(q.getOrDefault("limit", path.equals("/api/v3/depth") ? "100" : "500"));
                body = switch (path) {
                    case "/api/v3/depth" -> depthSnapshot(m, Math.min(limit, 5000), staleFor != null);
                    case "/api/v3/historicalTrades", "/api/v3/trades" -> historicalTrades(tradesFor(m, q, limit));
                    case "/api/v3/aggTrades" -> aggTrades(tradesFor(m, q, limit));
                    case "/api/v3/klines" -> klines(m.symbol, q, limit);
                    default -> null;
                };
            }
            if (body == null) respond(ex, 404, "{\"code\":-1000,\"msg\":\"Unknown endpoint.\"}");
            else respond(ex, 200, body);
        } catch (RuntimeException e) {
            respond(ex, 400, "{\"code\":-1100,\"msg\":\"Illegal characters found in a parameter.\"}");
        }
    }

    /** {@code interval} 1s or 1m, {@code startTime}/{@code endTime} inclusive, at most 1000 rows. */
    private String klines(String symbol, Map<String, String> q, int limit) {
        long intervalMs = switch (q.getOrDefault("interval", "")) {
            case "1s" -> 1_000;
            case "1m" -> 60_000;
            default -> throw new IllegalArgumentException("only 1s and 1m klines are simulated");
        };
        long start = Long.parseLong(q.getOrDefault("startTime", "0"));
        long end = Long.parseLong(q.getOrDefault("endTime", Long.toString(Long.MAX_VALUE)));
        return klines.body(symbol, intervalMs, start, end, Math.min(Math.max(limit, 1), 1000));
    }

    private long useWeight(int weight) {
        long now = System.currentTimeMillis();
        if (now / 60_000 != weightWindowStartMs / 60_000) {
            weightWindowStartMs = now;
            restWeightUsed.set(0);
        }
        return restWeightUsed.addAndGet(weight);
    }

    private static List<SimMarket.SimTrade> tradesFor(SimMarket m, Map<String, String> q, int limit) {
        int n = Math.min(Math.max(limit, 1), 1000);
        String from = q.get("fromId");
        return from == null ? m.recentTrades(n) : m.tradesFrom(Long.parseLong(from), n);
    }

    private static String depthSnapshot(SimMarket m, int limit, boolean stale) {
        StringBuilder sb = new StringBuilder("{\"lastUpdateId\":")
                .append(stale ? 1 : m.lastUpdateId())
                .append(",\"bids\":");
        levels(sb, m.bidLevels(limit));
        sb.append(",\"asks\":");
        levels(sb, m.askLevels(limit));
        return sb.append('}').toString();
    }

    private static String historicalTrades(List<SimMarket.SimTrade> trades) {
        StringBuilder sb = new StringBuilder("[");
        for (SimMarket.SimTrade t : trades) {
            if (sb.length() > 1) sb.append(',');
            double quote = t.priceTicks() / 100.0 * t.qtyLots() / 1e8;
            sb.append("{\"id\":")
                    .append(t.id())
                    .append(",\"price\":\"")
                    .append(SimFormat.price(t.priceTicks()))
                    .append("\",\"qty\":\"")
                    .append(SimFormat.qty(t.qtyLots()))
                    .append("\",\"quoteQty\":\"")
                    .append(String.format(Locale.ROOT, "%.8f", quote))
                    .append("\",\"time\":")
                    .append(t.timeMs())
                    .append(",\"isBuyerMaker\":")
                    .append(t.buyerMaker())
                    .append(",\"isBestMatch\":true}");
        }
        return sb.append(']').toString();
    }

    /** Each simulated fill is its own aggregate, so aggregate id = trade id. */
    private static String aggTrades(List<SimMarket.SimTrade> trades) {
        StringBuilder sb = new StringBuilder("[");
        for (SimMarket.SimTrade t : trades) {
            if (sb.length() > 1) sb.append(',');
            sb.append("{\"a\":")
                    .append(t.id())
                    .append(",\"p\":\"")
                    .append(SimFormat.price(t.priceTicks()))
                    .append("\",\"q\":\"")
                    .append(SimFormat.qty(t.qtyLots()))
                    .append("\",\"f\":")
                    .append(t.id())
                    .append(",\"l\":")
                    .append(t.id())
                    .append(",\"T\":")
                    .append(t.timeMs())
                    .append(",\"m\":")
                    .append(t.buyerMaker())
                    .append(",\"M\":true}");
        }
        return sb.append(']').toString();
    }

    private static void respond(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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

    private SimMarket market(String symbol) {
        SimMarket m = markets.get(symbol.toUpperCase(Locale.ROOT));
        if (m == null) throw new IllegalArgumentException("unknown symbol " + symbol);
        return m;
    }

    private static SimTradeView view(String symbol, SimMarket.SimTrade t) {
        return new SimTradeView(
                symbol,
                t.id(),
                Double.parseDouble(SimFormat.price(t.priceTicks())),
                Double.parseDouble(SimFormat.qty(t.qtyLots())),
                t.timeMs(),
                t.buyerMaker());
    }

    private static Peer peer(WebSocket c) {
        return c.getAttachment();
    }

    /** Per-connection state. */
    private final class Peer {
        final Set<String> streams = new LinkedHashSet<>();
        final boolean combined;
        final ArrayDeque<Long> incoming = new ArrayDeque<>();
        volatile long lastPongNanos = System.nanoTime();
        volatile boolean ignorePongs;
        volatile long stalledUntilNanos = System.nanoTime();
        volatile long lagMillis;
        volatile boolean stalled;
        /** Order of opening among this venue's connections (1 = first). */
        volatile long serial;

        Peer(boolean combined) {
            this.combined = combined;
        }

        /** The subscribed name under which a generated stream goes out ({@code @depth} as itself or @100ms). */
        synchronized String subscribedAs(String stream) {
            if (streams.contains(stream)) return stream;
            if (stream.endsWith("@depth") && streams.contains(stream + "@100ms")) return stream + "@100ms";
            return null;
        }

        /** Records one incoming message; false when the per-second limit is exceeded. */
        synchronized boolean countIncoming() {
            long now = System.nanoTime();
            incoming.addLast(now);
            while (!incoming.isEmpty() && now - incoming.peekFirst() >= 1_000_000_000L) incoming.pollFirst();
            return incoming.size() <= options.maxIncomingPerSecond();
        }
    }

    private final class Ws extends FakeWsServer {
        Ws(InetSocketAddress address) {
            super(address);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            String resource = handshake.getResourceDescriptor();
            URI uri = URI.create(resource);
            String path = uri.getPath();
            Peer p;
            if (path.startsWith("/ws")) {
                p = new Peer(false);
                if (path.length() > 4) p.streams.add(path.substring(4));
            } else if (path.startsWith("/stream")) {
                p = new Peer(true);
                String streams = query(uri).get("streams");
                if (streams != null) for (String s : streams.split("/")) if (!s.isEmpty()) p.streams.add(s);
            } else {
                conn.close(CloseFrame.POLICY_VALIDATION, "unknown path " + path);
                return;
            }
            p.serial = connectionsOpened.incrementAndGet();
            conn.setAttachment(p);
            maxStreamsSeen.accumulateAndGet(p.streams.size(), Math::max);
            if (p.streams.size() > options.maxStreams()) {
                limitDisconnects.incrementAndGet();
                conn.close(CloseFrame.POLICY_VALIDATION, "too many streams");
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            // nothing kept per connection beyond its attachment
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            Peer p = peer(conn);
            if (p != null) onControl(conn, p, message);
        }

        @Override
        public void onWebsocketPong(WebSocket conn, Framedata f) {
            Peer p = peer(conn);
            if (p == null) return;
            if (!p.countIncoming()) {
                limitDisconnects.incrementAndGet();
                conn.close(CloseFrame.POLICY_VALIDATION, "too many messages");
                return;
            }
            if (!p.ignorePongs) p.lastPongNanos = System.nanoTime();
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
            log.debug("fake binance socket error: {}", ex.toString());
        }
    }
}
