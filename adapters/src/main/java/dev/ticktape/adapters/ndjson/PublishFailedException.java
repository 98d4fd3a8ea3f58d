package dev.ticktape.adapters.ndjson;

import dev.ticktape.model.codec.LogText;
import java.io.IOException;

/** Reading an input stopped because the publisher failed to store one of its lines. */
public final class PublishFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    public PublishFailedException(String source, Throwable cause) {
        // Escaped: the message is logged and printed by whoever catches it, and a file label can hold a newline.
        super(
                "publish failed for " + LogText.printable(source) + ": " + LogText.printable(String.valueOf(cause)),
                cause);
    }
}
