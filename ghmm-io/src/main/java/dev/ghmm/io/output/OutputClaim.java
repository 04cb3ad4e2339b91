package dev.ghmm.io.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One run's claim on an output path {@code PARENT/NAME}: the only way ghmm replaces a file or a directory.
 *
 * <p>Protocol, in order:
 * <ol>
 * <li><b>Lock.</b> The run holds an exclusive OS file lock on {@code PARENT/.NAME.ghmm-lock} until it ends; a second
 * run (another process or another thread) that asks for the same path is refused at once. The OS drops the lock when
 * a process dies, even by SIGKILL. The run deletes the file as it ends: holding the lock, it writes one byte into it
 * and unlinks it; a run that opened the same file meanwhile sees the byte once it has the lock and starts again on the
 * path, so two runs never hold locks on two files of one name; a run that finds the mark on the file the path still
 * names (its run died between marking and unlinking) unlinks it itself. Nothing else of this process opens the file
 * while a run holds it (closing any descriptor of a file drops the process's POSIX locks on it).</li>
 * <li><b>Reclaim.</b> Holding the lock, the run owns every temporary of {@code NAME}: partial outputs
 * ({@code .NAME.ghmm-partial-ID}) and trash ({@code .NAME.ghmm-trash-ID}) of dead runs are deleted; a previous
 * directory moved aside ({@code .NAME.ghmm-old-ID}, always whole) by a run killed between its two renames is renamed
 * back when {@code NAME} is missing (whole-old), deleted otherwise (the new output was already in place).</li>
 * <li><b>Write.</b> The contents go into {@code .NAME.ghmm-partial-ID}, created exclusively (never another run's, never
 * through a symbolic link) with a random 64-bit {@code ID}.</li>
 * <li><b>Commit.</b> A file, or a directory where {@code NAME} is absent, is renamed over {@code NAME} (atomic). A
 * directory replaces a previous one by two renames, {@code NAME → .NAME.ghmm-old-ID} and {@code partial → NAME}
 * (between them, for microseconds, {@code NAME} is absent: Java has no atomic exchange of two directories); the old
 * tree is then renamed to {@code .NAME.ghmm-trash-ID} and deleted.</li>
 * </ol>
 *
 * <p>SIGINT and SIGTERM run a shutdown hook that takes the same monitor as the commit: before the commit it deletes
 * the partial output, so {@code NAME} stays as it was; once the commit has begun it waits the milliseconds the renames
 * take, so {@code NAME} is whole-new. Once the hook has begun no claim starts writing or commits. Only SIGKILL between
 * the two renames leaves {@code NAME} missing, and the next run on it restores the old tree first (step 2). Nothing is
 * synced to the disk: after a power loss a recently written output may be incomplete.
 */
final class OutputClaim implements AutoCloseable {
    /** A point of the protocol at which tests inject faults. */
    enum Step {
        /** The partial output exists and nothing is written into it yet. */
        CREATED,
        /** The contents are written; nothing is committed. */
        WRITTEN,
        /** A previous directory has been moved aside; the new one is not yet in place. */
        OLD_MOVED,
        /** The new output is in place; a previous directory may still wait to be deleted. */
        PUBLISHED
    }

    /** Called at each {@link Step}; tests replace it to fail, pause or signal there. */
    static volatile Consumer<Step> faults = step -> { };

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<OutputClaim> ACTIVE = ConcurrentHashMap.newKeySet();
    /** The lock files this process holds. */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();
    /** Guards {@link #shuttingDown} against the registration of new claims. */
    private static final Object SHUTDOWN = new Object();
    private static volatile boolean shuttingDown;
    private static volatile boolean interrupted;
    /** Where warnings go: {@link OutputFiles#warnings}. */
    private static volatile Consumer<String> warnings = message -> System.getLogger(OutputClaim.class.getPackageName())
            .log(System.Logger.Level.WARNING, message);

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputClaim::onShutdown, "ghmm-output-cleanup"));
    }

    private final String name;
    private final Path parent;
    private final String option;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final Path partial;
    private final Path old;
    private final Path trash;
    /** Guarded by this: the commit, {@link #close()} and the shutdown hook exclude each other. */
    private boolean cancelled;
    private boolean committed;
    private boolean reported;

    private OutputClaim(Path parent, String name, String option, Path lockFile, FileChannel channel, FileLock lock) {
        this.parent = parent;
        this.name = name;
        this.option = option;
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
        String id = HexFormat.of().toHexDigits(RANDOM.nextLong());
        this.partial = parent.resolve("." + name + ".ghmm-partial-" + id);
        this.old = parent.resolve("." + name + ".ghmm-old-" + id);
        this.trash = parent.resolve("." + name + ".ghmm-trash-" + id);
    }

    /**
     * Claims {@code target} for this run and reclaims the temporaries of dead runs on it.
     *
     * @param target the output, absolute, its parent a real directory
     * @param option how the command line names it, e.g. {@code --out ds}
     * @throws IllegalArgumentException if another run holds it, or its lock file cannot be written
     */
    static OutputClaim claim(Path target, String option) throws IOException {
        Path parent = target.getParent();
        String name = target.getFileName().toString();
        Path lockFile = parent.resolve("." + name + ".ghmm-lock");
        String busy = option + " is being written by another ghmm run (it holds " + lockFile + "): wait for it to end, or choose another path";
        // a thread of this process must not even open the file: closing any descriptor drops the process's POSIX locks on it
        if (!HELD.add(lockFile)) {
            throw new IllegalArgumentException(busy);
        }
        try {
            for (int attempt = 0; ; attempt++) {
                Object before = fileKey(lockFile);
                FileChannel channel;
                try {
                    channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS));
                } catch (IOException e) {
                    throw new IllegalArgumentException(option + ": ghmm cannot create its lock file " + lockFile.getFileName() + " in " + parent + ": "
                            + OutputFiles.reason(e));
                }
                FileLock lock = null;
                try {
                    lock = channel.tryLock();
                    if (lock == null) {
                        throw new IllegalArgumentException(busy);
                    }
                    ByteBuffer first = ByteBuffer.allocate(1);
                    if (channel.read(first, 0) < 1 || first.get(0) != ENDED) {
                        // the byte the end mark overwrites, allocated now so that marking never needs space
                        try {
                            channel.write(ByteBuffer.wrap(new byte[] {0}), 0);
                        } catch (IOException e) {
                            throw new IllegalArgumentException(option + ": ghmm cannot write its lock file " + lockFile + ": " + OutputFiles.reason(e));
                        }
                        OutputClaim claim = new OutputClaim(parent, name, option, lockFile, channel, lock);
                        claim.reclaim();
                        return claim;
                    }
                    // marked ended by a run that then unlinked it after we opened it, or that died before unlinking it: in
                    // that case the path still names the file whose lock we hold, and no other run can use it
                    if (before != null && before.equals(fileKey(lockFile))) {
                        Files.deleteIfExists(lockFile);
                    }
                    if (attempt == 100) {
                        throw new IOException(lockFile + " keeps being replaced while ghmm locks it");
                    }
                } catch (IOException | RuntimeException | Error e) {
                    if (lock != null) {
                        lock.release();
                    }
                    channel.close();
                    throw e;
                }
                lock.release();
                channel.close();
            }
        } catch (IOException | RuntimeException | Error e) {
            HELD.remove(lockFile);
            throw e;
        }
    }

    /** The byte a run writes into its lock file as it ends, before unlinking it. */
    private static final byte ENDED = 'x';

    /** The identity (device and inode) of what a path names, not following links; null if nothing is there. */
    private static Object fileKey(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException gone) {
            return null;
        }
    }

    /**
     * Deletes dead runs' partial outputs and trash; restores a previous directory a run killed between its two renames
     * left aside when {@code NAME} is missing, deletes it otherwise (step 2).
     */
    private void reclaim() throws IOException {
        Path target = parent.resolve(name);
        String quoted = Pattern.quote("." + name);
        Pattern garbage = Pattern.compile(quoted + "\\.ghmm-(partial|trash)-[0-9a-f]{16}|" + quoted + "\\.ghmm-partial|" + quoted + "\\.partial");
        Pattern olds = Pattern.compile(quoted + "\\.ghmm-old(-[0-9a-f]{16})?");
        List<Path> leftOld = new ArrayList<>();
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String entry = p.getFileName().toString();
                if (garbage.matcher(entry).matches()) {
                    OutputFiles.deleteTree(p);
                } else if (olds.matcher(entry).matches()) {
                    leftOld.add(p);
                }
            }
        }
        for (Path p : leftOld) {
            // only a whole directory is ever left under this name: deleting starts after its rename to trash
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(p, target);
                warn(option + " restored from " + p.getFileName() + ", left aside by a run killed while it replaced it");
            } else {
                OutputFiles.deleteTree(p);
            }
        }
    }

    /** Creates the partial output as an empty directory (mode as {@code mkdir}), exclusively. */
    Path createPartialDirectory() throws IOException {
        register();
        Files.createDirectory(partial);
        faults.accept(Step.CREATED);
        return partial;
    }

    /** Creates the partial output as an empty file (mode as {@code open(O_CREAT|O_EXCL)}), exclusively. */
    Path createPartialFile() throws IOException {
        register();
        Files.createFile(partial);
        faults.accept(Step.CREATED);
        return partial;
    }

    /** Puts this claim under the shutdown hook's care, unless the process is already ending. */
    private void register() throws InterruptedOutput {
        synchronized (SHUTDOWN) {
            if (shuttingDown) {
                throw new InterruptedOutput();
            }
            ACTIVE.add(this);
        }
    }

    /**
     * Puts the finished partial output in place of {@code NAME}, replacing a previous one when {@code replace}.
     *
     * @return the previous directory, renamed to {@code .NAME.ghmm-trash-ID} for the caller to delete, or null
     * @throws IllegalArgumentException if {@code NAME} is there and must not be replaced
     * @throws InterruptedOutput if the process is ending: {@code NAME} is unchanged
     */
    Path commit(boolean replace, boolean directory) throws IOException {
        faults.accept(Step.WRITTEN);
        synchronized (this) {
            return commitNow(replace, directory);
        }
    }

    private Path commitNow(boolean replace, boolean directory) throws IOException {
        if (cancelled || shuttingDown) {
            throw new InterruptedOutput();
        }
        Path target = parent.resolve(name);
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && !replace && !(directory && Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) && OutputFiles.isEmptyDirectory(target))) {
            throw new IllegalArgumentException(option + " appeared while ghmm wrote it: pass --overwrite to replace it");
        }
        if (!directory || !exists) {
            OutputFiles.publish(partial, target);
            committed = true;
            faults.accept(Step.PUBLISHED);
            return null;
        }
        Files.move(target, old);
        try {
            faults.accept(Step.OLD_MOVED);
            OutputFiles.publish(partial, target);
        } catch (IOException | RuntimeException e) {
            try {
                Files.move(old, target);
            } catch (IOException | RuntimeException restoring) {
                e.addSuppressed(restoring);
            }
            throw e;
        }
        committed = true;
        faults.accept(Step.PUBLISHED);
        try {
            Files.move(old, trash);
            return trash;
        } catch (IOException e) {
            return old; // whole: the next run deletes it, since NAME is in place
        }
    }

    /**
     * Ends the claim: deletes what was not committed, says what became of the output if the process is ending, then
     * marks the lock file ended (one byte, through the locked descriptor), unlinks it and releases the lock. A run
     * that opened the file before the unlink finds the mark once it gets the lock, and opens the path again. Failing
     * to mark or unlink the lock file is a warning: the output is what the run made of it.
     */
    @Override
    public void close() throws IOException {
        try {
            synchronized (this) {
                ACTIVE.remove(this);
                if (shuttingDown) {
                    interrupted = true;
                    report();
                }
                if (!committed) {
                    OutputFiles.deleteTree(partial);
                }
            }
        } finally {
            try {
                channel.write(ByteBuffer.wrap(new byte[] {ENDED}), 0);
                Files.deleteIfExists(lockFile);
            } catch (IOException e) {
                warn("could not remove the lock file " + lockFile + " (" + OutputFiles.reason(e) + "); the next ghmm run on " + option.substring(
                        option.indexOf(' ') + 1) + " replaces it");
            } finally {
                lock.release();
                channel.close();
                HELD.remove(lockFile);
            }
        }
    }

    /** Says once, when the process is ending, what became of the output (under this claim's monitor). */
    private void report() {
        if (!reported) {
            reported = true;
            warn(committed ? "stopped after " + option + " was written whole" : "stopped; " + option + " is as it was");
        }
    }

    /** Whether a signal has stopped a run of this process while it wrote an output. */
    static boolean interrupted() {
        return interrupted;
    }

    /** Where warnings and the shutdown hook's line go ({@link OutputFiles#warnings}). */
    static void warnings(Consumer<String> sink) {
        warnings = sink;
    }

    /** One line that does not fail the run, to the warnings' sink. */
    static void warn(String message) {
        warnings.accept(message);
    }

    /** The shutdown hook: no new claim is taken, every uncommitted output is dropped, every commit under way finishes first. */
    private static void onShutdown() {
        synchronized (SHUTDOWN) {
            shuttingDown = true;
        }
        for (OutputClaim claim : ACTIVE) {
            synchronized (claim) {
                if (!ACTIVE.contains(claim)) {
                    continue; // closed meanwhile: close() has reported
                }
                interrupted = true;
                if (!claim.committed) {
                    claim.cancelled = true;
                    try {
                        OutputFiles.deleteTree(claim.partial);
                    } catch (IOException | RuntimeException e) {
                        // the next run on this path reclaims it
                    }
                }
                claim.report();
            }
        }
    }

    /** Thrown to a run whose output a signal has already dropped. */
    static final class InterruptedOutput extends IOException {
        private static final long serialVersionUID = 1L;

        InterruptedOutput() {
            super("stopped by a signal");
        }
    }
}
