package dev.ticktape.app.cli;

import dev.ticktape.app.wiring.PlatformSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Probes the fixed ports a command is about to listen on, before anything starts: a taken port then reads as one
 * line naming the port, what wanted it and the flag that moves it, instead of a BindException deep in a stack
 * trace (or, for the broker, retries on the same port).
 */
final class PortCheck {
    /** A port a part will listen on, and the flag that chooses it. */
    record Wanted(String host, int port, String what, String flag) {}

    private PortCheck() {}

    /** The fixed ports of {@code spec}; port 0 (pick a free one) and disabled edges need no check. */
    static List<Wanted> of(PlatformSpec spec) {
        List<Wanted> w = new ArrayList<>();
        if (spec.embeddedBroker() && spec.kafka().broker().port() > 0)
            w.add(new Wanted(
                    spec.kafka().broker().host(), spec.kafka().broker().port(), "kafka broker", "--kafka-port"));
        if (spec.gateway() != null && spec.gateway().config().port() > 0)
            w.add(new Wanted(
                    spec.gateway().config().host(), spec.gateway().config().port(), "ndjson gateway", "--port"));
        if (spec.http() != null && spec.http().port() > 0)
            w.add(new Wanted(spec.http().host(), spec.http().port(), "http", "--http-port"));
        return w;
    }

    /** The first wanted port that cannot be bound now, as the line to print. */
    static Optional<String> firstConflict(List<Wanted> wanted) {
        for (Wanted w : wanted) {
            if (!free(w.host(), w.port())) {
                return Optional.of(
                        "port " + w.port() + " is in use (" + w.what() + "); choose another with " + w.flag());
            }
        }
        return Optional.empty();
    }

    static boolean free(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            // As the servers bind: address reuse on, so a socket in TIME_WAIT does not count as taken.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
