package dev.ticktape.app.deploy;

import dev.ticktape.app.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the image's entrypoint ({@code compose/entrypoint.sh}) does, for a local JVM: JVM flags from
 * {@code TICKTAPE_JAVA_OPTS} (or the script's default), {@code NAME_FILE} secrets turned into {@code NAME}, and the
 * jar's main class, which is {@link Main} (the shade plugin's manifest entry, also what {@code ./ticktape} runs).
 * The names and the default are read from the script itself, so the two cannot drift apart.
 */
record Entrypoint(List<String> secretNames, String defaultJavaOpts) {
    static final Path SCRIPT = Path.of("..", "compose", "entrypoint.sh");
    private static final Pattern NAMES = Pattern.compile("for name in ([A-Z_\\s\\\\]+); do");
    private static final Pattern OPTS = Pattern.compile("\\$\\{TICKTAPE_JAVA_OPTS:-([^}]*)}");

    static Entrypoint read() throws IOException {
        String script = Files.readString(SCRIPT, StandardCharsets.UTF_8);
        Matcher n = NAMES.matcher(script);
        Matcher o = OPTS.matcher(script);
        if (!n.find() || !o.find()) throw new IllegalStateException(SCRIPT + " changed shape: update Entrypoint");
        List<String> names = Arrays.stream(n.group(1).replace("\\", " ").trim().split("\\s+"))
                .toList();
        return new Entrypoint(names, o.group(1));
    }

    static String mainClass() {
        return Main.class.getName();
    }

    List<String> jvmOptions(Map<String, String> env) {
        String opts = env.getOrDefault("TICKTAPE_JAVA_OPTS", "");
        return List.of((opts.isBlank() ? defaultJavaOpts : opts).trim().split("\\s+"));
    }

    /** {@code env} plus NAME for each NAME_FILE the script knows, read from that file. */
    Map<String, String> withSecrets(Map<String, String> env) throws IOException {
        Map<String, String> out = new LinkedHashMap<>(env);
        for (String name : secretNames) {
            String file = env.get(name + "_FILE");
            if (file != null && !file.isEmpty()) out.put(name, Files.readString(Path.of(file)));
        }
        return out;
    }

    /**
     * The full local command line: java, the JVM flags, {@code extraJvmFlags}, the test's classpath, the main class,
     * the arguments.
     */
    List<String> commandLine(Map<String, String> env, List<String> extraJvmFlags, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions(env));
        cmd.addAll(extraJvmFlags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass());
        cmd.addAll(args);
        return cmd;
    }
}
