package dev.ticktape.app.plot;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a program on a search path, the way a shell would; the path is passed in so tests can replace it. */
public final class Executables {
    private Executables() {}

    /**
     * The first executable file called {@code name} in the directories of {@code searchPath} (a {@code PATH}
     * value); empty when there is none or the path is null or empty.
     */
    public static Optional<Path> find(String name, String searchPath) {
        if (searchPath == null || searchPath.isEmpty()) return Optional.empty();
        for (String dir : searchPath.split(File.pathSeparator)) {
            if (dir.isEmpty()) continue; // an empty entry means the working directory to a shell: not followed
            try {
                Path p = Path.of(dir, name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
            } catch (InvalidPathException e) {
                // a malformed PATH entry finds nothing
            }
        }
        return Optional.empty();
    }
}
