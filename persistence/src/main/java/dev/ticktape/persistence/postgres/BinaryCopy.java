package dev.ticktape.persistence.postgres;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Wrapped;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;

/**
 * Rows in PostgreSQL's binary {@code COPY} format, and {@code COPY ... FROM STDIN (FORMAT binary)} of them over a
 * pooled R2DBC connection. Binary needs no text escaping and no server-side number parsing; a field is its length
 * then its bytes in network order ({@code -1} for NULL), a timestamptz is microseconds since 2000-01-01 UTC.
 *
 * <p>Not thread-safe; one instance builds one batch.
 */
final class BinaryCopy {
    private static final byte[] HEADER = {
        'P',
        'G',
        'C',
        'O',
        'P',
        'Y',
        '\n',
        (byte) 0xFF,
        '\r',
        '\n',
        0, // signature
        0,
        0,
        0,
        0, // flags: no OIDs
        0,
        0,
        0,
        0 // header extension length
    };
    /** 2000-01-01T00:00:00Z in microseconds since the Unix epoch: PostgreSQL's timestamp zero. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final ByteBuf buf;

    /** A batch of about {@code rows} rows of about {@code bytesPerRow} bytes each (only a sizing hint). */
    BinaryCopy(int rows, int bytesPerRow) {
        buf = Unpooled.buffer(HEADER.length + 2 + rows * bytesPerRow);
        buf.writeBytes(HEADER);
    }

    /** Starts a row of {@code fields} fields, which must follow in the COPY statement's column order. */
    BinaryCopy row(int fields) {
        buf.writeShort(fields);
        return this;
    }

    BinaryCopy text(String s) {
        if (s == null) return nul();
        int at = buf.writerIndex();
        buf.writeInt(0);
        int n = buf.writeCharSequence(s, StandardCharsets.UTF_8);
        buf.setInt(at, n);
        return this;
    }

    BinaryCopy float8(double v) {
        buf.writeInt(8).writeDouble(v);
        return this;
    }

    BinaryCopy float8(Double v) {
        return v == null ? nul() : float8(v.doubleValue());
    }

    BinaryCopy int8(long v) {
        buf.writeInt(8).writeLong(v);
        return this;
    }

    BinaryCopy int4(int v) {
        buf.writeInt(4).writeInt(v);
        return this;
    }

    /** A {@code timestamptz} at millisecond precision. */
    BinaryCopy timestamptz(long epochMillis) {
        buf.writeInt(8).writeLong(epochMillis * 1000L - PG_EPOCH_MICROS);
        return this;
    }

    /** A {@code timestamptz} at microsecond precision. */
    BinaryCopy timestamptzMicros(long epochMicros) {
        buf.writeInt(8).writeLong(epochMicros - PG_EPOCH_MICROS);
        return this;
    }

    BinaryCopy nul() {
        buf.writeInt(-1);
        return this;
    }

    /** The finished data, trailer included; the builder is spent. */
    ByteBuf finish() {
        buf.writeShort(-1);
        return buf;
    }

    /** Finished data as a byte array (for a JDBC {@code CopyManager}). */
    static byte[] bytes(ByteBuf b) {
        byte[] out = new byte[b.readableBytes()];
        b.readBytes(out);
        return out;
    }

    /**
     * Runs {@code COPY <target> FROM STDIN (FORMAT binary)} with {@code data} on {@code c} (a pooled connection is
     * unwrapped to the driver's); emits the rows copied. {@code target} is a table with its column list.
     */
    static Mono<Long> copyIn(Connection c, String target, ByteBuf data) {
        return Mono.defer(
                () -> driverConnection(c).copyIn("COPY " + target + " FROM STDIN (FORMAT binary)", Mono.just(data)));
    }

    private static PostgresqlConnection driverConnection(Connection c) {
        Object at = c;
        while (!(at instanceof PostgresqlConnection) && at instanceof Wrapped<?> w) at = w.unwrap();
        if (at instanceof PostgresqlConnection pg) return pg;
        throw new IllegalStateException(
                "not a PostgreSQL R2DBC connection: " + c.getClass().getName());
    }
}
