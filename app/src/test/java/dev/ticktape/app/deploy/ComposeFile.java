package dev.ticktape.app.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The repository's {@code compose/compose.yaml} as the tests need it: each service's image, command, environment,
 * profiles, ports and dependencies, after YAML anchors and merge keys, and after Compose's {@code ${VAR:-default}}
 * interpolation with no variable set (what a fresh checkout without {@code compose/.env} sees).
 */
record ComposeFile(Map<String, Service> services, Map<String, Object> raw) {
    /** The compose file of this checkout; tests run with the module directory as working directory. */
    static final Path PATH = Path.of("..", "compose", "compose.yaml");

    /** Image name of the services built from the top-level Dockerfile. */
    static final String TICKTAPE_IMAGE = "ticktape:local";

    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

    /** One service. {@code dependsOn}: service name -> condition. */
    record Service(
            String name,
            String image,
            List<String> command,
            Map<String, String> environment,
            List<String> profiles,
            List<String> ports,
            Map<String, String> dependsOn,
            String networkMode) {
        boolean ticktape() {
            return TICKTAPE_IMAGE.equals(image);
        }

        /** The subcommand path, e.g. {@code [adapter, binance]}: the arguments before the first flag. */
        List<String> subcommand() {
            List<String> out = new ArrayList<>();
            for (String a : command) {
                if (a.startsWith("-")) break;
                out.add(a);
            }
            return out;
        }
    }

    static ComposeFile load() throws IOException {
        return load(PATH);
    }

    @SuppressWarnings("unchecked")
    static ComposeFile load(Path file) throws IOException {
        Map<String, Object> raw;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        Map<String, Service> services = new LinkedHashMap<>();
        Map<String, Object> svc = (Map<String, Object>) raw.get("services");
        for (Map.Entry<String, Object> e : svc.entrySet()) {
            services.put(e.getKey(), service(e.getKey(), (Map<String, Object>) e.getValue()));
        }
        return new ComposeFile(services, raw);
    }

    @SuppressWarnings("unchecked")
    private static Service service(String name, Map<String, Object> m) {
        List<String> command = new ArrayList<>();
        for (Object o : (List<Object>) m.getOrDefault("command", List.of())) command.add(interpolate(o));
        Map<String, String> env = new LinkedHashMap<>();
        Object e = m.get("environment");
        if (e instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(k.toString(), v == null ? "" : interpolate(v)));
        }
        Map<String, String> deps = new LinkedHashMap<>();
        Object d = m.get("depends_on");
        if (d instanceof Map<?, ?> map) {
            map.forEach((k, v) -> deps.put(
                    k.toString(), v instanceof Map<?, ?> c ? String.valueOf(c.get("condition")) : "service_started"));
        } else if (d instanceof List<?> list) {
            list.forEach(k -> deps.put(k.toString(), "service_started"));
        }
        List<String> ports = new ArrayList<>();
        for (Object p : (List<Object>) m.getOrDefault("ports", List.of())) ports.add(p.toString());
        List<String> profiles = new ArrayList<>();
        for (Object p : (List<Object>) m.getOrDefault("profiles", List.of())) profiles.add(p.toString());
        return new Service(name, String.valueOf(m.get("image")), command, env, profiles, ports, deps, (String)
                m.get("network_mode"));
    }

    /** Compose interpolation with no variable set: {@code ${X:-d}} and {@code ${X-d}} become d, {@code ${X}} "". */
    static String interpolate(Object value) {
        Matcher m = INTERPOLATION.matcher(value.toString());
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
        m.appendTail(sb);
        return sb.toString();
    }

    /** The ticktape services started by default or by {@code profile} (no profile: the core services). */
    List<Service> ticktapeServices(String profile) {
        return services.values().stream()
                .filter(Service::ticktape)
                .filter(s -> s.profiles().isEmpty() || s.profiles().contains(profile))
                .toList();
    }
}
