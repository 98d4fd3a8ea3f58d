package dev.ticktape.app.plot;

import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encodes PNG frames into a WebM with an ffmpeg child process. The frames go through ffmpeg's standard input
 * ({@code -f image2pipe}), so a long time-lapse writes no frame files. VP9 when the ffmpeg build has libvpx-vp9,
 * else VP8. The video is written beside the target and moved over it when ffmpeg succeeded.
 */
final class WebmEncoder implements AutoCloseable {
    private static final Duration FINISH_TIMEOUT = Duration.ofMinutes(5);

    private final Process process;
    private final OutputStream stdin;
    private final Path tmp;
    private final Path target;
    private final Deque<String> stderrTail = new ArrayDeque<>();
    private final Thread stderrReader;
    private final String codec;
    private boolean finished;

    private WebmEncoder(Process process, Path tmp, Path target, String codec) {
        this.process = process;
        this.stdin = new BufferedOutputStream(process.getOutputStream(), 1 << 16);
        this.tmp = tmp;
        this.target = target;
        this.codec = codec;
        this.stderrReader = new Thread(() -> drain(process.getErrorStream()), "ffmpeg-stderr");
        stderrReader.setDaemon(true);
        stderrReader.start();
    }

    /** Starts ffmpeg writing {@code target} at {@code fps} frames per second. */
    static WebmEncoder start(Path ffmpeg, Path target, int fps) throws IOException, InterruptedException {
        String encoder = pickEncoder(ffmpeg);
        Path tmp = PngFiles.tempBeside(target);
        List<String> cmd = new ArrayList<>(List.of(
                ffmpeg.toString(),
                "-hide_banner",
                "-loglevel",
                "error",
                "-y",
                "-f",
                "image2pipe",
                "-framerate",
                Integer.toString(fps),
                "-c:v",
                "png",
                "-i",
                "pipe:0",
                "-an",
                "-c:v",
                encoder,
                // Realtime settings: a chart is mostly flat colour, and the slow presets gain little on it.
                "-deadline",
                "realtime",
                "-cpu-used",
                "8",
                "-threads",
                "2",
                "-pix_fmt",
                "yuv420p"));
        if (encoder.equals("libvpx-vp9")) {
            cmd.addAll(List.of("-row-mt", "1", "-b:v", "0", "-crf", "36"));
        } else {
            cmd.addAll(List.of("-b:v", "2M", "-crf", "10")); // VP8 takes crf only under a bitrate cap
        }
        cmd.addAll(List.of("-f", "webm", tmp.toString()));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return new WebmEncoder(p, tmp, target, encoder.equals("libvpx-vp9") ? "vp9" : "vp8");
    }

    /** {@code vp9} or {@code vp8}. */
    String codec() {
        return codec;
    }

    void frame(BufferedImage image) throws IOException {
        try {
            stdin.write(PngFiles.encode(image, true));
        } catch (IOException e) {
            throw failure("ffmpeg stopped reading frames", e);
        }
    }

    /** Ends the input, waits for ffmpeg and moves the video into place. */
    void finish() throws IOException, InterruptedException {
        try {
            stdin.close();
        } catch (IOException e) {
            throw failure("ffmpeg stopped reading frames", e);
        }
        if (!process.waitFor(FINISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("ffmpeg did not finish within " + FINISH_TIMEOUT.toMinutes() + " min");
        }
        stderrReader.join(5_000);
        if (process.exitValue() != 0) throw failure("ffmpeg exited with " + process.exitValue(), null);
        PngFiles.moveOver(tmp, target);
        finished = true;
    }

    /** Stops ffmpeg if it is still running and removes a partial video. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(tmp);
    }

    /** libvpx-vp9 if this ffmpeg has it, else libvpx (VP8). */
    static String pickEncoder(Path ffmpeg) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(ffmpeg.toString(), "-hide_banner", "-encoders")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(ffmpeg + " -encoders did not answer within 30 s");
        }
        if (listing.contains(" libvpx-vp9 ")) return "libvpx-vp9";
        if (listing.contains(" libvpx ")) return "libvpx";
        throw new IOException(ffmpeg + " has no VP9 or VP8 encoder (libvpx); install a build with libvpx");
    }

    private IOException failure(String what, IOException cause) {
        try {
            stderrReader.join(2_000); // let the reader catch ffmpeg's last words
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String tail;
        synchronized (stderrTail) {
            tail = String.join(" | ", stderrTail);
        }
        return new IOException(what + (tail.isEmpty() ? "" : ": " + tail), cause);
    }

    private void drain(InputStream err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.addLast(line);
                    if (stderrTail.size() > 5) stderrTail.removeFirst();
                }
            }
        } catch (IOException e) {
            // the process is gone; what was read is what there is
        }
    }
}
