package dev.ticktape.persistence;

/** A batch write failed and was rolled back; the caller retries it. */
public final class SinkWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SinkWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
