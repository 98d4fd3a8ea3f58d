package dev.ticktape.app.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON error shape of the HTTP edge: {@code {"error": message, "status": N, "code": "...", "hint": "..."}}.
 * {@code error} and {@code status} are the fields clients have always read; {@code code} is a stable machine-readable
 * name (the status's by default, or a more precise one such as {@code unknown_instrument}); {@code hint} says what
 * to do instead and is absent when there is nothing to add.
 */
public final class ErrorBody {
    /** A 404 for an instrument neither the store nor the topology knows. */
    public static final String UNKNOWN_INSTRUMENT = "unknown_instrument";

    private ErrorBody() {}

    static Map<String, Object> of(int status, String code, String message, String hint) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", message);
        body.put("status", status);
        body.put("code", code);
        if (hint != null) body.put("hint", hint);
        return Collections.unmodifiableMap(body);
    }

    /** The default code of a status: its reason phrase in snake case. */
    public static String codeOf(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 429 -> "too_many_requests";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> status >= 500 ? "server_error" : "client_error";
        };
    }
}
