package dev.ticktape.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ticktape.persistence.PageKey;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The paging rule of every list endpoint: {@code limit} rows at most (default {@value #DEFAULT_LIMIT}, max
 * {@value #MAX_LIMIT}), and {@code cursor} to continue after the last row of a previous page. An answer says
 * {@code truncated: true} when more rows match, and then {@code next} is the cursor of its last row (null
 * otherwise). A cursor is an opaque base64url string of that row's sort key; it stays valid while the data changes
 * (keyset paging: rows before it are never repeated), and it must be sent with the same filters as the page it came
 * from. Routes fetch {@code limit + 1} rows to know whether more exist.
 */
final class Paging {
    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 1_000_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private Paging() {}

    /** The {@code limit} parameter, or the default. */
    static int limit(Map<String, String> q) {
        String s = q.get("limit");
        if (s == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(s);
            if (n < 1 || n > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be an integer 1.." + MAX_LIMIT);
        }
    }

    /** The decoded {@code cursor} parameter, or null for the first page. */
    static PageKey cursor(Map<String, String> q) {
        String s = q.get("cursor");
        if (s == null || s.isEmpty()) return null;
        try {
            List<String> parts = JSON.readValue(Base64.getUrlDecoder().decode(s), STRINGS);
            if (parts.isEmpty()) throw new IllegalArgumentException("empty");
            return new PageKey(Instant.parse(parts.get(0)), parts.subList(1, parts.size()));
        } catch (java.io.IOException | IllegalArgumentException | DateTimeException e) {
            throw new IllegalArgumentException("cursor is not one this API handed out (use the 'next' of a page)");
        }
    }

    static String encode(PageKey key) {
        List<String> parts = new ArrayList<>();
        parts.add(key.ts().toString());
        parts.addAll(key.ties());
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(parts));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One page of rows fetched with {@code limit + 1}: the first {@code limit}, and whether more exist. */
    static <T> Page<T> of(List<T> fetched, int limit, Function<T, PageKey> key) {
        if (fetched.size() <= limit) return new Page<>(fetched, false, null);
        List<T> rows = fetched.subList(0, limit);
        return new Page<>(rows, true, encode(key.apply(rows.get(limit - 1))));
    }

    /** Rows of one page; {@code next} is the cursor for the following page, null when not truncated. */
    record Page<T>(List<T> rows, boolean truncated, String next) {
        /** Adds {@code count}, {@code truncated} and {@code next} to an answer. */
        void describe(Map<String, Object> body) {
            body.put("count", rows.size());
            body.put("truncated", truncated);
            body.put("next", next);
        }
    }
}
