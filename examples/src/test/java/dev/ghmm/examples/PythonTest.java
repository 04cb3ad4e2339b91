package dev.ghmm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Python package's own tests ({@code python/tests}, unittest), so that {@code mvn verify} covers
 * {@code python/ghmm}: all of them, and then {@code test_stream_jar.py} against the {@code ghmm.jar} this build has
 * just packaged (this module runs after ghmm-cli's package phase), where a skipped test fails; and the guide's first
 * dataset block on a dataset that jar samples. Skipped, saying why, only where python3 with numpy is absent.
 */
class PythonTest {
    private static final long CHECK_SECONDS = 30;
    private static final long RUN_SECONDS = 600;
    private static final Path ROOT = BomTest.ROOT.toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private record Run(int code, String output) {}

    /**
     * Runs a command in the repository root, output and errors merged; fails if it takes longer than {@code seconds}.
     * No {@code __pycache__} is written into the source tree.
     */
    private Run run(long seconds, Consumer<Map<String, String>> environment, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(tmp, "python", ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        environment.accept(builder.environment());
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + seconds + " s:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @BeforeEach
    void pythonWithNumpy() throws InterruptedException {
        assertTrue(Files.isDirectory(ROOT.resolve("python/tests")), "no python/tests under " + ROOT);
        String why;
        try {
            Run check = run(CHECK_SECONDS, env -> { }, "python3", "-c", "import numpy");
            why = check.code() == 0 ? null : check.output().strip();
        } catch (IOException | AssertionError e) {
            why = e.getMessage();
        }
        String reason = why;
        Assumptions.assumeTrue(reason == null, () -> "python3 with numpy is absent, Python tests skipped: " + reason);
    }

    /** Every test of python/tests; those of test_stream_jar.py skip here (no GHMM_JAR) and run in the next test. */
    @Test
    void pythonTestsPass() throws IOException, InterruptedException {
        Run tests = run(RUN_SECONDS, env -> env.remove("GHMM_JAR"), "python3", "-m", "unittest", "discover", "-s", "python/tests", "-v");
        System.out.println(tests.output());
        assertEquals(0, tests.code(), "python3 -m unittest discover -s python/tests -v failed:\n" + tests.output());
    }

    /** The ghmm.jar this build has packaged. */
    private static Path packagedJar() {
        Path jar = ROOT.resolve("ghmm-cli/target/ghmm.jar");
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn -B verify (it packages ghmm-cli before this module's tests)");
        return jar;
    }

    /**
     * The guide's first dataset block ({@code ghmm.open_dataset}), run as written on the dataset the guide makes
     * ({@code ghmm sample} of docs/processes/shai-chain.json, here 40 sequences): it asked for joint beliefs that a
     * factored dataset does not hold by default.
     */
    @Test
    void theGuidesPythonBlockRunsOnTheGuidesDataset() throws IOException, InterruptedException {
        Path data = tmp.resolve("data");
        Run sampled = run(RUN_SECONDS, env -> { }, Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                packagedJar().toString(), "sample", "--process", ROOT.resolve("docs/processes/shai-chain.json").toString(), "--count", "40",
                "--length", "16", "--seed", "1", "--out", data.toString());
        assertEquals(0, sampled.code(), sampled.output());
        String guide = Files.readString(ROOT.resolve("docs/guide.md"), StandardCharsets.UTF_8);
        int start = guide.indexOf("```python\nimport ghmm\nds = ghmm.open_dataset(");
        assertTrue(start >= 0, "the guide's first dataset block");
        String block = guide.substring(start + "```python\n".length(), guide.indexOf("```", start + 3));
        Path script = Files.writeString(tmp.resolve("guide.py"), "import sys\nsys.path.insert(0, " + pythonString(ROOT.resolve("python"))
                + ")\n" + block.replace("\"data/\"", pythonString(data)), StandardCharsets.UTF_8);
        Run ran = run(RUN_SECONDS, env -> { }, "python3", script.toString());
        assertEquals(0, ran.code(), ran.output());
    }

    private static String pythonString(Path p) {
        return "'" + p.toString().replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** ghmm.stream against the real ghmm stream: every test runs, none is skipped. */
    @Test
    void streamTestsPassAgainstThePackagedJar() throws IOException, InterruptedException {
        Path jar = packagedJar();
        Run tests = run(RUN_SECONDS, env -> {
            env.put("GHMM_JAR", jar.toString());
            env.put("JAVA_HOME", System.getProperty("java.home"));
        }, "python3", "-m", "unittest", "-v", "python/tests/test_stream_jar.py");
        System.out.println(tests.output());
        assertEquals(0, tests.code(), "python3 -m unittest -v python/tests/test_stream_jar.py failed:\n" + tests.output());
        List<String> lines = tests.output().strip().lines().toList();
        assertEquals("OK", lines.get(lines.size() - 1).strip(), "a test of test_stream_jar.py was skipped:\n" + tests.output());
    }
}
