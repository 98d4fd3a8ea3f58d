package dev.ticktape.app.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Refuses an HTTP edge reachable from other machines while its mutating routes are open. Without
 * {@code TICKTAPE_API_TOKEN} anyone who can connect may stop feeds or change gates: acceptable on loopback, where
 * only local users connect, not on an address others can reach, unless the operator says so with
 * {@code --insecure}.
 */
final class ExposureCheck {
    private ExposureCheck() {}

    /**
     * Why this edge must not start, or empty when it may.
     *
     * @param host     the {@code --http-host} value
     * @param token    the API token, null or blank when none is set
     * @param insecure whether {@code --insecure} was given
     */
    static Optional<String> problem(String host, String token, boolean insecure) {
        if (insecure || (token != null && !token.isBlank()) || isLoopback(host)) return Optional.empty();
        return Optional.of("--http-host " + host + " is reachable from other machines and TICKTAPE_API_TOKEN is not"
                + " set, so anyone could stop feeds or change gates; set TICKTAPE_API_TOKEN, bind 127.0.0.1, or"
                + " pass --insecure to accept open mutating routes");
    }

    private static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) return false;
            }
            return true;
        } catch (UnknownHostException e) {
            return false; // binding will fail with its own message; an unknown name is not known to be local
        }
    }
}
