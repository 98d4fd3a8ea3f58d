package dev.ticktape.app.decisions;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One {@code --decision-sink}: {@code file:/path/decisions.ndjson} (append-only NDJSON) or {@code tcp://host:port}
 * (NDJSON to every connected subscriber; the process listens). The standard output is {@code --decision-stdout}.
 */
public sealed interface DecisionSinkSpec {
    /** Append-only NDJSON file. */
    record File(Path path) implements DecisionSinkSpec {}

    /** A listening socket that streams NDJSON to its subscribers; port 0 picks a free one. */
    record Tcp(String host, int port) implements DecisionSinkSpec {}

    /** NDJSON on standard output. */
    record Stdout() implements DecisionSinkSpec {}

    /** A short label for logs, metrics and health: {@code file}, {@code tcp:9200}, {@code stdout}. */
    default String label() {
        if (this instanceof Tcp t) return "tcp:" + t.port();
        return this instanceof File ? "file" : "stdout";
    }

    /** Parses {@code file:PATH} or {@code tcp://HOST:PORT}; throws IllegalArgumentException saying what is wrong. */
    static DecisionSinkSpec parse(String spec) {
        String s = spec.trim();
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            String path = s.substring("file:".length());
            if (path.startsWith("//")) path = URI.create(s).getPath();
            if (path.isBlank()) throw new IllegalArgumentException("decision sink " + spec + " names no file");
            return new File(Path.of(path));
        }
        if (lower.startsWith("tcp://")) {
            URI uri = URI.create(s);
            if (uri.getHost() == null || uri.getPort() < 0) {
                throw new IllegalArgumentException("decision sink " + spec + " must look like tcp://127.0.0.1:9200");
            }
            return new Tcp(uri.getHost(), uri.getPort());
        }
        throw new IllegalArgumentException(
                "decision sink " + spec + " must be file:/path/decisions.ndjson or tcp://127.0.0.1:9200");
    }
}
