package dev.ghmm.io.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Output directories and files in one process: whole-old or whole-new under concurrent runs, injected failures at each
 * step of the commit, dead runs' temporaries, planted symbolic links, --out at an ancestor or holding an input, and
 * trees that may not be deleted. {@link OutputFaultsTest} does the same across processes, with signals and SIGKILL.
 */
class OutputFilesTest {
    @TempDir
    Path tmp;

    @AfterEach
    void noFaults() {
        OutputClaim.faults = step -> { };
        OutputClaim.warnings(message -> System.err.println("ghmm: " + message));
    }

    /** Writes a directory holding one file {@code id} with content {@code id}. */
    private void write(Path out, boolean overwrite, String id) throws IOException {
        OutputFiles.writeDirectory(out, overwrite, () -> 0L, dir -> Files.writeString(dir.resolve("data"), id));
    }

    private static String content(Path out) throws IOException {
        try (Stream<Path> entries = Files.list(out)) {
            assertEquals(List.of("data"), entries.map(p -> p.getFileName().toString()).toList(), "whole, nothing else in " + out);
        }
        return Files.readString(out.resolve("data"));
    }

    /** Every entry of the parent other than the outputs themselves: temporaries and lock files. */
    private List<String> leftovers(String... outputs) throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> !List.of(outputs).contains(n)).sorted().toList();
        }
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedWhileTheFirstWrites() throws Exception {
        Path out = tmp.resolve("ds");
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                OutputFiles.writeDirectory(out, false, () -> 0L, dir -> {
                    Files.writeString(dir.resolve("data"), "first");
                    writing.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                });
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(writing.await(10, TimeUnit.SECONDS));
        for (boolean overwrite : new boolean[] {false, true}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(out, overwrite, "second"));
            assertTrue(e.getMessage().startsWith("--out " + out + " is being written by another ghmm run"), e.getMessage());
        }
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertEquals("first", content(out));
        assertEquals(List.of(), leftovers("ds"));
        write(out, true, "third"); // the lock is free again
        assertEquals("third", content(out));
    }

    @Test
    void aFailureAtEachStepLeavesTheOutputWholeOldOrWholeNew() throws IOException {
        for (OutputClaim.Step step : OutputClaim.Step.values()) {
            Path out = tmp.resolve("ds-" + step);
            write(out, false, "old");
            OutputClaim.faults = s -> {
                if (s == step) {
                    throw new IllegalStateException("injected at " + s);
                }
            };
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> write(out, true, "new"));
            assertEquals("injected at " + step, e.getMessage());
            OutputClaim.faults = s -> { };
            assertEquals(step == OutputClaim.Step.PUBLISHED ? "new" : "old", content(out), step.toString());
            write(out, true, "next"); // the next run reclaims what the failed one left
            assertEquals("next", content(out));
        }
        assertEquals(List.of(), leftovers(Stream.of(OutputClaim.Step.values()).map(s -> "ds-" + s).toArray(String[]::new)));
    }

    @Test
    void aFullDiskWhileWritingLeavesThePreviousDirectoryAndNoTemporary() throws IOException {
        Path out = tmp.resolve("ds");
        write(out, false, "old");
        FileSystemException full = assertThrows(FileSystemException.class, () -> OutputFiles.writeDirectory(out, true, () -> 0L, dir -> {
            Files.writeString(dir.resolve("data"), "half");
            throw new FileSystemException(dir.resolve("data").toString(), null, "No space left on device");
        }));
        assertTrue(OutputFiles.describe(full).endsWith("data: No space left on device"), OutputFiles.describe(full));
        assertEquals("old", content(out));
        assertEquals(List.of("ds"), leftovers());
    }

    @Test
    void deadRunsTemporariesAreReclaimedBeforeTheSpaceCheck() throws IOException {
        Path out = tmp.resolve("ds");
        Path stale = Files.createDirectory(tmp.resolve(".ds.ghmm-partial-0123456789abcdef"));
        Files.write(stale.resolve("big.npy"), new byte[1 << 16]);
        Path legacy = Files.createDirectory(tmp.resolve(".ds.ghmm-partial"));
        Path unrelated = Files.createDirectory(tmp.resolve(".ds.ghmm-partial-other"));
        OutputFiles.writeDirectory(out, false, () -> {
            assertFalse(Files.exists(stale), "counted in the space check");
            assertFalse(Files.exists(legacy));
            return 0L;
        }, dir -> Files.writeString(dir.resolve("data"), "new"));
        assertEquals("new", content(out));
        assertTrue(Files.exists(unrelated), "not a temporary of ds");
    }

    @Test
    void aPreviousOutputLeftAsideByAKilledRunIsRestoredOrDeleted() throws IOException {
        StringBuilder err = new StringBuilder();
        OutputFiles.warnings(message -> err.append(message).append('\n'));
        Path out = tmp.resolve("ds");
        Path aside = Files.createDirectory(tmp.resolve(".ds.ghmm-old-00000000000000ff"));
        Files.writeString(aside.resolve("data"), "old");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(out, false, "new"));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
        assertEquals("old", content(out), "restored before the checks");
        assertTrue(err.toString().contains("--out " + out + " restored from .ds.ghmm-old-00000000000000ff"), err.toString());

        Path again = Files.createDirectory(tmp.resolve(".ds.ghmm-old-00000000000000fe"));
        Files.writeString(again.resolve("data"), "older");
        write(out, true, "new");
        assertEquals("new", content(out));
        assertEquals(List.of(), leftovers("ds"));
    }

    @Test
    void neitherTheLockNorATemporaryIsFollowedThroughASymbolicLink() throws IOException {
        Path victim = Files.writeString(tmp.resolve("victim"), "precious");
        Path out = tmp.resolve("steer.npy");
        Files.createSymbolicLink(tmp.resolve(".steer.npy.partial"), victim);
        Files.createSymbolicLink(tmp.resolve(".steer.npy.ghmm-partial-00000000000000aa"), victim);
        OutputFiles.writeFile("--out", out, false, file -> Files.writeString(file, "written"));
        assertEquals("written", Files.readString(out));
        assertEquals("precious", Files.readString(victim));
        assertEquals(List.of("steer.npy", "victim"), leftovers(), "the planted links are reclaimed, not followed");

        Files.createSymbolicLink(tmp.resolve(".steer.npy.ghmm-lock"), victim);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputFiles.writeFile("--out", out, true, file -> Files.writeString(file, "again")));
        assertTrue(e.getMessage().contains("cannot create its lock file .steer.npy.ghmm-lock"), e.getMessage());
        assertEquals("written", Files.readString(out));
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void aLockFileLeftByADeadRunIsReusedEvenIfMarkedEnded() throws IOException {
        Path out = tmp.resolve("ds");
        Files.createFile(tmp.resolve(".ds.ghmm-lock")); // SIGKILL left it, unlocked
        write(out, false, "new");
        assertEquals(List.of("ds"), leftovers(), "reused, then deleted");
        Files.writeString(tmp.resolve(".ds.ghmm-lock"), "x"); // killed between marking it ended and unlinking it
        write(out, true, "newer");
        assertEquals("newer", content(out));
        assertEquals(List.of("ds"), leftovers(), "the marked file at the path is unlinked by the run that locks it");
    }

    @Test
    void aSymbolicLinkAsOutputIsRefusedAndDotDotIsResolvedByTheFileSystem() throws IOException {
        Path real = Files.createDirectories(tmp.resolve("deep/x"));
        Path link = Files.createSymbolicLink(tmp.resolve("L"), real);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> write(link, true, "new"));
        assertEquals("--out " + link + " is a symbolic link: give the path it points to, or remove the link", e.getMessage());
        write(tmp.resolve("data"), false, "here");
        write(link.resolve("../data"), false, "deep"); // L/.. is deep/, as the operating system resolves it
        assertEquals("deep", content(tmp.resolve("deep/data")));
        assertEquals("here", content(tmp.resolve("data")));
    }

    @Test
    void aSecondPathToTheCurrentDirectoryIsCaughtByIdentity() throws Exception {
        Path a = Files.createDirectories(tmp.resolve("a/work"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        Process mount = new ProcessBuilder("mount", "--bind", tmp.resolve("a").toString(), b.toString()).redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(mount.waitFor() == 0, "bind mounts are not allowed here: " + said);
        try {
            Path input = Files.writeString(a.resolve("p.json"), "{}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutputFiles.checkDirectory(b.resolve("work"), true, input));
            assertTrue(e.getMessage().contains("holds the input"), e.getMessage());
        } finally {
            new ProcessBuilder("umount", b.toString()).start().waitFor();
        }
    }

    @Test
    void aFileIsNotReplacedWithoutOverwriteEvenIfItAppearsWhileWritten() throws IOException {
        Path out = tmp.resolve("x.npy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputFiles.writeFile("--out", out, false, file -> {
            Files.writeString(file, "mine");
            Files.writeString(out, "theirs");
        }));
        assertTrue(e.getMessage().contains("appeared while ghmm wrote it"), e.getMessage());
        assertEquals("theirs", Files.readString(out));
        assertEquals(List.of("x.npy"), leftovers());
    }

    @Test
    void theCurrentDirectoryAndItsAncestorsAreNeverAnOutput() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path out : List.of(Path.of("."), Path.of(".."), cwd, cwd.getParent(), cwd.resolve("./.."))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputFiles.checkDirectory(out, true));
            assertTrue(e.getMessage().endsWith("is the current directory or holds it: write beside it instead"), e.getMessage());
        }
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> OutputFiles.checkDirectory(Path.of("no-such/.."), true));
        assertTrue(missing.getMessage().startsWith("--out no-such/..: "), missing.getMessage());
        IllegalArgumentException root = assertThrows(IllegalArgumentException.class, () -> OutputFiles.checkDirectory(Path.of("/"), true));
        assertEquals("--out / is the root directory", root.getMessage());
    }

    @Test
    void anOutputHoldingAnInputIsRefused() throws IOException {
        Path ds = Files.createDirectory(tmp.resolve("ds"));
        Path process = Files.writeString(ds.resolve("p.json"), "{\"catalogue\": \"mess3\"}");
        IllegalArgumentException dir = assertThrows(IllegalArgumentException.class, () -> OutputFiles.writeDirectory(ds, true, () -> 0L,
                d -> {
                    throw new AssertionError("written although refused");
                }, process));
        assertEquals("--out " + ds + " holds the input " + process + ", which writing it would delete: choose another --out", dir.getMessage());
        assertTrue(Files.exists(process));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputFiles.checkFile(process, true, process));
        assertTrue(e.getMessage().contains("holds the input"), e.getMessage());
    }

    /** Makes a directory or file undeletable for this process: immutable as root, read-only otherwise. */
    private static void protect(Path p, boolean on) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Process chattr = new ProcessBuilder("chattr", on ? "+i" : "-i", p.toString()).redirectErrorStream(true).start();
            String output = new String(chattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assumeTrue(chattr.waitFor() == 0, "chattr cannot make files immutable here: " + output);
        } else {
            assumeTrue(Files.isDirectory(p), "a read-only file can be deleted by its owner");
            assertTrue(p.toFile().setWritable(!on));
        }
    }

    @Test
    void aTreeGhmmMayNotDeleteFromIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path out = tmp.resolve("ds");
        write(out, false, "old");
        Path locked = Files.createDirectory(out.resolve("locked"));
        protect(locked, true);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputFiles.writeDirectory(out, true, () -> 0L,
                    dir -> {
                        throw new AssertionError("written although refused");
                    }));
            assertEquals("--out " + out + " cannot be replaced: ghmm may not delete from " + locked + " (permission denied); nothing was written",
                    e.getMessage());
            assertEquals("old", Files.readString(out.resolve("data")));
            assertEquals(List.of(), leftovers("ds"));
        } finally {
            protect(locked, false);
        }
    }

    @Test
    void previousContentsThatCannotBeDeletedAfterTheCommitAreNamedAndReclaimedLater() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can make a file undeletable in a writable directory");
        StringBuilder err = new StringBuilder();
        OutputFiles.warnings(message -> err.append(message).append('\n'));
        Path out = tmp.resolve("ds");
        write(out, false, "old");
        Path stuck = Files.writeString(out.resolve("stuck"), "x");
        protect(stuck, true);
        Path aside;
        try {
            write(out, true, "new");
            assertEquals("new", content(out));
            List<String> left = leftovers("ds");
            assertEquals(1, left.size(), left.toString());
            assertTrue(left.get(0).matches("\\.ds\\.ghmm-trash-[0-9a-f]{16}"), left.toString());
            aside = tmp.resolve(left.get(0));
            assertTrue(err.toString().startsWith("--out " + out + " is written whole, but its previous contents could "
                    + "not all be deleted from " + aside), err.toString());
        } finally {
            try (Stream<Path> all = Files.walk(tmp)) {
                for (Path p : all.filter(p -> p.getFileName().toString().equals("stuck")).toList()) {
                    protect(p, false);
                }
            }
        }
        OutputFiles.deleteTree(out); // a half-deleted previous tree is trash: never restored in place of a missing output
        write(out, false, "next");
        assertEquals("next", content(out));
        assertEquals(List.of(), leftovers("ds"));
    }
}
