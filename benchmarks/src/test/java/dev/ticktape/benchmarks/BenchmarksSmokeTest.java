package dev.ticktape.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every benchmark once, briefly and in this JVM, so a benchmark that no longer compiles against the code,
 * throws, or rejects its sample input fails the build instead of the next person who measures.
 */
class BenchmarksSmokeTest {

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyBenchmarkRunsAndReportsATime() throws Exception {
        Options opts = new OptionsBuilder()
                .include("dev\\.ticktape\\..*Benchmark\\..*")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();

        Collection<RunResult> results = new Runner(opts).run();

        assertThat(results)
                .extracting(r -> r.getParams().getBenchmark())
                .containsExactlyInAnyOrder(
                        "dev.ticktape.benchmarks.TradeDecodeBenchmark.gatewayLine",
                        "dev.ticktape.benchmarks.TradeDecodeBenchmark.gatewayLineBaselineReadTree",
                        "dev.ticktape.benchmarks.TradeDecodeBenchmark.topicRecord",
                        "dev.ticktape.benchmarks.TradeDecodeBenchmark.topicRecordBaselineReadTree",
                        "dev.ticktape.benchmarks.CodecEncodeBenchmark.trade",
                        "dev.ticktape.benchmarks.CodecEncodeBenchmark.tradeBaselineGenerator",
                        "dev.ticktape.benchmarks.CodecEncodeBenchmark.bar",
                        "dev.ticktape.benchmarks.GatewayLineBenchmark.line",
                        "dev.ticktape.benchmarks.GatewayLineBenchmark.lineBaselineTree",
                        "dev.ticktape.benchmarks.SinkRowBenchmark.barRecord",
                        "dev.ticktape.benchmarks.SinkRowBenchmark.barRecordBaselineReadTree",
                        "dev.ticktape.topology.bars.BarUpdateBenchmark.add",
                        "dev.ticktape.topology.bars.BarUpdateBenchmark.first",
                        "dev.ticktape.topology.bars.BarUpdateBenchmark.closeAndEncode",
                        "dev.ticktape.topology.bars.BarUpdateBenchmark.addBaselinePlainObject");
        // Average time per call: a benchmark that ran reports a positive, finite number of nanoseconds.
        for (RunResult r : results) {
            double ns = r.getPrimaryResult().getScore();
            assertThat(ns).as(r.getParams().getBenchmark()).isPositive().isFinite();
        }
    }
}
