package dev.ticktape.persistence;

import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientException;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * Classifies a database failure as worth retrying (the database or the network may come back) or permanent (the
 * same write will fail again until someone changes configuration or schema). Looks through the cause chain for
 * the first SQLState (JDBC or R2DBC) and otherwise for I/O and timeout exceptions.
 *
 * <p>Permanent: {@code 28xxx} authentication, {@code 42501} missing privilege, {@code 42P01}/{@code 42703} missing
 * table or column (schema mismatch), {@code 3D000} unknown database. Retriable: {@code 08xxx} connection,
 * {@code 57P0x} server shutdown, {@code 53xxx} resources (e.g. {@code 53300} too many connections), {@code 55P03}
 * lock timeout, {@code 57014} statement timeout, {@code 40xxx} serialization/deadlock, timeouts and I/O errors.
 * Anything else is {@link Kind#UNKNOWN}, which callers retry.
 */
public final class SinkErrors {

    /** How a failure should be handled. */
    public enum Kind {
        RETRIABLE,
        PERMANENT,
        UNKNOWN
    }

    private SinkErrors() {}

    public static Kind classify(Throwable error) {
        String state = sqlState(error);
        if (state != null) {
            Kind byState = byState(state.toUpperCase(Locale.ROOT));
            if (byState != Kind.UNKNOWN) return byState;
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof R2dbcPermissionDeniedException) return Kind.PERMANENT;
            if (t instanceof IOException
                    || t instanceof TimeoutException
                    || t instanceof R2dbcTimeoutException
                    || t instanceof R2dbcTransientException
                    || t instanceof R2dbcNonTransientResourceException
                    || t instanceof ConnectException) {
                return Kind.RETRIABLE;
            }
            // r2dbc-postgresql reports a dropped connection as an R2dbcException without SQLState; the pool
            // reports acquire timeouts as a plain TimeoutException (covered above).
            if (t instanceof R2dbcException
                    && t.getMessage() != null
                    && t.getMessage().toLowerCase(Locale.ROOT).contains("connection")) {
                return Kind.RETRIABLE;
            }
            if (t.getCause() == t) break;
        }
        return Kind.UNKNOWN;
    }

    /** The first SQLState in the cause chain, or null. */
    public static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String state = null;
            if (t instanceof SQLException e) state = e.getSQLState();
            else if (t instanceof R2dbcException e) state = e.getSqlState();
            if (state != null && !state.isBlank()) return state;
            if (t.getCause() == t) break;
        }
        return null;
    }

    /** The innermost message, with its SQLState when there is one: a single line fit for an error log. */
    public static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String state = sqlState(error);
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.replace('\n', ' ') + (state == null ? "" : " (SQLState " + state + ")");
    }

    private static Kind byState(String s) {
        if (s.startsWith("28")
                || s.equals("42501")
                || s.equals("42P01")
                || s.equals("42703")
                || s.equals("3D000")
                || s.equals("3F000")) {
            return Kind.PERMANENT;
        }
        if (s.startsWith("08")
                || s.startsWith("57P0")
                || s.startsWith("53")
                || s.startsWith("40")
                || s.equals("55P03")
                || s.equals("57014")
                || s.equals("58030")) {
            return Kind.RETRIABLE;
        }
        return Kind.UNKNOWN;
    }
}
