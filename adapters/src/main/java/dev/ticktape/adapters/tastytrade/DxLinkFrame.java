package dev.ticktape.adapters.tastytrade;

import java.util.List;
import java.util.Map;

/** One decoded DXLink message. */
sealed interface DxLinkFrame {

    /** Server SETUP: {@code keepaliveTimeoutS} is how long the server waits for our traffic before closing. */
    record Setup(long keepaliveTimeoutS, String version) implements DxLinkFrame {}

    record AuthState(boolean authorized) implements DxLinkFrame {}

    record ChannelOpened(int channel) implements DxLinkFrame {}

    record ChannelClosed(int channel) implements DxLinkFrame {}

    /** FEED_CONFIG; {@code eventFields} is empty when the server did not confirm field lists. */
    record FeedConfig(int channel, String dataFormat, Map<String, List<String>> eventFields) implements DxLinkFrame {}

    record FeedData(int channel, List<DxRecord> records) implements DxLinkFrame {}

    record Keepalive() implements DxLinkFrame {}

    record Error(String error, String message) implements DxLinkFrame {}

    /** A message type this adapter does not use. */
    record Other(String type) implements DxLinkFrame {}
}
