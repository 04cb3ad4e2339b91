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
}
