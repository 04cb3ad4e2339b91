package dev.ghmm.io.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * How ghmm puts its outputs in place, for the command line and for library callers alike: checked before any work,
 * written under a temporary name that belongs to this run alone, then renamed, so an output is always whole-old or
 * whole-new ({@link OutputClaim} has the protocol: a lock per output path, dead runs' temporaries reclaimed, one
 * atomic rename, a shutdown hook that drops what SIGINT or SIGTERM interrupts).
 *
 * <p>Messages name an output as the command line does ({@code --out DIR}, and {@code --overwrite} for the
 * {@code overwrite} argument); each is one line naming the path. Warnings (an output that could not be cleaned up
 * after it was written whole, an output a shutdown dropped) never fail a run; they go to {@link #warnings(Consumer)}'s
 * sink, by default the {@link System.Logger} {@code dev.ghmm.io.output} at level WARNING, which the JDK's default
 * logging prints on stderr. The first output written (or the first call of {@link #warnings} or {@link #interrupted}) registers
 * the shutdown hook described in the package {@code dev.ghmm.io.output}.
 */
public final class OutputFiles {
    private OutputFiles() {
    }

    /** What a run writes into a directory or a file, given the temporary path to write. */
    @FunctionalInterface
    public interface Contents {
        /**
         * Writes the output.
         *
         * @param tmp the temporary directory (empty) or file (empty) of this run
         * @throws IOException if writing fails; the output is then as it was
         */
        void writeInto(Path tmp) throws IOException;
    }

    /**
     * Sends every later warning of the output protocol to {@code sink} (one line each, without a prefix), instead of
     * the {@link System.Logger} {@code dev.ghmm.io.output}; the command line prints them on stderr after {@code ghmm: }.
     *
     * @param sink where warnings go
     */
    public static void warnings(Consumer<String> sink) {
        OutputClaim.warnings(Objects.requireNonNull(sink, "sink"));
    }

    /**
     * {@return whether SIGINT or SIGTERM has stopped a run of this process while it wrote an output} The shutdown hook
     * has then warned what became of the output.
     */
    public static boolean interrupted() {
        return OutputClaim.interrupted();
    }

    /**
     * Checks an output directory named by {@code --out}: its parent exists; it is neither the current directory nor
     * one of its ancestors, and holds none of {@code inputs}; it is absent, an empty directory, or (with
     * {@code overwrite}) any directory.
     *
     * @param out       the directory
     * @param overwrite whether a non-empty directory may be replaced
     * @param inputs    the files and directories the run reads (null entries are skipped)
     * @return the directory: its parent's real path and its own name
     * @throws IllegalArgumentException naming --out and what is wrong
     * @throws IOException              if the file system cannot be asked
     */
    public static Path checkDirectory(Path out, boolean overwrite, Path... inputs) throws IOException {
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
     *
     * @param out       the file
     * @param overwrite whether an existing file may be replaced
     * @param inputs    the files and directories the run reads
     * @return the file: its parent's real path and its own name
     * @throws IllegalArgumentException naming --out and what is wrong
     * @throws IOException              if the file system cannot be asked
     */
    public static Path checkFile(Path out, boolean overwrite, Path... inputs) throws IOException {
        return checkFile("--out", out, overwrite, inputs);
    }

    /**
     * Checks an output file: its parent exists; it is not one of {@code inputs}, nor a directory; it is absent or
     * (with {@code overwrite}) a file.
     *
     * @param option    the option that names it, for messages
     * @param out       the file
     * @param overwrite whether an existing file may be replaced
     * @param inputs    the files and directories the run reads
     * @return the file: its parent's real path and its own name
     * @throws IllegalArgumentException naming the option and what is wrong
     * @throws IOException              if the file system cannot be asked
     */
    public static Path checkFile(String option, Path out, boolean overwrite, Path... inputs) throws IOException {
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
                throw new IllegalArgumentException(option + " " + out + ": " + describe(e));
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
     * @param out       the directory
     * @param overwrite whether a non-empty directory is replaced whole
     * @param needed    the bytes the output needs
     * @param contents  what is written into the (empty) temporary directory
     * @param inputs    the files and directories the run reads, which --out must not hold
     * @throws IllegalArgumentException on any of the refusals above
     * @throws IOException if writing fails; --out is then as it was
     */
    public static void writeDirectory(Path out, boolean overwrite, LongSupplier needed, Contents contents, Path... inputs) throws IOException {
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
                            + describe(e) + "; the next ghmm run on --out " + out + " deletes them");
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

    /**
     * Writes a file whole or not at all ({@link OutputClaim}): into a temporary file of this run's own beside it, then
     * renamed over it in one step.
     *
     * @param option   the option that names it, for messages
     * @param file     the file
     * @param replace  whether an existing file is replaced
     * @param contents what is written into the temporary file
     * @param inputs   the files and directories the run reads, which the file must not be
     * @throws IllegalArgumentException if the file exists and {@code replace} is false, or another run writes it
     * @throws IOException if writing fails; the file is then as it was
     */
    public static void writeFile(String option, Path file, boolean replace, Contents contents, Path... inputs) throws IOException {
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

    /**
     * Deletes a file or a directory tree if it exists, never following a symbolic link.
     *
     * @param root the file or directory
     * @throws IOException if an entry cannot be deleted
     */
    public static void deleteTree(Path root) throws IOException {
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

    /**
     * A write's failure that names no file (No space left on device, File too large) as one naming the file written.
     *
     * @param file the file being written
     * @param e    the failure, which becomes the cause
     * @return a {@link FileSystemException} naming {@code file}, with {@code e}'s message as its reason
     */
    public static FileSystemException naming(Path file, IOException e) {
        FileSystemException named = new FileSystemException(file.toString(), null, e.getMessage());
        named.initCause(e);
        return named;
    }

    /**
     * Why an I/O operation failed, in words, naming the path: {@code data/x.npy: no space left on device}.
     *
     * @param e the failure
     * @return one line
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile()) + ": " + reason(e);
        }
        return reason(e);
    }

    /**
     * The reason of an I/O failure alone, in words: {@code permission denied}.
     *
     * @param e the failure
     * @return a few words
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Whether a directory holds no entries. */
    static boolean isEmptyDirectory(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
