package dev.ticktape.app.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The top-level Dockerfile's {@code HEALTHCHECK ... CMD [...]} (exec form), split into the JVM flags before
 * {@code -jar} and the ticktape arguments after the jar, so a test can run exactly that probe against a local
 * service.
 */
record DockerfileHealthcheck(List<String> jvmOptions, List<String> arguments) {
    static final Path DOCKERFILE = Path.of("..", "Dockerfile");

    static DockerfileHealthcheck read() throws IOException {
        String text = Files.readString(DOCKERFILE, StandardCharsets.UTF_8).replace("\\\n", " ");
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("HEALTHCHECK")) continue;
            int cmd = l.indexOf("CMD [");
            if (cmd < 0) throw new IllegalStateException("HEALTHCHECK is not in exec form: " + l);
            String[] argv = new ObjectMapper().readValue(l.substring(cmd + 4), String[].class);
            if (!argv[0].equals("java")) throw new IllegalStateException("HEALTHCHECK does not run java: " + l);
            List<String> jvm = new ArrayList<>();
            int i = 1;
            while (!argv[i].equals("-jar")) jvm.add(argv[i++]);
            List<String> args = List.of(argv).subList(i + 2, argv.length);
            return new DockerfileHealthcheck(jvm, args);
        }
        throw new IllegalStateException("no HEALTHCHECK in " + DOCKERFILE);
    }

    /** The probe as a local command line: same flags and arguments, the test's classpath instead of the jar. */
    List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Entrypoint.mainClass());
        cmd.addAll(arguments);
        return cmd;
    }
}
