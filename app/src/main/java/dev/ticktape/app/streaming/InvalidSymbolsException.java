package dev.ticktape.app.streaming;

import dev.ticktape.model.codec.LogText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Symbols an adapter was asked to start with that its venue would refuse, each with why. Nothing was started. The
 * message names every one, escaped (it reaches logs, a terminal and HTTP answers).
 */
public final class InvalidSymbolsException extends IllegalArgumentException {
    private final String adapter;
    private final Map<String, String> problems;

    public InvalidSymbolsException(String adapter, Map<String, String> problems) {
        super(message(adapter, problems));
        this.adapter = adapter;
        this.problems = Map.copyOf(problems);
    }

    public String adapter() {
        return adapter;
    }

    /** Each invalid symbol with why it is refused. */
    public Map<String, String> problems() {
        return problems;
    }

    private static String message(String adapter, Map<String, String> problems) {
        String each = problems.entrySet().stream()
                .map(e -> "'" + LogText.printable(e.getKey()) + "': " + e.getValue())
                .collect(Collectors.joining("; "));
        return "invalid " + (problems.size() == 1 ? "symbol" : "symbols") + " for " + adapter + ", nothing started: "
                + each;
    }

    /** The problems of {@code symbols} under {@code rule}, in order; empty when all are fine. */
    public static Map<String, String> find(List<String> symbols, AdapterKind rule) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String s : symbols) rule.symbolProblem(s).ifPresent(p -> out.put(s, p));
        return out;
    }
}
