package dev.ticktape.topology.decisions;

import dev.ticktape.model.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Counters of the decision processor:
 * <ul>
 *   <li>{@code ticktape.decisions.emitted{posture=ACTIVE|OBSERVE}}: decisions forwarded to {@code md.decisions}</li>
 *   <li>{@code ticktape.decisions.held{reason}}: of those, the ones whose target a gate held ({@code hold=true}),
 *       by reason ({@code gate_closed:<source>}, {@code cost_budget}, {@code edge_below_cost})</li>
 *   <li>{@code ticktape.decisions.ignored{reason}}: summaries not decided on: {@code revised_summary} (an end at or
 *       before the instrument's last decided end: decisions are never revised), {@code other_window} (not the
 *       decided window), {@code undecodable} (not a summary)</li>
 *   <li>{@code ticktape.decisions.gate.invalid}: records of {@code md.decisions.gate} that are not gate settings,
 *       skipped</li>
 *   <li>{@code ticktape.decisions.status.invalid}: records of {@code md.status} that are not status records,
 *       skipped</li>
 * </ul>
 * Thread-safe: shared by the stream threads and the global thread of one client.
 */
public final class DecisionMetrics {
    public static final String EMITTED = "ticktape.decisions.emitted";
    public static final String HELD = "ticktape.decisions.held";
    public static final String IGNORED = "ticktape.decisions.ignored";
    public static final String GATE_INVALID = "ticktape.decisions.gate.invalid";
    public static final String STATUS_INVALID = "ticktape.decisions.status.invalid";

    private final MeterRegistry registry;
    private final Map<Decision.Posture, Counter> emitted = new EnumMap<>(Decision.Posture.class);
    private final Counter revised;
    private final Counter otherWindow;
    private final Counter undecodable;
    private final Counter gateInvalid;
    private final Counter statusInvalid;

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Decision.Posture p : Decision.Posture.values()) {
            emitted.put(
                    p,
                    Counter.builder(EMITTED)
                            .tag("posture", p.name())
                            .description("Decisions forwarded to md.decisions")
                            .register(registry));
        }
        revised = ignored("revised_summary");
        otherWindow = ignored("other_window");
        undecodable = ignored("undecodable");
        gateInvalid = Counter.builder(GATE_INVALID)
                .description("Records of md.decisions.gate that are not gate settings, skipped")
                .register(registry);
        statusInvalid = Counter.builder(STATUS_INVALID)
                .description("Records of md.status that are not status records, skipped")
                .register(registry);
    }

    private Counter ignored(String reason) {
        return Counter.builder(IGNORED)
                .tag("reason", reason)
                .description("Summaries not decided on")
                .register(registry);
    }

    void emitted(Decision d) {
        emitted.get(d.posture()).increment();
        // Reasons are few (the gate sources, two cost reasons); the registry hands back the meter it holds.
        if (d.hold()) {
            Counter.builder(HELD)
                    .tag("reason", d.reason())
                    .description("Decisions whose target a gate held")
                    .register(registry)
                    .increment();
        }
    }

    void revisedSummary() {
        revised.increment();
    }

    void otherWindow() {
        otherWindow.increment();
    }

    void undecodable() {
        undecodable.increment();
    }

    void gateInvalid() {
        gateInvalid.increment();
    }

    void statusInvalid() {
        statusInvalid.increment();
    }
}
