package dev.ticktape.model;

/** An event failed decoding or validation; {@link #reason()} classifies it for the dead-letter topic. */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    public InvalidEventException(RejectReason reason, String detail) {
        super(detail, null, false, false); // no stack trace: this is a data error on a hot path
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
