package dev.ticktape.app.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** --webm: a VP8/VP9 WebM through ffmpeg when there is one, one clear line and exit 2 when there is none. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlotWebmTest {
    @TempDir
    Path dir;

    @Test
    void aTimeLapseIsAWebmWithOneFramePerStep() throws Exception {
        String path = System.getenv("PATH");
        Optional<Path> ffprobe = Executables.find("ffprobe", path);
        assumeTrue(Executables.find("ffmpeg", path).isPresent() && ffprobe.isPresent(), "ffmpeg is not installed");
        DecisionLines d = new DecisionLines("binance", "BTCUSDT", "r1");
        for (int i = 0; i < 23; i++) d.at(i, i % 7 < 3 ? 1 : i % 7 < 5 ? 0 : -1);
        Path ndjson = dir.resolve("d.ndjson");
        DecisionLines.write(ndjson, d.lines());
        Path webm = dir.resolve("lapse.webm");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PlotDecisions plot = new PlotDecisions(new PrintWriter(out), new PrintWriter(err), path);

        int code = plot.run(request(ndjson, webm), new Stop());

        assertThat(code).as(err.toString()).isZero();
        assertThat(Files.readAllBytes(webm)).startsWith(0x1A, 0x45, 0xDF, 0xA3); // EBML, the WebM container
        Process probe = new ProcessBuilder(
                        ffprobe.get().toString(),
                        "-v",
                        "error",
                        "-count_frames",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "stream=codec_name,nb_read_frames,width,height",
                        "-of",
                        "default=noprint_wrappers=1",
                        webm.toString())
                .redirectErrorStream(true)
                .start();
        String info = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(info).containsPattern("codec_name=vp[89]");
        // 23 decisions, 5 a frame: frames at 5, 10, 15, 20 and the last with all 23.
        assertThat(info).contains("nb_read_frames=5", "width=400", "height=300");
        assertThat(out.toString()).contains("wrote " + webm + ": 5 frames");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("d.ndjson", "lapse.webm");
        }
    }

    @Test
    void withoutFfmpegOnThePathItSaysSoInOneLineAndExits2() throws Exception {
        Path ndjson = dir.resolve("d.ndjson");
        DecisionLines.write(
                ndjson, new DecisionLines("binance", "BTCUSDT", "r1").at(0, 1).lines());
        Path webm = dir.resolve("lapse.webm");
        for (String searchPath : new String[] {"", dir.toString()}) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            PlotDecisions plot = new PlotDecisions(new PrintWriter(out), new PrintWriter(err), searchPath);

            int code = plot.run(request(ndjson, webm), new Stop());

            assertThat(code).isEqualTo(2);
            assertThat(err.toString())
                    .isEqualTo("ffmpeg not found on PATH: install it (Debian: apt-get install ffmpeg) or use --out"
                            + " for a PNG" + System.lineSeparator());
            assertThat(out.toString()).isEmpty();
            assertThat(webm).doesNotExist();
        }
    }

    @Test
    void theLookupFindsOnlyExecutableFiles() throws Exception {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        Files.writeString(a.resolve("ffmpeg"), "not executable");
        Path real = Files.writeString(b.resolve("ffmpeg"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(Executables.find("ffmpeg", a + ":" + b)).contains(real);
        assertThat(Executables.find("ffmpeg", a.toString())).isEmpty();
        assertThat(Executables.find("ffmpeg", null)).isEmpty();
    }

    private static PlotDecisions.Request request(Path ndjson, Path webm) {
        return new PlotDecisions.Request(
                ndjson,
                null,
                webm,
                Selection.ALL,
                ChartStyle.plain(400, 300),
                false,
                Duration.ofSeconds(1),
                Duration.ZERO,
                10,
                5);
    }
}
