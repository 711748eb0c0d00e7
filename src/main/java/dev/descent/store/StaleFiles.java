package dev.descent.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Removal of leftover files from a directory, sparing the ones written since a moment (they may be in use). */
public final class StaleFiles {

    private StaleFiles() {
    }

    /**
     * Deletes the regular files directly in {@code dir} whose name {@code leftover} accepts and that were last
     * written before {@code writtenBefore}; links and subdirectories stay.
     *
     * @return the names removed; none when the directory does not exist
     */
    public static List<String> remove(Path dir, Predicate<String> leftover, Instant writtenBefore) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (leftover.test(name) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(file).toInstant().isBefore(writtenBefore)
                        && Files.deleteIfExists(file)) {
                    removed.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return removed;
    }
}
