package dev.ticktape.app.plot;

import dev.ticktape.model.Decision;
import dev.ticktape.model.codec.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Builds decision NDJSON for the plot tests: a sequence of targets per instrument, as the processor would. */
final class DecisionLines {
    static final long T0 = 1_767_261_600_000L; // 2026-01-01T10:00:00Z
    static final double FEE_AND_SLIPPAGE = 0.0008;

    private final String venue;
    private final String symbol;
    private final String runId;
    private final List<Decision> decisions = new ArrayList<>();
    private double target;

    DecisionLines(String venue, String symbol, String runId) {
        this.venue = venue;
        this.symbol = symbol;
        this.runId = runId;
    }

    /** A decision {@code seconds} after {@link #T0} moving the target to {@code newTarget}. */
    DecisionLines at(int seconds, double newTarget) {
        return at(seconds, newTarget, 0.5, Decision.Posture.ACTIVE, 100.0);
    }

    DecisionLines at(int seconds, double newTarget, double urgency, Decision.Posture posture, double close) {
        double delta = newTarget - target;
        int state = (int) Math.signum(newTarget);
        decisions.add(new Decision(
                venue,
                symbol,
                T0 + seconds * 1000L,
                T0 + seconds * 1000L + 1010,
                runId,
                close,
                state,
                Decision.directionOf(newTarget),
                newTarget,
                delta,
                urgency,
                false,
                posture == Decision.Posture.OBSERVE ? 0 : 0.9,
                delta == 0 ? "no_change" : "change",
                posture == Decision.Posture.ACTIVE,
                posture,
                Math.abs(delta) * close * FEE_AND_SLIPPAGE,
                "live:" + symbol));
        target = newTarget;
        return this;
    }

    List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    List<String> lines() {
        EventCodec codec = new EventCodec();
        return decisions.stream()
                .map(d -> new String(codec.encode(d), StandardCharsets.UTF_8))
                .toList();
    }

    static void write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
