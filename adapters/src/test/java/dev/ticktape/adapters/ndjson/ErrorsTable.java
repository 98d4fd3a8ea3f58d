package dev.ticktape.adapters.ndjson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reasons listed in the "Errors" table of {@code docs/stream_daemon.md} (read from the module directory, where
 * Maven runs the tests): every {@code `code`} in the first column of the table under {@code ## Errors}.
 */
final class ErrorsTable {
    static final Path DOC = Path.of("../docs/stream_daemon.md");
    private static final Pattern CODE = Pattern.compile("`([a-z0-9_]+)`");

    private ErrorsTable() {}

    static Set<String> reasons() {
        List<String> lines;
        try {
            lines = Files.readAllLines(DOC);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> out = new LinkedHashSet<>();
        boolean inSection = false;
        for (String line : lines) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Errors");
                continue;
            }
            if (!inSection || !line.startsWith("|") || line.startsWith("|---") || line.startsWith("| reason")) continue;
            String first = line.substring(1, line.indexOf('|', 1));
            Matcher m = CODE.matcher(first);
            while (m.find()) out.add(m.group(1));
        }
        if (out.isEmpty()) throw new IllegalStateException("no Errors table found in " + DOC.toAbsolutePath());
        return out;
    }
}
