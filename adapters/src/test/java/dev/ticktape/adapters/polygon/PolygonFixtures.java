package dev.ticktape.adapters.polygon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Reads fixture files from {@code src/test/resources/fixtures/polygon}. */
final class PolygonFixtures {
    private PolygonFixtures() {}

    static byte[] bytes(String name) {
        try (InputStream in = PolygonFixtures.class.getResourceAsStream("/fixtures/polygon/" + name)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8).strip();
    }
}
