package dev.ticktape.app.cli;

import dev.ticktape.persistence.postgres.PostgresConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where PostgreSQL is. The password never goes on the command line: it comes from {@code TICKTAPE_PG_PASSWORD}
 * or {@code --pg-password-file}, and is never logged (the printed URL is masked).
 */
public final class PostgresOptions {
    @Option(
            names = "--pg-url",
            paramLabel = "R2DBC-URL",
            defaultValue = "${env:TICKTAPE_PG_URL}",
            description = "Also write every table to PostgreSQL, e.g. r2dbc:postgresql://user@127.0.0.1:5432/db "
                    + "(env TICKTAPE_PG_URL).")
    String url;

    @Option(
            names = "--pg-password-file",
            paramLabel = "FILE",
            defaultValue = "${env:TICKTAPE_PG_PASSWORD_FILE}",
            description = "File holding the PostgreSQL password (or env TICKTAPE_PG_PASSWORD).")
    Path passwordFile;

    @Option(
            names = "--pg-pool-size",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_PG_POOL_SIZE:-4}",
            description = "Connections in the pool (default ${DEFAULT-VALUE}).")
    int poolSize;

    @Option(
            names = "--pg-partitions-ahead",
            paramLabel = "N",
            defaultValue = "${env:TICKTAPE_PG_PARTITIONS_AHEAD:-3}",
            description = "Daily partitions created ahead of today (default ${DEFAULT-VALUE}).")
    int partitionsAhead;

    boolean enabled() {
        return url != null && !url.isBlank();
    }

    PostgresConfig config() {
        PostgresConfig d = PostgresConfig.of(withPassword(url, password()));
        return new PostgresConfig(d.r2dbcUrl(), poolSize, d.statementTimeout(), d.lockTimeout(), partitionsAhead);
    }

    private String password() {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read --pg-password-file " + passwordFile, e);
            }
        }
        String env = System.getenv("TICKTAPE_PG_PASSWORD");
        return env == null || env.isEmpty() ? null : env;
    }

    /** Puts the password into the URL's user info (the driver reads it there); an URL that has one keeps it. */
    static String withPassword(String url, String password) {
        if (password == null) return url;
        int scheme = url.indexOf("://");
        int at = url.indexOf('@', scheme + 3);
        if (scheme < 0 || at < 0)
            throw new IllegalArgumentException("--pg-url needs a user: r2dbc:postgresql://user@host/db");
        String user = url.substring(scheme + 3, at);
        if (user.contains(":")) return url;
        return url.substring(0, at) + ":" + URLEncoder.encode(password, StandardCharsets.UTF_8) + url.substring(at);
    }

    /** The URL with any password replaced, for logs and banners. */
    public static String masked(String url) {
        return url == null ? null : url.replaceAll("(://[^:/@]+):[^@]*@", "$1:***@");
    }
}
