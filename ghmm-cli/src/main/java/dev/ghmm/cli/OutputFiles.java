package dev.ghmm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * How the command line puts its outputs in place: checked before any work, written under a temporary name that belongs
 * to this run alone, then renamed, so an output is always whole-old or whole-new ({@link OutputClaim} has the protocol).
 */
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
     * Checks an output directory named by {@code --out}: its parent exists; it is neither the current directory nor
     * one of its ancestors, and holds none of {@code inputs}; it is absent, an empty directory, or (with
     * {@code overwrite}) any directory.
     *
     * @param inputs the files and directories the command reads (null entries are skipped)
     * @return the directory: its parent's real path and its own name
     * @throws IllegalArgumentException naming --out and what is wrong
     */
    static Path checkDirectory(Path out, boolean overwrite, Path... inputs) throws IOException {
        Path target = place("--out", out, inputs);
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
            }
            if (!overwrite && !isEmptyDirectory(target)) {
                throw new IllegalArgumentException("--out " + out + " is not empty: pass --overwrite to replace it whole");
            }
        }
        return target;
    }

    /**
     * Checks an output file named by {@code --out}, as {@link #checkFile(String, Path, boolean, Path...)}.
     */
    static Path checkFile(Path out, boolean overwrite, Path... inputs) throws IOException {
        return checkFile("--out", out, overwrite, inputs);
    }

    /**
     * Checks an output file: its parent exists; it is not one of {@code inputs}, nor a directory; it is absent or
     * (with {@code overwrite}) a file.
     *
     * @param option the option that names it, for messages
     * @return the file: its parent's real path and its own name
     * @throws IllegalArgumentException naming the option and what is wrong
     */
    static Path checkFile(String option, Path out, boolean overwrite, Path... inputs) throws IOException {
        Path target = place(option, out, inputs);
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(option + " " + out + " is a directory, not a file");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
            throw new IllegalArgumentException(option + " " + out + " exists: pass --overwrite to replace it");
        }
        return target;
    }

    /**
     * Where an output goes: its parent's real path and its name, refused when the parent is missing, when it is a
     * symbolic link, when it would replace the current directory or one of its ancestors, or when it holds an input of
     * the command. Paths are resolved by the file system, never lexically ({@code link/..} is the parent of the link's
     * target), and compared by identity, so a second path to the same directory (a bind mount, another case on a
     * case-insensitive file system) is caught too.
     */
    private static Path place(String option, Path out, Path... inputs) throws IOException {
        Path absolute = out.toAbsolutePath();
        Path name = absolute.getFileName();
        Path target;
        if (name == null) {
            throw new IllegalArgumentException(option + " " + out + " is the root directory");
        } else if (name.toString().equals(".") || name.toString().equals("..")) {
            try {
                target = absolute.toRealPath(); // . and .. name an existing directory when the rest of the path does
            } catch (NoSuchFileException e) {
                throw new IllegalArgumentException(option + " " + out + ": " + Output.describe(e));
            }
            if (target.getParent() == null) {
                throw new IllegalArgumentException(option + " " + out + " is the root directory");
            }
        } else {
            Path parent = absolute.getParent();
            if (!Files.isDirectory(parent)) {
                throw new IllegalArgumentException(option + " " + out + ": its parent " + parent + " is not an existing directory");
            }
            target = parent.toRealPath().resolve(name.toString());
        }
        if (Files.isSymbolicLink(target)) {
            throw new IllegalArgumentException(option + " " + out + " is a symbolic link: give the path it points to, or remove the link");
        }
        if (holds(target, Path.of("").toAbsolutePath())) {
            throw new IllegalArgumentException(option + " " + out + " is the current directory or holds it: write beside it instead");
        }
        for (Path input : inputs) {
            if (input != null && Files.exists(input) && holds(target, input)) {
                throw new IllegalArgumentException(option + " " + out + " holds the input " + input
                        + ", which writing it would delete: choose another " + option);
            }
        }
        return target;
    }

    /** Whether {@code path} is {@code target} or lies under it: one of its real ancestors is the same file. */
    private static boolean holds(Path target, Path path) throws IOException {
        if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (Path p = path.toRealPath(); p != null; p = p.getParent()) {
            if (p.equals(target) || Files.isSameFile(p, target)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes the directory {@code --out} whole or not at all ({@link OutputClaim}). Refused before anything is written:
     * what {@link #checkDirectory} refuses; another run on the same directory; with {@code overwrite}, a previous
     * directory holding a directory ghmm may not delete from; then the bytes {@code needed} (asked only after those
     * checks; 0 when negligible) must fit in the free space, which counts the space dead runs' temporaries held.
     *
     * @param inputs the files and directories the command reads, which --out must not hold
     * @throws IllegalArgumentException on any of the refusals above
     * @throws IOException if writing fails; --out is then as it was
     */
    static void writeDirectory(Path out, boolean overwrite, LongSupplier needed, Contents contents, Path... inputs) throws IOException {
        try (OutputClaim claim = OutputClaim.claim(place("--out", out, inputs), "--out " + out)) {
            Path target = checkDirectory(out, overwrite, inputs); // after reclaiming, which may have restored it
            if (overwrite && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                checkDeletable(out, target);
            }
            Path parent = target.getParent();
            long bytes = needed.getAsLong();
            long usable = Files.getFileStore(parent).getUsableSpace();
            if (bytes > usable) {
                throw new IllegalArgumentException("--out " + out + ": the output needs " + bytes + " bytes but " + parent + " has " + usable
                        + " bytes free");
            }
            contents.writeInto(claim.createPartialDirectory());
            Path old = claim.commit(overwrite, true);
            if (old != null) {
                try {
                    deleteTree(old);
                } catch (IOException e) {
                    OutputClaim.warn("--out " + out + " is written whole, but its previous contents could not all be deleted from " + old + ": "
                            + Output.describe(e) + "; the next ghmm run on --out " + out + " deletes them");
                }
            }
        }
    }

    /** Refuses to replace a directory whose tree holds a directory this process may not delete entries from. */
    private static void checkDeletable(Path out, Path target) throws IOException {
        try (Stream<Path> all = Files.walk(target)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !(Files.isWritable(p) && Files.isExecutable(p))) {
                    throw new IllegalArgumentException("--out " + out + " cannot be replaced: ghmm may not delete from " + p
                            + " (permission denied); nothing was written");
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Writes the picture file of {@code --plot}, replacing it when it exists (its command checked it first). */
    static void writeFile(Path file, Contents contents) throws IOException {
        writeFile("--plot", file, true, contents);
    }

    /**
     * Writes a file whole or not at all ({@link OutputClaim}): into a temporary file of this run's own beside it, then
     * renamed over it in one step.
     *
     * @param option the option that names it, for messages
     * @param replace whether an existing file is replaced
     * @param inputs the files and directories the command reads, which the file must not be
     * @throws IllegalArgumentException if the file exists and {@code replace} is false, or another run writes it
     * @throws IOException if writing fails; the file is then as it was
     */
    static void writeFile(String option, Path file, boolean replace, Contents contents, Path... inputs) throws IOException {
        try (OutputClaim claim = OutputClaim.claim(checkFile(option, file, replace, inputs), option + " " + file)) {
            contents.writeInto(claim.createPartialFile());
            claim.commit(replace, false);
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

    /** Deletes a file or a directory tree if it exists, never following a symbolic link. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
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
