package dev.ticktape.app.loadgen;

import java.io.IOException;

/** The gateway did not accept a connection within the wait; the message is one line meant for the operator. */
public final class GatewayUnreachableException extends IOException {
    private static final long serialVersionUID = 1L;

    GatewayUnreachableException(String message) {
        super(message);
    }
}
