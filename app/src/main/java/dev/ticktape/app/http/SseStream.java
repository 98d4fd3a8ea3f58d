package dev.ticktape.app.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * The wire side of one server-sent-events response: {@link #open} commits the headers and keeps the request
 * open after its handler returns; {@link #write} sends bytes already in event-stream format; {@link #finish}
 * ends the response. Holds no queue and no thread: writes block while the peer does not read, so one thread per
 * stream (never a Kafka consumer thread) must do them.
 */
public final class SseStream {
    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final Context ctx;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private OutputStream out;

    SseStream(Context ctx) {
        this.ctx = ctx;
    }

    /** Sends status 200 and the event-stream headers, then {@code preamble}, and detaches from the handler. */
    public void open(byte[] preamble) throws IOException {
        ctx.status(200);
        ctx.header("Content-Type", EVENT_STREAM);
        // Proxies must neither cache nor buffer a live stream (nginx honours X-Accel-Buffering).
        ctx.header("Cache-Control", "no-cache");
        ctx.header("X-Accel-Buffering", "no");
        // Javalin completes the request when this future completes; until then the handler's return ends nothing.
        ctx.future(() -> done);
        out = ctx.res().getOutputStream();
        write(preamble);
        flush();
    }

    /** Writes bytes (blocking while the peer's socket is full); flush separately to batch events. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
    }

    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Ends the response (idempotent). */
    public void finish() {
        done.complete(null);
    }

    /** A request header, e.g. {@code Last-Event-ID}; null if absent. */
    public String header(String name) {
        return ctx.header(name);
    }
}
