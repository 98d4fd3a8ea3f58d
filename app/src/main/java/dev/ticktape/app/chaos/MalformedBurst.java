package dev.ticktape.app.chaos;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A burst of lines the gateway must refuse, on a connection of its own: each line carries {@link #MARKER} (so its
 * dead letter on {@code md.dlq} can be counted) and one defect from the published list of rejection reasons. Most
 * look like trades of the load's venue and symbols, so one that slipped through would show up in a stored bar.
 */
final class MalformedBurst {
    static final String MARKER = "CHAOSBAD";
    static final int LINES = 10_000;

    private MalformedBurst() {}

    /** Sends {@code lines} malformed lines and closes the connection cleanly; returns how many were written. */
    static int send(String host, int port, String venue, String symbol, int lines) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 5_000);
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            long now = System.currentTimeMillis();
            for (int i = 0; i < lines; i++) {
                out.write(line(i, venue, symbol, now).getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            s.shutdownOutput();
            return lines;
        }
    }

    static String line(int i, String venue, String symbol, long now) {
        String tag = "\"chaos\":\"" + MARKER + "-" + i + "\"";
        String head = "{" + tag + ",\"type\":\"trade\",\"venue\":\"" + venue + "\",\"symbol\":\"";
        return switch (i % 10) {
            case 0 -> "not json " + MARKER + " " + i + "\n";
            case 1 -> head + symbol + "\",\"ts_ms\":" + now + ",\"price\":\"1.5\",\"qty\":1}\n"; // wrong_type
            case 2 -> head + symbol + "\",\"ts_ms\":" + now + ",\"price\":0,\"qty\":1}\n"; // non_positive_price
            case 3 -> head + symbol + "\",\"ts_ms\":" + now + ",\"price\":10.5,\"qty\":-1}\n"; // negative
            case 4 -> head + symbol + "\",\"price\":10.5,\"qty\":1}\n"; // missing_field ts_ms
            case 5 ->
                "{" + tag + ",\"type\":\"trade2\",\"venue\":\"" + venue + "\",\"symbol\":\"" + symbol + "\",\"ts_ms\":"
                        + now + ",\"price\":10.5,\"qty\":1}\n"; // unknown_type
            case 6 -> "[\"" + MARKER + "\"," + i + "]\n"; // not_an_object
            case 7 -> head + "BAD SYMBOL\",\"ts_ms\":" + now + ",\"price\":10.5,\"qty\":1}\n"; // invalid_symbol
            case 8 -> head + symbol + "\",\"ts_ms\":" + (now + 3_600_000) + ",\"price\":10.5,\"qty\":1}\n"; // future
            default -> head + symbol + "\",\"ts_ms\":" + now + ",\"price\":10.5,\"price\":11,\"qty\":1}\n"; // dup field
        };
    }
}
