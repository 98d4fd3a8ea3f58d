package dev.ticktape.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.ticktape.app.cli.TicktapeCommand;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * What can be checked in compose/compose.yaml without starting anything: every ticktape command parses with the
 * real CLI (the live adapters too, which {@link ComposeCommandsIT} cannot start here), every variable is one that
 * the code reads, secrets are files, ports are published on loopback only, and the commands carry nothing that
 * {@link LocalSubstitution} would have to rewrite.
 */
@Timeout(30)
class ComposeFileTest {
    /** Flags whose values differ between a container and a laptop: they belong in the environment. */
    private static final Set<String> MACHINE_FLAGS = Set.of(
            "--bootstrap-servers",
            "--kafka-host",
            "--kafka-port",
            "--pg-url",
            "--pg-password-file",
            "--host",
            "--port",
            "--http-host",
            "--http-port",
            "--metrics-host",
            "--metrics-port",
            "--data-dir",
            "--duckdb");

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(KEY|TOKEN|SECRET|PASSWORD).*");

    private static ComposeFile compose;
    private static Entrypoint entrypoint;
    private static String mainJava;
    private static String mainResources;

    @BeforeAll
    static void load() throws IOException {
        compose = ComposeFile.load();
        entrypoint = Entrypoint.read();
        mainJava = mainText(".java");
        mainResources = mainText(".xml");
    }

    @Test
    void everyTicktapeCommandParsesWithTheRealCli() {
        List<ComposeFile.Service> all = ticktape().toList();
        assertThat(all).extracting(ComposeFile.Service::name).contains("streams", "persist", "gateway");
        for (ComposeFile.Service s : all) {
            assertThatCode(() ->
                            TicktapeCommand.commandLine().parseArgs(s.command().toArray(String[]::new)))
                    .as("%s: %s", s.name(), s.command())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void everyVariableIsReadBySomething() {
        for (ComposeFile.Service s : ticktape().toList()) {
            Set<String> flagVars = optionEnvNames(s.command());
            for (String key : s.environment().keySet()) {
                String base =
                        key.endsWith("_FILE") && entrypoint.secretNames().contains(key.substring(0, key.length() - 5))
                                ? key.substring(0, key.length() - 5)
                                : key;
                assertThat(flagVars.contains(base) || readByCode(base))
                        .as(
                                "%s: %s is neither a flag default of '%s' nor read by the code or the entrypoint",
                                s.name(), key, String.join(" ", s.subcommand()))
                        .isTrue();
            }
        }
    }

    @Test
    void secretsAreFilesNeverValues() {
        for (ComposeFile.Service s : compose.services().values()) {
            s.environment().forEach((k, v) -> {
                if (SECRET_NAME.matcher(k).matches()) {
                    assertThat(k).as(s.name()).endsWith("_FILE");
                    assertThat(v).as("%s %s", s.name(), k).startsWith("/run/secrets/");
                }
            });
        }
    }

    @Test
    void publishedPortsListenOnLoopbackOnly() {
        for (ComposeFile.Service s : compose.services().values()) {
            assertThat(s.ports()).as(s.name()).allMatch(p -> p.startsWith("127.0.0.1:"));
        }
    }

    @Test
    void ticktapeServicesWaitForAHealthyKafkaAndPersistForPostgres() {
        for (ComposeFile.Service s : ticktape().toList()) {
            assertThat(s.dependsOn()).as(s.name()).containsEntry("kafka", "service_healthy");
        }
        assertThat(compose.services().get("persist").dependsOn()).containsEntry("postgres", "service_healthy");
    }

    @Test
    void commandsCarryNothingMachineSpecific() {
        for (ComposeFile.Service s : ticktape().toList()) {
            assertThat(s.command())
                    .as("%s: addresses, ports and paths go in environment", s.name())
                    .noneMatch(a -> MACHINE_FLAGS.contains(a.contains("=") ? a.substring(0, a.indexOf('=')) : a));
        }
    }

    @Test
    void eachVenueHasADryRunDemoAndALiveService() {
        for (String venue : List.of("binance", "polygon", "tastytrade", "ibkr")) {
            ComposeFile.Service demo = compose.services().get(venue + "-demo");
            ComposeFile.Service live = compose.services().get(venue);
            assertThat(demo.profiles()).containsExactly("demo");
            assertThat(demo.command()).startsWith("adapter", venue).contains("--dryrun");
            assertThat(live.profiles()).containsExactly("live");
            assertThat(live.command()).startsWith("adapter", venue).doesNotContain("--dryrun", "--dry-run");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void kafkaIsASingleKraftNodeWhereExactlyOnceWorks() {
        Map<String, Object> kafka =
                (Map<String, Object>) ((Map<String, Object>) compose.raw().get("services")).get("kafka");
        Map<String, String> env = compose.services().get("kafka").environment();
        assertThat(compose.services().get("kafka").image()).startsWith("apache/kafka:");
        assertThat(env)
                .containsEntry("KAFKA_PROCESS_ROLES", "broker,controller")
                .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .containsKeys("KAFKA_NODE_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_ADVERTISED_LISTENERS");
        assertThat(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains("PLAINTEXT:", "PLAINTEXT_HOST:");
        assertThat(((Map<String, Object>) kafka.get("healthcheck")).get("test").toString())
                .contains("/opt/kafka/bin/kafka-broker-api-versions.sh", "localhost:9092");
    }

    private static Stream<ComposeFile.Service> ticktape() {
        return compose.services().values().stream().filter(ComposeFile.Service::ticktape);
    }

    /** The variables the flags of the command's subcommand default from ({@code ${env:NAME...}}). */
    private static Set<String> optionEnvNames(List<String> command) {
        CommandLine.ParseResult parsed = TicktapeCommand.commandLine().parseArgs(command.toArray(String[]::new));
        while (parsed.hasSubcommand()) parsed = parsed.subcommand();
        Set<String> names = new HashSet<>();
        collect(parsed.commandSpec().userObject().getClass(), names);
        return names;
    }

    /** Reads the annotations, not the parsed values: picocli has already replaced the variables there. */
    private static void collect(Class<?> type, Set<String> names) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                CommandLine.Option o = f.getAnnotation(CommandLine.Option.class);
                if (o != null) {
                    Matcher m = ENV_DEFAULT.matcher(o.defaultValue());
                    while (m.find()) names.add(m.group(1));
                }
                if (f.isAnnotationPresent(CommandLine.Mixin.class)) collect(f.getType(), names);
            }
        }
    }

    /**
     * Read directly by the code ({@code "NAME"} in main Java sources, as {@code System.getenv("NAME")} takes it;
     * {@code env:NAME} in resources such as log4j2.xml) or by the entrypoint. A flag's {@code "${env:NAME}"} default
     * is not a match here: those count only for their own subcommand.
     */
    private static boolean readByCode(String name) {
        return mainJava.contains("\"" + name + "\"")
                || mainResources.contains("env:" + name + "}")
                || mainResources.contains("env:" + name + ":")
                || entrypoint.secretNames().contains(name)
                || name.equals("TICKTAPE_JAVA_OPTS");
    }

    private static String mainText(String suffix) throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.walk(Path.of(".."), 12)) {
            for (Path p : files.filter(p ->
                            p.toString().contains("/src/main/") && p.toString().endsWith(suffix))
                    .toList()) {
                sb.append(Files.readString(p, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return sb.toString();
    }
}
