package dev.ticktape.venuesim;

import dev.ticktape.model.OptionContract;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded option market for the fake brokers: one random-walk spot per underlying (starting at the first
 * strike seen) and Black-Scholes values per contract at a slowly wandering volatility. Units are the canonical
 * ones: iv a fraction, theta per calendar day, vega per vol point.
 */
public final class SimOptionChain {
    /** One contract's values at {@code timeMs}. */
    public record Snapshot(
            OptionContract contract,
            long timeMs,
            double spot,
            double price,
            double bid,
            double ask,
            double iv,
            double delta,
            double gamma,
            double theta,
            double vega,
            double rho) {}

    private static final double RATE = 0.04;

    private final List<OptionContract> contracts;
    private final Map<String, Double> spots = new LinkedHashMap<>();
    private final Map<OptionContract, Double> vols = new LinkedHashMap<>();
    private final SplittableRandom random;

    public SimOptionChain(long seed, List<OptionContract> contracts) {
        this.contracts = List.copyOf(contracts);
        this.random = new SplittableRandom(seed);
        for (OptionContract c : contracts) {
            spots.putIfAbsent(c.underlying(), c.strike());
            vols.put(c, 0.15 + random.nextDouble() * 0.2);
        }
    }

    public synchronized List<OptionContract> contracts() {
        return contracts;
    }

    /** Moves the market one step and returns every contract's values. */
    public synchronized List<Snapshot> step(long nowMs) {
        spots.replaceAll((u, s) -> Math.max(0.01, s * (1 + random.nextGaussian() * 0.0005)));
        vols.replaceAll((c, v) -> Math.min(1.5, Math.max(0.05, v + random.nextGaussian() * 0.001)));
        List<Snapshot> out = new ArrayList<>(contracts.size());
        for (OptionContract c : contracts) out.add(value(c, nowMs));
        return out;
    }

    public synchronized double spot(String underlying) {
        return spots.get(underlying);
    }

    private Snapshot value(OptionContract c, long nowMs) {
        double s = spots.get(c.underlying());
        double k = c.strike();
        double vol = vols.get(c);
        LocalDate today = Instant.ofEpochMilli(nowMs).atZone(ZoneOffset.UTC).toLocalDate();
        double t = Math.max(1, ChronoUnit.DAYS.between(today, c.expiry())) / 365.0;
        double sq = vol * Math.sqrt(t);
        double d1 = (Math.log(s / k) + (RATE + vol * vol / 2) * t) / sq;
        double d2 = d1 - sq;
        double disc = Math.exp(-RATE * t);
        double pdf = Math.exp(-d1 * d1 / 2) / Math.sqrt(2 * Math.PI);
        boolean call = c.right() == 'C';
        double price = call ? s * cdf(d1) - k * disc * cdf(d2) : k * disc * cdf(-d2) - s * cdf(-d1);
        double delta = call ? cdf(d1) : cdf(d1) - 1;
        double gamma = pdf / (s * sq);
        double thetaYear =
                -s * pdf * vol / (2 * Math.sqrt(t)) + (call ? -RATE * k * disc * cdf(d2) : RATE * k * disc * cdf(-d2));
        double vega = s * pdf * Math.sqrt(t) / 100;
        double rho = (call ? k * t * disc * cdf(d2) : -k * t * disc * cdf(-d2)) / 100;
        price = Math.max(0.01, price);
        double half = Math.max(0.01, price * 0.01);
        return new Snapshot(
                c,
                nowMs,
                s,
                price,
                Math.max(0.01, price - half),
                price + half,
                vol,
                delta,
                gamma,
                thetaYear / 365,
                vega,
                rho);
    }

    /** Standard normal CDF (Abramowitz-Stegun 26.2.17, error below 1e-7). */
    private static double cdf(double x) {
        double k = 1 / (1 + 0.2316419 * Math.abs(x));
        double poly = k * (0.319381530 + k * (-0.356563782 + k * (1.781477937 + k * (-1.821255978 + k * 1.330274429))));
        double tail = Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI) * poly;
        return x >= 0 ? 1 - tail : tail;
    }
}
