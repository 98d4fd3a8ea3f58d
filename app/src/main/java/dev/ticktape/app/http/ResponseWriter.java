package dev.ticktape.app.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Puts an {@link HttpEdge.Response} on the wire: JSON by default, a String as UTF-8 text, bytes as already-encoded
 * JSON (an answer relayed from another instance). A {@code Content-Type} in the response's headers wins.
 */
final class ResponseWriter {
    static final String JSON = "application/json";
    static final String TEXT = "text/plain; charset=utf-8";

    private final ObjectMapper json;

    ResponseWriter(ObjectMapper json) {
        this.json = json;
    }

    void send(Context ctx, HttpEdge.Response r) throws IOException {
        byte[] body;
        if (r.body() instanceof byte[] raw) {
            body = raw;
        } else if (r.body() instanceof String s) {
            body = s.getBytes(StandardCharsets.UTF_8);
        } else {
            body = json.writeValueAsBytes(r.body());
        }
        ctx.status(r.status());
        ctx.contentType(r.body() instanceof String ? TEXT : JSON);
        r.headers().forEach(ctx::header);
        ctx.result(body);
    }

    /** The uniform error body ({@link ErrorBody}, the status's own code), for writers outside a route. */
    byte[] errorBody(int status, String message) throws IOException {
        return json.writeValueAsBytes(HttpEdge.Response.error(status, message).body());
    }
}
