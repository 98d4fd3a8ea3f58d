package dev.ticktape.adapters.ibkr;

import com.fasterxml.jackson.databind.JsonNode;

/** One decoded message from the gateway WebSocket. */
sealed interface IbkrFrame {

    /** An {@code smd} update: only the fields that changed ({@code fields} holds the raw object). */
    record MarketData(long conid, long updatedMs, JsonNode fields) implements IbkrFrame {}

    /** {@code str}: account executions ({@code args} is an array of trade objects, see {@link IbkrFills}). */
    record Trades(JsonNode args) implements IbkrFrame {}

    /** {@code system}: {@code success} (socket accepted for a user) or heartbeat {@code hb}. */
    record SystemMsg(String user, long heartbeatMs) implements IbkrFrame {}

    /** {@code sts}: brokerage-session status; {@code authenticated} null when the message carries only other flags. */
    record SessionStatus(Boolean authenticated, Boolean competing) implements IbkrFrame {}

    /** Reply to our {@code tic}. */
    record TicReply(long lastAccessedMs) implements IbkrFrame {}

    /** {@code {"message":"waiting for session"}}: send {@code {"session":"<id>"}}. */
    record WaitingForSession() implements IbkrFrame {}

    record ErrorMsg(String error) implements IbkrFrame {}

    /** Anything else ({@code act}, {@code ntf}, {@code blt}, empty smd updates...). */
    record Other(String topic) implements IbkrFrame {}
}
