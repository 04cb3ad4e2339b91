package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python reader's own tests ({@code python/tests}, unittest) so that {@code mvn verify} covers
 * {@code python/ghmm_data.py}; skipped, saying why, where python3 or numpy is absent.
 */
class PythonReaderTest {
    private static final long CHECK_SECONDS = 30;
    private static final long RUN_SECONDS = 300;

    @TempDir
    Path tmp;

    /** The repository root: the parent of this module's directory (Maven runs tests from the module). */
    private static Path repositoryRoot() {
        return Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("..").normalize();
    }

    private record Run(int code, String output) {}

    /** Runs a command in {@code dir}, output and errors merged into one file; null if it timed out. */
    private Run run(Path dir, long seconds, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "python", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1"); // no __pycache__ in the source tree
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            return null;
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void pythonReaderTestsPass() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        assertTrue(Files.isDirectory(root.resolve("python/tests")), "no python/tests under " + root);
        Run check;
        try {
            check = run(root, CHECK_SECONDS, "python3", "-c", "import numpy");
        } catch (IOException e) {
            check = new Run(-1, e.getMessage());
        }
        Run probe = check;
        Assumptions.assumeTrue(probe != null && probe.code() == 0,
                () -> "python3 with numpy is absent, Python reader tests skipped: "
                        + (probe == null ? "python3 -c \"import numpy\" timed out" : probe.output().strip()));

        Run tests = run(root, RUN_SECONDS, "python3", "-m", "unittest", "discover", "-s", "python/tests", "-v");
        if (tests == null) {
            fail("python3 -m unittest discover -s python/tests did not finish within " + RUN_SECONDS + " s");
        }
        System.out.println(tests.output());
        assertEquals(0, tests.code(), "python3 -m unittest discover -s python/tests -v failed:\n" + tests.output());
    }

    /**
     * The guide's first dataset block ({@code ghmm.open_dataset}), run as written on the dataset the guide makes ({@code ghmm sample} of
     * docs/processes/shai-chain.json, here 40 sequences): it asked for joint beliefs that a factored dataset does not
     * hold by default.
     */
    @Test
    void theGuidesPythonBlockRunsOnTheGuidesDataset() throws IOException, InterruptedException {
        Path root = repositoryRoot();
        Run probe;
        try {
            probe = run(root, CHECK_SECONDS, "python3", "-c", "import numpy");
        } catch (IOException e) {
            probe = null;
        }
        Assumptions.assumeTrue(probe != null && probe.code() == 0, "python3 with numpy is absent");
        Path data = tmp.resolve("data");
        CliTest.Result sampled = CliTest.run("sample", "--process", root.resolve("docs/processes/shai-chain.json").toString(), "--count", "40",
                "--length", "16", "--seed", "1", "--out", data.toString());
        assertEquals(0, sampled.code(), sampled.err());
        String guide = Files.readString(root.resolve("docs/guide.md"), StandardCharsets.UTF_8);
        int start = guide.indexOf("```python\nimport ghmm\nds = ghmm.open_dataset(");
        assertTrue(start >= 0, "the guide's first dataset block");
        String block = guide.substring(start + "```python\n".length(), guide.indexOf("```", start + 3));
        Path script = Files.writeString(tmp.resolve("guide.py"), "import sys\nsys.path.insert(0, " + pythonString(root.resolve("python"))
                + ")\n" + block.replace("\"data/\"", pythonString(data)), StandardCharsets.UTF_8);
        Run ran = run(root, RUN_SECONDS, "python3", script.toString());
        assertTrue(ran != null, "finished");
        assertEquals(0, ran.code(), ran.output());
    }

    private static String pythonString(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
