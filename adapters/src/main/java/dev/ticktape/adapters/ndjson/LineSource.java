package dev.ticktape.adapters.ndjson;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where lines come from. {@code label} names the input in dead letters, metrics and logs
 * ({@code tcp:<ip>:<port>}, {@code file:<path as given>}, {@code stdin}); {@link #stamp} is the provenance put on
 * accepted events (it becomes {@code source_file}): live TCP input is stamped {@code live:<symbol>}, a file or
 * stdin by its label.
 */
public record LineSource(String label, boolean live) {
    public static final LineSource STDIN = new LineSource("stdin", false);

    public LineSource {
        Objects.requireNonNull(label, "label");
    }

    public static LineSource tcp(InetSocketAddress remote) {
        String ip = remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        return new LineSource("tcp:" + ip + ":" + remote.getPort(), true);
    }

    public static LineSource file(Path path) {
        return new LineSource("file:" + path, false);
    }

    /** The provenance stamped on an accepted event about {@code symbol}. */
    public String stamp(String symbol) {
        return live ? "live:" + symbol : label;
    }
}
