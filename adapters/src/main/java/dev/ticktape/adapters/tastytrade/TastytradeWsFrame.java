package dev.ticktape.adapters.tastytrade;

import java.util.List;
import java.util.Map;

/** One decoded DXLink message. */
sealed interface TastytradeWsFrame {

    /** Server SETUP: {@code keepaliveTimeoutS} is how long the server waits for our traffic before closing. */
    record Setup(long keepaliveTimeoutS, String version) implements TastytradeWsFrame {}

    record AuthState(boolean authorized) implements TastytradeWsFrame {}

    record ChannelOpened(int channel) implements TastytradeWsFrame {}

    record ChannelClosed(int channel) implements TastytradeWsFrame {}

    /** FEED_CONFIG; {@code eventFields} is empty when the server did not confirm field lists. */
    record FeedConfig(int channel, String dataFormat, Map<String, List<String>> eventFields)
            implements TastytradeWsFrame {}

    record FeedData(int channel, List<DxRecord> records) implements TastytradeWsFrame {}

    record Keepalive() implements TastytradeWsFrame {}

    /** ERROR: {@code channel} 0 concerns the connection, another one that channel (e.g. its subscriptions). */
    record Error(int channel, String error, String message) implements TastytradeWsFrame {}

    /** A message type this adapter does not use. */
    record Other(String type) implements TastytradeWsFrame {}
}
