package dev.ticktape.adapters.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ticktape.model.Gap;
import dev.ticktape.venuesim.InjectedFault;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Compares the gap ledger an adapter published with what the fake venue says it injected: every lossy fault must
 * produce exactly one gap of the expected cause and instruments whose window contains the fault's window, and no
 * gap may exist without a fault.
 */
public final class GapOracle {
    /**
     * How much later than the fault a gap may start. The adapter starts an outage at the receive time of its last
     * data, the fake stamps the fault at the send time of its last frame; loopback delivery between the two took
     * 1 ms on a loaded machine.
     */
    static final long DELIVERY_SLACK_MS = 50;

    private GapOracle() {}

    /** The latest record of each gap identity, in order of first publication (what a compacted md.gaps holds). */
    public static List<Gap> ledger(InMemoryPublisher published) {
        Map<String, Gap> latest = new LinkedHashMap<>();
        published.events().stream()
                .filter(Gap.class::isInstance)
                .map(Gap.class::cast)
                .forEach(g -> latest.put(g.venue() + "|" + g.symbol() + "|" + g.tsMs() + "|" + g.cause(), g));
        return new ArrayList<>(latest.values());
    }

    /**
     * As {@link #ledger(InMemoryPublisher)}, for the gaps first published before {@code beforeMs}: a test that freezes
     * the venue makes the feed silent, which the adapter rightly records, but that silence is no fault of the venue.
     */
    public static List<Gap> ledger(InMemoryPublisher published, long beforeMs) {
        Map<String, Gap> latest = new LinkedHashMap<>();
        published.events().stream()
                .filter(Gap.class::isInstance)
                .map(Gap.class::cast)
                .forEach(g -> {
                    String id = g.venue() + "|" + g.symbol() + "|" + g.tsMs() + "|" + g.cause();
                    if (latest.containsKey(id) || g.recvMs() < beforeMs) latest.put(id, g);
                });
        return new ArrayList<>(latest.values());
    }

    /** The expected gap of one injected fault. */
    public record Expected(Gap.Cause cause, List<String> instruments, Gap.Recovery recovery) {}

    /**
     * Asserts a one-to-one match between the lossy {@code faults} and {@code gaps}; {@code expect} maps a fault to the
     * gap it must produce. Every matched gap is closed, and its window contains the fault's.
     */
    public static void assertMatches(
            List<InjectedFault> faults, List<Gap> gaps, Function<InjectedFault, Expected> expect) {
        List<InjectedFault> lossy =
                faults.stream().filter(f -> f.kind().lossy()).toList();
        assertThat(gaps).as("one gap per lossy fault %s", lossy).hasSameSizeAs(lossy);
        List<Gap> left = new ArrayList<>(gaps);
        for (InjectedFault f : lossy) {
            assertThat(f.ended()).as("the venue delivered again after %s", f).isTrue();
            Expected e = expect.apply(f);
            Gap match = left.stream()
                    .filter(g -> g.cause() == e.cause()
                            && g.instruments().equals(e.instruments())
                            && !g.isOpen()
                            && g.tsMs() <= f.fromMs() + DELIVERY_SLACK_MS
                            && g.toMs() >= f.toMs())
                    .findFirst()
                    .orElse(null);
            assertThat(match)
                    .as(
                            "a closed %s gap of %s containing [%d, %d] in %s",
                            e.cause(), e.instruments(), f.fromMs(), f.toMs(), gaps)
                    .isNotNull();
            assertThat(match.recovery()).as("recovery of %s", match).isEqualTo(e.recovery());
            left.remove(match);
        }
    }

    /**
     * A weaker check for feeds whose adapter cannot see every fault: each fault of a kind in {@code causes} has a
     * closed gap of the mapped cause, every instrument, whose window contains the fault's; gaps need not be one to one.
     */
    public static void assertCovered(
            List<InjectedFault> faults, List<Gap> gaps, Map<InjectedFault.Kind, Gap.Cause> causes) {
        for (InjectedFault f : faults) {
            Gap.Cause cause = causes.get(f.kind());
            if (cause == null) continue;
            assertThat(f.ended()).as("the venue delivered again after %s", f).isTrue();
            assertThat(gaps)
                    .as("a closed %s gap containing [%d, %d]", cause, f.fromMs(), f.toMs())
                    .anyMatch(g -> g.cause() == cause
                            && g.allInstruments()
                            && !g.isOpen()
                            && g.tsMs() <= f.fromMs() + DELIVERY_SLACK_MS
                            && g.toMs() >= f.toMs());
        }
    }

    /**
     * Asserts a one-to-one match between the venue's {@code SUBSCRIPTION_REFUSED} faults and the
     * {@code SUBSCRIPTION_ERROR} gaps: each refusal has its own gap of the same instruments (as the adapter names
     * them: {@code naming} maps a venue symbol to the published one) that starts no later than the refusal and is
     * still open or ends after it.
     */
    public static void assertRefusalsMatch(
            List<InjectedFault> faults, List<Gap> gaps, Function<String, String> naming) {
        List<InjectedFault> refusals = faults.stream()
                .filter(f -> f.kind() == InjectedFault.Kind.SUBSCRIPTION_REFUSED)
                .toList();
        List<Gap> left = new ArrayList<>(gaps.stream()
                .filter(g -> g.cause() == Gap.Cause.SUBSCRIPTION_ERROR)
                .toList());
        assertThat(left)
                .as("one subscription_error gap per refusal %s", refusals)
                .hasSameSizeAs(refusals);
        for (InjectedFault f : refusals) {
            List<String> expected = f.instruments().stream().map(naming).toList();
            Gap match = left.stream()
                    .filter(g -> g.instruments().equals(expected)
                            && g.tsMs() <= f.fromMs()
                            && (g.isOpen() || g.toMs() >= f.toMs()))
                    .findFirst()
                    .orElse(null);
            assertThat(match)
                    .as("a subscription_error gap of %s from before %d in %s", expected, f.fromMs(), left)
                    .isNotNull();
            left.remove(match);
        }
    }

    /** How many ids the venue skipped over all instruments during {@code f}. */
    public static long skippedCount(InjectedFault f) {
        return f.skipped().values().stream().mapToLong(List::size).sum();
    }
}
