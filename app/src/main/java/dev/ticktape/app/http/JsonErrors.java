package dev.ticktape.app.http;

import dev.ticktape.model.InvalidEventException;
import dev.ticktape.model.codec.LogText;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.router.EndpointNotFound;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes every failure inside the edge answer the {@link ErrorBody} shape as {@code application/json}:
 * a bad parameter ({@link IllegalArgumentException}, or a value the model refuses) 400, an unknown path 404, a wrong method 405 (with
 * {@code Allow}), anything Javalin refuses (e.g. 413) with its own status, any other exception 500.
 */
final class JsonErrors {
    private static final Logger LOG = LoggerFactory.getLogger(JsonErrors.class);

    private final ResponseWriter writer;

    JsonErrors(ResponseWriter writer) {
        this.writer = writer;
    }

    void install(JavalinConfig config) {
        config.routes.exception(
                IllegalArgumentException.class,
                (e, ctx) -> send(
                        ctx, HttpEdge.Response.error(400, Objects.requireNonNullElse(e.getMessage(), "bad request"))));
        // A value the model refuses (a venue or symbol that no event could carry) is a bad parameter, not a fault.
        config.routes.exception(
                InvalidEventException.class, (e, ctx) -> send(ctx, HttpEdge.Response.error(400, e.getMessage())));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> send(ctx, refused(e, ctx)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed: {}", ctx.method(), LogText.printable(ctx.path()), LogText.printable(e.toString()));
            send(ctx, HttpEdge.Response.error(500, e.getClass().getSimpleName() + ": " + e.getMessage()));
        });
        // An Error (out of memory, a missing class) never reaches the exception handlers.
        config.router.javaLangErrorHandler((res, error) -> {
            LOG.error("HTTP request failed", error);
            writeRaw(res, 500, error.getClass().getSimpleName());
        });
    }

    /** Javalin's own refusals, with the messages the hand-written router used. */
    private static HttpEdge.Response refused(HttpResponseException e, Context ctx) {
        if (e instanceof EndpointNotFound) return HttpEdge.Response.error(404, "no such endpoint: " + ctx.path());
        if (e instanceof MethodNotAllowedResponse) {
            // The one detail is the registered methods (its key depends on the Accept header).
            String allowed = String.join(", ", e.getDetails().values());
            return HttpEdge.Response.error(405, "use " + allowed).withHeader("Allow", allowed);
        }
        return HttpEdge.Response.error(e.getStatus(), e.getMessage());
    }

    private void send(Context ctx, HttpEdge.Response r) {
        try {
            writer.send(ctx, r);
        } catch (IOException e) {
            LOG.debug("could not write the {} answer: {}", r.status(), e.toString());
        }
    }

    private void writeRaw(HttpServletResponse res, int status, String message) {
        try {
            if (res.isCommitted()) return;
            res.resetBuffer();
            res.setStatus(status);
            res.setContentType(ResponseWriter.JSON);
            res.getOutputStream().write(writer.errorBody(status, message));
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not write the {} answer: {}", status, e.toString());
        }
    }
}
