package dev.ticktape.adapters.ibkr;

import dev.ticktape.model.InvalidEventException;
import java.util.List;
import java.util.Map;

/** One decoded message from the gateway WebSocket. */
sealed interface IbkrWsFrame {

    /**
     * An {@code smd} update: only the fields that changed. {@code values} holds each numeric field the update
     * carries (null when its text is not a number; implied volatility as a fraction), {@code availability} the
     * availability code, or null when the update does not carry it.
     */
    record MarketData(long conid, long updatedMs, Map<IbkrField, Double> values, String availability)
            implements IbkrWsFrame {}

    /**
     * {@code str}: account executions, also the shape of the REST trade list. A trade object that cannot be read
     * is in {@code rejected}, the others still in {@code fills}.
     */
    record Trades(List<IbkrFill> fills, List<Rejected> rejected) implements IbkrWsFrame {}

    /** A trade object that could not be read, with its JSON to dead-letter. */
    record Rejected(String raw, InvalidEventException error) {}

    /** {@code system}: {@code success} (socket accepted for a user) or heartbeat {@code hb}. */
    record SystemMsg(String user, long heartbeatMs) implements IbkrWsFrame {}

    /** {@code sts}: brokerage-session status; {@code authenticated} null when the message carries only other flags. */
    record SessionStatus(Boolean authenticated, Boolean competing) implements IbkrWsFrame {}

    /** Reply to our {@code tic}. */
    record TicReply(long lastAccessedMs) implements IbkrWsFrame {}

    /** {@code {"message":"waiting for session"}}: send {@code {"session":"<id>"}}. */
    record WaitingForSession() implements IbkrWsFrame {}

    record ErrorMsg(String error) implements IbkrWsFrame {}

    /** Anything else ({@code act}, {@code ntf}, {@code blt}, empty smd updates...). */
    record Other(String topic) implements IbkrWsFrame {}
}
