package dev.ticktape.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * A server-sent-events reader on the JDK HTTP client, as a browser's EventSource reads: lines are collected by a
 * daemon thread into events ({@code event}, {@code id}, {@code data}) and comments, until the server ends the
 * response or {@link #close()}.
 */
final class SseTestClient implements AutoCloseable {
    /** One dispatched event. */
    record Event(String event, String id, String data) {}

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final HttpResponse<Stream<String>> response;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<String> comments = new CopyOnWriteArrayList<>();
    final List<String> retries = new CopyOnWriteArrayList<>();
    private volatile boolean ended;
    private final Thread reader;

    /** Connects; returns once the response headers arrived (the server is subscribed by then). */
    SseTestClient(int port, String query) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/stream?" + query))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(10))
                .build();
        response = HTTP.send(req, HttpResponse.BodyHandlers.ofLines());
        reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        String event = null;
        String id = null;
        StringBuilder data = null;
        try (Stream<String> lines = response.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) events.add(new Event(event == null ? "message" : event, id, data.toString()));
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("retry: ")) {
                    retries.add(line.substring(7));
                } else if (line.startsWith("data: ")) {
                    data = data == null
                            ? new StringBuilder(line.substring(6))
                            : data.append('\n').append(line, 6, line.length());
                }
            }
        } catch (RuntimeException e) {
            // closed by the test or the connection dropped: ended either way
        } finally {
            ended = true;
        }
    }

    /** True once the server ended the response (or the connection broke). */
    boolean ended() {
        return ended;
    }

    List<Event> ofType(String event) {
        return events.stream().filter(e -> e.event().equals(event)).toList();
    }

    @Override
    public void close() {
        response.body().close();
        reader.interrupt();
    }
}
