package dev.ghmm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * One run's claim on an output path {@code PARENT/NAME}: the only way the command line replaces a file or a directory.
 *
 * <p>Protocol, in order:
 * <ol>
 * <li><b>Lock.</b> The run holds an exclusive OS file lock on {@code PARENT/.NAME.ghmm-lock} until it ends; a second
 * run (another process or another thread) that asks for the same path is refused at once. The OS drops the lock when
 * a process dies, even by SIGKILL. The run deletes the file as it ends: holding the lock, it writes one byte into it
 * and unlinks it; a run that opened the same file meanwhile sees the byte once it has the lock and starts again on the
 * path, so two runs never hold locks on two files of one name. Nothing else of this process opens the file while a
 * run holds it (closing any descriptor of a file drops the process's POSIX locks on it).</li>
 * <li><b>Reclaim.</b> Holding the lock, the run owns every temporary of {@code NAME}: partial outputs
 * ({@code .NAME.ghmm-partial-ID}) of dead runs are deleted; a previous output moved aside ({@code .NAME.ghmm-old-ID})
 * by a run killed between its two renames is renamed back when {@code NAME} is missing (whole-old), deleted
 * otherwise (the new output was already in place).</li>
 * <li><b>Write.</b> The contents go into {@code .NAME.ghmm-partial-ID}, created exclusively (never another run's, never
 * through a symbolic link) with a random 64-bit {@code ID}.</li>
 * <li><b>Commit.</b> A file is renamed over {@code NAME} (atomic). A directory replaces a previous one by two renames,
 * {@code NAME → .NAME.ghmm-old-ID} and {@code partial → NAME}, and the old tree is deleted afterwards.</li>
 * </ol>
 *
 * <p>SIGINT and SIGTERM run a shutdown hook that takes the same monitor as the commit: before the commit it deletes
 * the partial output, so {@code NAME} stays as it was; once the commit has begun it waits the milliseconds the renames
 * take, so {@code NAME} is whole-new. Only SIGKILL between the two renames leaves {@code NAME} missing, and the next run
 * on it restores the old tree first (step 2).
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
    private static volatile boolean interrupted;
    private static volatile PrintStream err = System.err;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(OutputClaim::onShutdown, "ghmm-output-cleanup"));
    }

    private final Path parent;
    private final String name;
    private final String option;
    private final Path lockFile;
    private final FileChannel channel;
    private final FileLock lock;
    private final String id;
    private final Path partial;
    private final Path old;
    /** Guarded by this: the commit and the shutdown hook exclude each other. */
    private boolean cancelled;
    private boolean committed;

    private OutputClaim(Path parent, String name, String option, Path lockFile, FileChannel channel, FileLock lock) {
        this.parent = parent;
        this.name = name;
        this.option = option;
        this.lockFile = lockFile;
        this.channel = channel;
        this.lock = lock;
        this.id = HexFormat.of().toHexDigits(RANDOM.nextLong());
        this.partial = parent.resolve("." + name + ".ghmm-partial-" + id);
        this.old = parent.resolve("." + name + ".ghmm-old-" + id);
    }

    /**
     * Claims {@code target} for this run and reclaims the temporaries of dead runs on it.
     *
     * @param target the output, absolute, its parent a real directory
     * @param option how the command line names it, e.g. {@code --out ds}
     * @throws IllegalArgumentException if another run holds it
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
                FileChannel channel;
                try {
                    channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                            LinkOption.NOFOLLOW_LINKS));
                } catch (IOException e) {
                    throw new IllegalArgumentException(option + ": ghmm cannot create its lock file " + lockFile.getFileName() + " in " + parent + ": "
                            + Output.reason(e));
                }
                FileLock lock = null;
                try {
                    lock = channel.tryLock();
                    if (lock == null) {
                        throw new IllegalArgumentException(busy);
                    }
                    if (channel.read(ByteBuffer.allocate(1), 0) < 1) {
                        OutputClaim claim = new OutputClaim(parent, name, option, lockFile, channel, lock);
                        claim.reclaim();
                        return claim;
                    }
                    // marked ended: its run unlinked it after we opened it (or died between marking and unlinking)
                    if (attempt == 100) {
                        throw new IllegalArgumentException(option + ": its lock file " + lockFile + " was left by a run killed as it ended; "
                                + "delete it if no ghmm runs on " + target);
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
                Thread.onSpinWait();
            }
        } catch (IOException | RuntimeException | Error e) {
            HELD.remove(lockFile);
            throw e;
        }
    }

    /** Deletes dead runs' partial outputs, restores or deletes a previous output they left aside (step 2). */
    private void reclaim() throws IOException {
        Path target = parent.resolve(name);
        String quoted = Pattern.quote("." + name);
        Pattern partials = Pattern.compile(quoted + "\\.ghmm-partial(-[0-9a-f]{16})?|" + quoted + "\\.partial");
        Pattern olds = Pattern.compile(quoted + "\\.ghmm-old(-[0-9a-f]{16})?");
        List<Path> leftOld = new ArrayList<>();
        try (Stream<Path> entries = Files.list(parent)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String entry = p.getFileName().toString();
                if (partials.matcher(entry).matches()) {
                    OutputFiles.deleteTree(p);
                } else if (olds.matcher(entry).matches()) {
                    leftOld.add(p);
                }
            }
        }
        for (Path p : leftOld) {
            if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.move(p, target);
                warn(option + " restored from " + p.getFileName() + ", left aside by a run killed while it replaced it");
            } else {
                OutputFiles.deleteTree(p);
            }
        }
    }

    /** {@code .NAME.ghmm-partial-ID}: where the contents go, not yet created. */
    Path partial() {
        return partial;
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

    private void register() {
        ACTIVE.add(this);
    }

    /**
     * Puts the finished partial output in place of {@code NAME}, replacing a previous one when {@code replace}.
     *
     * @return the previous directory moved aside, to delete after the claim is released from signals, or null
     * @throws IllegalArgumentException if {@code NAME} is there and must not be replaced
     * @throws InterruptedOutput if a signal came first: the partial output is gone, {@code NAME} unchanged
     */
    Path commit(boolean replace, boolean directory) throws IOException {
        faults.accept(Step.WRITTEN);
        synchronized (this) {
            return commitNow(replace, directory);
        }
    }

    private Path commitNow(boolean replace, boolean directory) throws IOException {
        if (cancelled) {
            throw new InterruptedOutput();
        }
        Path target = parent.resolve(name);
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && !replace && !(directory && Files.isDirectory(target) && OutputFiles.isEmptyDirectory(target))) {
            throw new IllegalArgumentException(option + " appeared while ghmm wrote it: pass --overwrite to replace it");
        }
        if (directory && exists) {
            Files.move(target, old);
            try {
                faults.accept(Step.OLD_MOVED);
                OutputFiles.publish(partial, target);
            } catch (IOException | RuntimeException e) {
                Files.move(old, target);
                throw e;
            }
            committed = true;
            faults.accept(Step.PUBLISHED);
            return old;
        }
        OutputFiles.publish(partial, target);
        committed = true;
        faults.accept(Step.PUBLISHED);
        return null;
    }

    /**
     * Ends the claim: deletes what was not committed, then marks the lock file ended (one byte, through the locked
     * descriptor), unlinks it and releases the lock. A run that opened the file before the unlink finds the mark once
     * it gets the lock, and opens the path again.
     */
    @Override
    public void close() throws IOException {
        try {
            synchronized (this) {
                ACTIVE.remove(this);
                if (!committed) {
                    OutputFiles.deleteTree(partial);
                }
            }
        } finally {
            try {
                channel.write(ByteBuffer.wrap(new byte[] {'x'}), 0);
                Files.deleteIfExists(lockFile);
            } finally {
                HELD.remove(lockFile);
                lock.release();
                channel.close();
            }
        }
    }

    /** Whether a signal has stopped a run of this process while it wrote an output. */
    static boolean interrupted() {
        return interrupted;
    }

    /** Where warnings and the shutdown hook's line go (tests capture them); System.err by default. */
    static void err(PrintStream stream) {
        err = stream;
    }

    /** One line on stderr that does not fail the command: {@code ghmm: message}. */
    static void warn(String message) {
        err.println(Output.escape("ghmm: " + message));
    }

    /** The shutdown hook: every uncommitted output is dropped, every commit under way finishes first. */
    private static void onShutdown() {
        for (OutputClaim claim : ACTIVE) {
            synchronized (claim) {
                if (!ACTIVE.contains(claim)) {
                    continue;
                }
                interrupted = true;
                if (claim.committed) {
                    warn("stopped after " + claim.option + " was written whole");
                } else {
                    claim.cancelled = true;
                    try {
                        OutputFiles.deleteTree(claim.partial);
                    } catch (IOException | RuntimeException e) {
                        // the next run on this path reclaims it
                    }
                    warn("stopped; " + claim.option + " is as it was");
                }
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
