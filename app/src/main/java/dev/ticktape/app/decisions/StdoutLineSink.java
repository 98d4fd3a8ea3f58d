package dev.ticktape.app.decisions;

import dev.ticktape.app.health.HealthCheck;
import java.io.PrintStream;
import java.util.List;

/** Decision lines on standard output ({@code --decision-stdout}), one JSON object per line. */
final class StdoutLineSink implements LineSink {
    private final PrintStream out;

    StdoutLineSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void write(List<byte[]> lines) {
        synchronized (out) {
            for (byte[] line : lines) {
                out.write(line, 0, line.length);
                out.write('\n');
            }
            out.flush();
        }
    }

    @Override
    public HealthCheck.Component health() {
        return out.checkError()
                ? HealthCheck.Component.down("standard output is closed")
                : HealthCheck.Component.up("");
    }

    @Override
    public void close() {
        out.flush();
    }
}
