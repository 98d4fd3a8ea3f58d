package dev.ticktape.app.chaos;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** One kind of fault the chaos run can inject, by its {@code --faults} name. */
public enum Fault {
    GATEWAY_KILL("gateway-kill", "kill -9 the gateway, restart it on the same port", false),
    STREAMS_KILL("streams-kill", "kill -9 one of the two streams instances, restart it on its state dir", false),
    PERSIST_KILL("persist-kill", "kill -9 the DuckDB persist, restart it on its file", false),
    PERSIST_PG_KILL("persist-pg-kill", "kill -9 the PostgreSQL persist, restart it", true),
    BROKER_KILL("broker-kill", "kill -9 the broker, restart it on its data dir", false),
    BROKER_BOUNCE("broker-bounce", "stop the broker cleanly (SIGTERM), restart it on its data dir", false),
    PG_OUTAGE("pg-outage", "cut every PostgreSQL connection at the proxy and refuse new ones for a while", true),
    MALFORMED_BURST("malformed-burst", "10,000 malformed lines on a second gateway connection", false),
    CONNECTION_CUT("connection-cut", "the load's connection closes in the middle of a line", false);

    private final String flag;
    private final String description;
    private final boolean needsPostgres;

    Fault(String flag, String description, boolean needsPostgres) {
        this.flag = flag;
        this.description = description;
        this.needsPostgres = needsPostgres;
    }

    public String flag() {
        return flag;
    }

    public String description() {
        return description;
    }

    /** Only meaningful with a PostgreSQL store ({@code --pg-url}). */
    public boolean needsPostgres() {
        return needsPostgres;
    }

    /** The fault named {@code name} on the command line. */
    public static Fault of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (Fault f : values()) {
            if (f.flag.equals(n)) return f;
        }
        throw new IllegalArgumentException("unknown fault " + name + "; choose from " + names());
    }

    public static List<Fault> parse(List<String> names) {
        return names.stream()
                .filter(s -> !s.isBlank())
                .map(Fault::of)
                .distinct()
                .toList();
    }

    public static String names() {
        return Arrays.stream(values()).map(Fault::flag).collect(Collectors.joining(","));
    }
}
