package dev.ticktape.adapters.ndjson;

import java.io.IOException;

/** Reading an input stopped because the publisher failed to store one of its lines. */
public final class PublishFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public PublishFailedException(String source, Throwable cause) {
        super("publish failed for " + source + ": " + cause, cause);
    }
}
