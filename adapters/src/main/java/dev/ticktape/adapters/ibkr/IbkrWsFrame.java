package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;

/** One decoded message from the gateway WebSocket. */
sealed interface IbkrWsFrame {

    /** An {@code smd} update: only the fields that changed ({@code fields} holds the raw object). */
    record MarketData(long conid, long updatedMs, JsonNode fields) implements IbkrWsFrame {}

    /** {@code str}: account executions ({@code args} is an array of trade objects, see {@link IbkrFills}). */
    record Trades(JsonNode args) implements IbkrWsFrame {}

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
