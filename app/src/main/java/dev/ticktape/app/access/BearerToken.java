package dev.ticktape.app.access;

import dev.ticktape.app.http.HttpEdge;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The API token check of the data routes (the same rule as the streaming control routes): with a token configured
 * ({@code TICKTAPE_API_TOKEN}) a request needs {@code Authorization: Bearer <token>}; without one, none.
 */
public record BearerToken(byte[] token) {
    public static BearerToken of(String token) {
        return new BearerToken(token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8));
    }

    /** Null when allowed, else the 401 answer. */
    public HttpEdge.Response refuse(HttpEdge.Request req) {
        if (token == null) return null;
        String auth = req.header("Authorization");
        // The scheme name is case-insensitive (RFC 9110 section 11.1); the token is not.
        byte[] given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                ? auth.substring(7).trim().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        // Constant-time: the comparison must not tell how much of a guess was right.
        if (MessageDigest.isEqual(given, token)) return null;
        return HttpEdge.Response.error(401, "a valid bearer token is required")
                .withHeader("WWW-Authenticate", "Bearer");
    }
}
