package dev.ticktape.adapters.tastytrade;

import dev.ticktape.model.Execution;
import dev.ticktape.model.InvalidEventException;
import java.util.List;

/** One decoded account-streamer message; {@link Order} is also the shape of each {@code /orders/live} item. */
sealed interface TastytradeAccountFrame {

    /** The fills of one order: every fill so far (an update repeats the earlier ones); unreadable ones apart. */
    record Order(List<Execution> executions, List<Rejected> rejected) implements TastytradeAccountFrame {}

    /** A fill that could not be read, with its JSON to dead-letter. */
    record Rejected(String raw, InvalidEventException error) {}

    /** The answer to one of our requests ({@code connect}, {@code heartbeat}): {@code status} ok or error. */
    record Reply(String action, String status, String message) implements TastytradeAccountFrame {
        boolean ok() {
            return status.equals("ok");
        }

        boolean error() {
            return status.equals("error");
        }
    }

    /** Anything else (other notification types). */
    record Other(String type) implements TastytradeAccountFrame {}
}
