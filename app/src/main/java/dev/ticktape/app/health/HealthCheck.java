package dev.ticktape.app.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Aggregates the health of the parts running in this process. A part is either required (its failure makes the
 * process unhealthy, {@code /health} answers 503) or informational.
 */
public final class HealthCheck {
    /** State of one part. */
    public record Component(boolean up, String detail) {
        public static Component up(String detail) {
            return new Component(true, detail);
        }

        public static Component down(String detail) {
            return new Component(false, detail);
        }
    }

    private record Entry(String name, boolean required, Supplier<Component> probe) {}

    private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

    public void register(String name, boolean required, Supplier<Component> probe) {
        entries.add(new Entry(name, required, probe));
    }

    /** Result of one evaluation: overall state plus each part. */
    public record Report(boolean up, Map<String, Component> components) {}

    public Report evaluate() {
        Map<String, Component> out = new LinkedHashMap<>();
        boolean up = true;
        for (Entry e : entries) {
            Component c;
            try {
                c = e.probe().get();
            } catch (RuntimeException ex) {
                c = Component.down("probe failed: " + ex.getMessage());
            }
            out.put(e.name(), c);
            if (e.required() && !c.up()) up = false;
        }
        return new Report(up, out);
    }
}
