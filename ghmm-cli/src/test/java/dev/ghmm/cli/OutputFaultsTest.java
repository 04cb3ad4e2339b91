package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.io.output.OutputFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults across processes: {@code ghmm sample --overwrite} in a child JVM receives SIGTERM or SIGKILL at each step of
 * the output protocol ({@link FaultyMain}); the dataset must then be whole-old or whole-new, at once after SIGTERM and,
 * after SIGKILL, once the next run on it has reclaimed what the dead one left. Two processes on one --out: the second is
 * refused while the first writes. And {@code --out .} run from a directory of its own.
 */
class OutputFaultsTest {
    private static final String[] SAMPLE = {"sample", "--process", "mess3", "--count", "40", "--length", "16", "--outputs", "tokens,beliefs,loss",
        "--threads", "1"};

    @TempDir
    Path tmp;

    private Map<String, String> wholeOld;
    private Map<String, String> wholeNew;

    @BeforeEach
    void datasets() throws IOException {
        wholeOld = sample(tmp.resolve("ds"), 1);
        wholeNew = sample(tmp.resolve("expected-new"), 2);
        assertFalse(wholeOld.equals(wholeNew));
    }

    private Map<String, String> sample(Path out, long seed) throws IOException {
        List<String> args = new ArrayList<>(List.of(SAMPLE));
        args.addAll(List.of("--seed", Long.toString(seed), "--out", out.toString()));
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return contents(out);
    }

    /** File name → bytes (as ISO-8859-1 text, so maps compare byte for byte) of a directory; empty when it is missing. */
    private static Map<String, String> contents(Path dir) throws IOException {
        Map<String, String> files = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path p : entries.toList()) {
                    files.put(p.getFileName().toString(), new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return files;
    }

    private List<String> temporaries() throws IOException {
        try (Stream<Path> entries = Files.list(tmp)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".ds.")).sorted().toList();
        }
    }

    private static ProcessBuilder child(Path dir, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dir.toFile());
    }

    /** The child processes of a test, ended after it whatever happened. */
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void endChildren() {
        children.forEach(Process::destroyForcibly);
    }

    private Process faulty(String step, String action, long seed) throws IOException {
        List<String> args = new ArrayList<>(List.of(FaultyMain.class.getName(), step, action));
        args.addAll(List.of(SAMPLE));
        args.addAll(List.of("--seed", Long.toString(seed), "--out", tmp.resolve("ds").toString(), "--overwrite"));
        Process p = child(tmp, args.toArray(String[]::new)).redirectError(tmp.resolve("stderr.txt").toFile()).start();
        children.add(p);
        return p;
    }

    /** The next run on ds: it reclaims what a dead run left, then is refused because ds is not empty. */
    private void nextRun() throws IOException {
        Path ds = tmp.resolve("ds");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputFiles.writeDirectory(ds, false, () -> 0L, dir -> Files.writeString(dir.resolve("x"), "x")));
        assertTrue(e.getMessage().contains("is not empty"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("dev.ghmm.io.output.OutputFaults#steps")
    void sigtermAtEachStepLeavesTheDatasetWholeOldOrWholeNew(String step) throws Exception {
        Process p = faulty(step, "TERM", 2);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = Files.readString(tmp.resolve("stderr.txt"));
        assertEquals(143, p.exitValue(), err);
        boolean committed = step.equals("OLD_MOVED") || step.equals("PUBLISHED");
        Path ds = tmp.resolve("ds");
        assertEquals(committed ? wholeNew : wholeOld, contents(ds), step);
        // the progress line ends once every row is written (all steps but CREATED), before the commit and its warning
        List<String> expected = new ArrayList<>(step.equals("CREATED") ? List.of() : List.of("ghmm sample: 40/40 sequences"));
        expected.add(committed ? "ghmm: stopped after --out " + ds + " was written whole" : "ghmm: stopped; --out " + ds + " is as it was");
        assertEquals(expected, err.lines().toList(), "the finished progress line, then one warning, and no failure line from the interrupted writer");
        assertTrue(temporaries().stream().allMatch(n -> n.equals(".ds.ghmm-lock") || (n.startsWith(".ds.ghmm-old-") || n.startsWith(".ds.ghmm-trash-")) && committed), temporaries()
                .toString()); // a signal ends the process before the run releases its lock
        nextRun();
        assertEquals(committed ? wholeNew : wholeOld, contents(ds));
        assertEquals(List.of(), temporaries());
    }

    @ParameterizedTest
    @MethodSource("dev.ghmm.io.output.OutputFaults#steps")
    void sigkillAtEachStepLeavesTheDatasetWholeOldOrWholeNewOnceReclaimed(String step) throws Exception {
        Process p = faulty(step, "KILL", 2);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
        Path ds = tmp.resolve("ds");
        Map<String, String> expected = step.equals("PUBLISHED") ? wholeNew : wholeOld;
        assertEquals(step.equals("OLD_MOVED") ? Map.of() : expected, contents(ds), "before the next run");
        nextRun();
        assertEquals(expected, contents(ds), "after the next run");
        assertEquals(List.of(), temporaries());
    }

    @Test
    void aSecondProcessOnTheSameOutputIsRefusedWhileTheFirstWrites() throws Exception {
        Path go = tmp.resolve("go");
        Process first = faulty("WRITTEN", "WAIT:" + go, 2);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("waiting", out.readLine());
            List<String> args = new ArrayList<>(List.of(SAMPLE));
            args.addAll(List.of("--seed", "3", "--out", tmp.resolve("ds").toString(), "--overwrite"));
            CliTest.Result second = CliTest.run(args.toArray(String[]::new));
            assertEquals(2, second.code());
            assertTrue(second.err().startsWith("ghmm sample: --out " + tmp.resolve("ds") + " is being written by another ghmm run"), second.err());
            assertEquals(wholeOld, contents(tmp.resolve("ds")));
            Files.createFile(go);
            assertTrue(first.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("stderr.txt")));
        }
        assertEquals(wholeNew, contents(tmp.resolve("ds")));
        assertEquals(List.of(), temporaries());
    }

    @Test
    void theCurrentDirectoryAndItsParentAreRefusedAsOutput() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("parent/work"));
        Files.writeString(work.resolve("keep"), "keep");
        for (String out : List.of(".", "..", work.toString())) {
            List<String> args = new ArrayList<>(List.of(Main.class.getName()));
            args.addAll(List.of(SAMPLE));
            args.addAll(List.of("--seed", "1", "--out", out, "--overwrite"));
            Process p = child(work, args.toArray(String[]::new)).redirectErrorStream(true).start();
            children.add(p);
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue(), output);
            assertEquals("ghmm sample: --out " + out + " is the current directory or holds it: write beside it instead\n", output);
            assertEquals("keep", Files.readString(work.resolve("keep")));
        }
    }
}
