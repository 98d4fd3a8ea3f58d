package dev.ticktape.app.plot;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * PNG encoding and atomic file replacement: a reader of the output (a dashboard, a browser tab reloading it)
 * sees the previous complete file or the new complete file, never a half-written one.
 */
public final class PngFiles {
    private PngFiles() {}

    /**
     * Encodes an image as PNG in memory (no ImageIO disk cache).
     *
     * @param fast lighter compression, for frames that are decoded again at once
     */
    public static byte[] encode(BufferedImage image, boolean fast) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (fast && param.canWriteCompressed()) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.9f); // a low deflate level: the pipe is local, the CPU is not free
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** Writes the image to {@code target} atomically. */
    public static void write(BufferedImage image, Path target) throws IOException {
        writeAtomically(target, out -> out.write(encode(image, false)));
    }

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes to a temporary file beside {@code target} (same file system, so the rename is atomic), then moves it
     * over {@code target}. The temporary file is created with the default permissions, not a temp file's 0600, so
     * the result is as readable as any file written here.
     */
    public static void writeAtomically(Path target, Content content) throws IOException {
        Path tmp = tempBeside(target);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
            moveOver(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A fresh path in {@code target}'s directory, hidden and marked temporary; the directory is created. */
    public static Path tempBeside(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        String name = abs.getFileName().toString();
        int dot = name.lastIndexOf('.');
        // Keep the extension last: tools that pick a format from the name (ffmpeg) then still find it.
        String ext = dot > 0 ? name.substring(dot) : "";
        return dir.resolve("." + name + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp" + ext);
    }

    /** Replaces {@code target} with {@code tmp} in one rename. */
    public static void moveOver(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("cannot replace " + target + " atomically: " + e.getMessage(), e);
        }
    }
}
