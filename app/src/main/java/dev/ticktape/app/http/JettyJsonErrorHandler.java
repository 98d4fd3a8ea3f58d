package dev.ticktape.app.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers before a request reaches the routes (a malformed request line, headers too large, a request
 * refused while the edge stops) in the same JSON shape as the routes' errors, instead of Jetty's HTML page.
 */
final class JettyJsonErrorHandler extends ErrorHandler {
    private final ResponseWriter writer;

    JettyJsonErrorHandler(ResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws IOException {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, ResponseWriter.JSON);
        // Refused while stopping: the caller may retry against this or another instance shortly.
        if (code == HttpStatus.SERVICE_UNAVAILABLE_503) headers.put(HttpHeader.RETRY_AFTER, "1");
        response.write(true, ByteBuffer.wrap(writer.errorBody(code, reason(code, message))), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, ResponseWriter.JSON);
        try {
            return ByteBuffer.wrap(writer.errorBody(status, reason(status, reason)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String reason(int code, String message) {
        return message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    }
}
