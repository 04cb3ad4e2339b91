package dev.ghmm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/** How the command line puts files in place: written under a temporary name, then moved, so nothing half-written looks done. */
final class OutputFiles {
    /** The library version written into files. */
    static final String VERSION = "0.1.0-SNAPSHOT";

    private OutputFiles() {
    }

    /** What a command writes into a directory or a file, given the temporary path to write. */
    @FunctionalInterface
    interface Contents {
        void writeInto(Path tmp) throws IOException;
    }

    /**
     * Checks an output directory named by {@code --out}: its parent exists, and it is absent, an empty directory, or
     * (with {@code overwrite}) any directory.
     *
     * @return the directory, absolute and normalised
     * @throws IllegalArgumentException naming --out and what is wrong
     */
    static Path checkDirectory(Path out, boolean overwrite) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--out " + out + ": its parent " + parent + " is not an existing directory");
        }
        if (Files.exists(target)) {
            if (!Files.isDirectory(target)) {
                throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
            }
            if (!overwrite && !isEmptyDirectory(target)) {
                throw new IllegalArgumentException("--out " + out + " is not empty: pass --overwrite to replace it whole");
            }
        }
        return target;
    }

    /**
     * Checks an output file named by {@code --out}: its parent exists, and it is absent or (with {@code overwrite}) a
     * file.
     *
     * @return the file, absolute and normalised
     * @throws IllegalArgumentException naming --out and what is wrong
     */
    static Path checkFile(Path out, boolean overwrite) {
        Path target = out.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--out " + out + ": its parent " + parent + " is not an existing directory");
        }
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException("--out " + out + " is a directory, not a file");
        }
        if (Files.exists(target) && !overwrite) {
            throw new IllegalArgumentException("--out " + out + " exists: pass --overwrite to replace it");
        }
        return target;
    }

    /**
     * Writes the directory {@code --out} whole or not at all. Refused first: what {@link #checkDirectory} refuses;
     * then the bytes {@code needed} (asked only after those checks; 0 when negligible) must fit in the free space. The
     * contents go into the temporary sibling {@code .NAME.ghmm-partial}, which a failure, SIGINT or SIGTERM removes,
     * and which is renamed into place when complete, replacing a previous directory whole.
     */
    static void writeDirectory(Path out, boolean overwrite, LongSupplier needed, Contents contents) throws IOException {
        Path target = checkDirectory(out, overwrite);
        Path parent = target.getParent();
        long bytes = needed.getAsLong();
        long usable = Files.getFileStore(parent).getUsableSpace();
        if (bytes > usable) {
            throw new IllegalArgumentException("--out " + out + ": the output needs " + bytes + " bytes but " + parent + " has " + usable
                    + " bytes free");
        }
        Path tmp = parent.resolve("." + target.getFileName() + ".ghmm-partial");
        deleteTree(tmp);
        Files.createDirectory(tmp);
        Thread cleanup = new Thread(() -> {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // the process is ending; a leftover .ghmm-partial directory is removed by the next run
            }
        });
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean done = false;
        try {
            contents.writeInto(tmp);
            if (Files.exists(target)) {
                Path old = parent.resolve("." + target.getFileName() + ".ghmm-old");
                deleteTree(old);
                Files.move(target, old);
                publish(tmp, target);
                deleteTree(old);
            } else {
                publish(tmp, target);
            }
            done = true;
        } finally {
            if (!done) {
                deleteTree(tmp);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: it removes the temporary directory
            }
        }
    }

    /** Writes a file whole or not at all: to {@code .NAME.partial} beside it, then renamed into place. */
    static void writeFile(Path file, Contents contents) throws IOException {
        Path target = file.toAbsolutePath();
        Path tmp = target.resolveSibling("." + target.getFileName() + ".partial");
        try {
            contents.writeInto(tmp);
            publish(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Moves a finished temporary file or directory into place, atomically where the file system allows. */
    static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Deletes a file or a directory tree if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Whether a directory holds no entries. */
    static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
