package dev.ticktape.persistence.postgres;

import dev.ticktape.persistence.SinkErrors;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.Readable;
import io.r2dbc.spi.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import reactor.core.publisher.Flux;

/**
 * One read through the pool whose parameters are numbered as the SQL is built: r2dbc numbers parameters without
 * gaps, so with optional filters each placeholder takes the next number ({@link #param}). Blocks the calling
 * thread (an HTTP worker, never a reactive one) for at most {@link PostgresDatabase#blockTimeout()}. One instance
 * per query.
 */
final class PostgresRead {
    private final List<Object> values = new ArrayList<>();

    /** The placeholder of a new parameter bound to {@code value} (not null). */
    String param(Object value) {
        values.add(value);
        return "$" + values.size();
    }

    /**
     * The mapped rows of {@code sql}.
     *
     * @param what names the query in a failure, e.g. {@code summary query}
     * @throws IllegalStateException when the query fails
     */
    <T> List<T> list(PostgresDatabase db, String what, String sql, Function<Readable, T> row) {
        try {
            return Flux.usingWhen(
                            db.pool().create(),
                            c -> Flux.from(statement(c, sql).execute()).concatMap(res -> res.map(row::apply)),
                            Connection::close)
                    .collectList()
                    .timeout(db.blockTimeout())
                    .block();
        } catch (RuntimeException e) {
            throw new IllegalStateException(what + " failed: " + SinkErrors.describe(e), e);
        }
    }

    private Statement statement(Connection c, String sql) {
        Statement s = c.createStatement(sql);
        for (int i = 0; i < values.size(); i++) s.bind("$" + (i + 1), values.get(i));
        return s;
    }
}
