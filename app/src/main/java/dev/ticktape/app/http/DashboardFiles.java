package dev.ticktape.app.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The realtime dashboard's files, read from the classpath folder {@code dashboard/}: {@code index.html} at {@code /},
 * everything else at {@code /dashboard/<file>}. Only known file types are served and a path may not climb out of the
 * folder; anything else is a 404. Files are read once and kept (they are a few hundred KB in all).
 */
public final class DashboardFiles implements Function<String, HttpEdge.Response> {
    /** Where the files are served below. */
    public static final String PREFIX = "/dashboard";

    private static final String ROOT = "dashboard/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8",
            "md", "text/plain; charset=utf-8",
            "LICENSE", "text/plain; charset=utf-8");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @Override
    public HttpEdge.Response apply(String file) {
        String name = file.isEmpty() ? "index.html" : file;
        if (name.contains("..") || name.startsWith("/") || name.contains("\\")) return null;
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) return null;
        byte[] body = cache.computeIfAbsent(name, DashboardFiles::read);
        if (body.length == 0) return null; // not on the classpath
        return new HttpEdge.Response(200, body, Map.of("Content-Type", type, "Cache-Control", "no-cache"));
    }

    private static byte[] read(String name) {
        try (InputStream in = DashboardFiles.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
