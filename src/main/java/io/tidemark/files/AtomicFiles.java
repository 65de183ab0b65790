package io.tidemark.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Files that appear complete or not at all, and names that any table name can be turned into. */
public final class AtomicFiles {
    /** Suffix of the hidden temporary files; a crash can leave one behind, never a half-written target. */
    public static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** Something that writes a file's content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} under a hidden temporary name in the same folder, forces it to disk, then renames it
     * atomically over {@code target}.
     */
    public static void write(Path target, Content content) throws IOException {
        Path temporary = target.resolveSibling("." + target.getFileName() + TEMP_SUFFIX);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            content.writeTo(out);
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A name as it is, except what a file name cannot hold: {@code / \ %} escaped, a leading dot as {@code %2E}. */
    public static String safeName(String name) {
        String safe = name.replace("%", "%25").replace("/", "%2F").replace("\\", "%5C");
        return safe.startsWith(".") ? "%2E" + safe.substring(1) : safe;
    }
}
