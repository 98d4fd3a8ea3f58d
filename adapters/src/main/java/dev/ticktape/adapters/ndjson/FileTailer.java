package dev.ticktape.adapters.ndjson;

import dev.ticktape.adapters.runtime.InflightBudget;
import dev.ticktape.model.codec.LogText;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds an NDJSON file through the {@link LineHandler} on its own thread, labelled {@code file:<path>}.
 *
 * <ul>
 *   <li>Replay ({@code follow=false}): reads the file once from the start and completes at its end; a last line
 *       without newline is processed.</li>
 *   <li>Follow ({@code follow=true}, like {@code tail -F}): after the end, polls for growth; a partial last line
 *       waits for its newline. When the file is replaced (a different file key, e.g. inode, at the path) the old
 *       file is read to its end and the new one from its start; when it shrinks below the read position it is
 *       read again from the start. In both cases the old partial line is processed as a line. A truncation
 *       followed by regrowth past the read position between two polls cannot be seen (as with {@code tail}).
 *       A missing file is waited for. Completes only on {@link #close()}.</li>
 * </ul>
 * Reading blocks while the {@link InflightBudget} is paused, so a large file never buffers more than the budget.
 * A failed publish stops the tailer ({@link #completion()} fails with {@link PublishFailedException}). The file's
 * publisher channel ends when reading ends (end of a replay, close of a follow).
 *
 * <p>While reading, one INFO line every {@link #PROGRESS_EVERY} (lines, lines/s, the event time reached and, for a
 * replay, the share of the file read and an ETA) so a long replay shows it is moving without a line per message;
 * at the end of a replay one summary line ({@link ReplayStats#summary}).
 */
public final class FileTailer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileTailer.class);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);
    private static final int CHUNK = 64 * 1024;
    /** How often a reading tailer logs its progress. */
    public static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

    private final Path path;
    private final boolean follow;
    private final LineHandler handler;
    private final InflightBudget budget;
    private final Duration pollInterval;
    private final CompletableFuture<Void> completion = new CompletableFuture<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicReference<Throwable> publishFailure = new AtomicReference<>();
    private final LineSession session;
    private final LineSplitter splitter;
    private final ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
    private Thread thread;
    private final long startNanos = System.nanoTime();
    private long nextProgressNanos = startNanos + PROGRESS_EVERY.toNanos();
    private long fileBytes = -1; // size at open, for a replay's share read and ETA
    private volatile long bytesRead;

    public FileTailer(Path path, boolean follow, LineHandler handler, InflightBudget budget, Duration pollInterval) {
        this.path = Objects.requireNonNull(path, "path");
        this.follow = follow;
        this.handler = handler;
        this.budget = budget;
        this.pollInterval = pollInterval;
        this.session = handler.open(LineSource.file(path), f -> publishFailure.compareAndSet(null, f));
        this.splitter = handler.splitter(session);
    }

    /** Starts reading on a dedicated thread. */
    public synchronized void start() {
        if (thread != null) throw new IllegalStateException("already started");
        thread = new Thread(this::run, "ndjson-tail");
        thread.setDaemon(true);
        thread.start();
    }

    /** Completes when a replay reached the end of the file, or when a follow was closed; fails on errors. */
    public CompletableFuture<Void> completion() {
        return completion;
    }

    /** Waits for {@link #completion()}. */
    public void awaitCompletion(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
        completion.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public LineSession session() {
        return session;
    }

    /** Stops following (or abandons a replay) and waits for the reading thread to end. */
    @Override
    public void close() {
        stop.countDown();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t == null) {
            session.close(); // never started: nothing was published, but the channel was opened
            return;
        }
        if (t == Thread.currentThread()) return;
        t.interrupt(); // wakes a reader blocked on the in-flight budget
        try {
            t.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        log.info("ndjson input opened {} follow={}", logLabel(), follow);
        Throwable failure = null;
        try {
            if (follow) {
                followFile();
            } else {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    fileBytes = ch.size();
                    drain(ch);
                }
                splitter.finish();
                throwIfPublishFailed();
            }
        } catch (InterruptedException | ClosedByInterruptException e) {
            // closed while reading or waiting for budget
        } catch (Throwable e) {
            if (!stopped()) {
                log.warn("ndjson input {} failed: {}", logLabel(), LogText.printable(e.toString()));
                failure = e;
            }
        } finally {
            // Before completion: whoever waits for the replay finds its channel ended (end ticks queued).
            session.close();
            if (follow) {
                log.info("ndjson input closed {} {}", logLabel(), session.totals());
            } else {
                log.info(stats().summary());
            }
        }
        if (failure == null) {
            completion.complete(null);
        } else {
            completion.completeExceptionally(failure);
        }
    }

    private void followFile() throws IOException, InterruptedException {
        FileChannel ch = null;
        Object key = null;
        try {
            while (!stopped()) {
                if (ch == null) {
                    key = fileKey();
                    ch = openIfPresent();
                    if (ch == null) {
                        pause();
                        continue;
                    }
                }
                long read = drain(ch);
                Object current = fileKey();
                if (current != null && key != null && !current.equals(key)) {
                    drain(ch); // rotated: finish the old file before switching
                    splitter.finish();
                    ch.close();
                    ch = null;
                    log.info("ndjson input {} was replaced, reopening", logLabel());
                    continue;
                }
                if (ch.size() < ch.position()) {
                    splitter.finish();
                    ch.position(0);
                    log.info("ndjson input {} was truncated, reading from the start", logLabel());
                    continue;
                }
                if (read == 0) pause();
            }
        } finally {
            if (ch != null) ch.close();
        }
    }

    /** Reads to the current end of the file; returns the bytes read. */
    private long drain(FileChannel ch) throws IOException, InterruptedException {
        long total = 0;
        while (true) {
            budget.awaitCapacity();
            throwIfPublishFailed();
            buffer.clear();
            int n = ch.read(buffer);
            if (n <= 0) return total;
            splitter.feed(buffer.array(), 0, n);
            total += n;
            bytesRead += n;
            long now = System.nanoTime();
            if (now >= nextProgressNanos) {
                nextProgressNanos = now + PROGRESS_EVERY.toNanos();
                log.info(stats().progress(follow ? -1 : fileBytes));
            }
        }
    }

    /** What this tailer has read so far. */
    public ReplayStats stats() {
        return new ReplayStats(
                session.source().label(),
                session.lines(),
                session.trades(),
                session.accepted() - session.trades(),
                session.rejected(),
                session.blank(),
                session.firstEventMs(),
                session.lastEventMs(),
                bytesRead,
                Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** The label as it may appear in a log line: a file name can hold any character but '/' and NUL. */
    private String logLabel() {
        return LogText.printable(session.source().label());
    }

    private FileChannel openIfPresent() throws IOException {
        try {
            return FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** The file's identity (inode on Unix), or null when absent or not supported by the file system. */
    private Object fileKey() throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private void pause() throws InterruptedException {
        stop.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean stopped() {
        return stop.getCount() == 0;
    }

    private void throwIfPublishFailed() throws PublishFailedException {
        Throwable f = publishFailure.get();
        if (f != null) throw new PublishFailedException(session.source().label(), f);
    }
}
