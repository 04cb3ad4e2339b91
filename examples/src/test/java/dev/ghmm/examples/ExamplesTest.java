package dev.ghmm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every example runs and prints its key line; every JShell script runs without an error. */
class ExamplesTest {

    @TempDir
    Path tmp;

    private static String runMain(Class<?> example, String... args) throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            example.getMethod("main", String[].class).invoke(null, (Object) args);
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "BuildProcess | stationary initial = [0.666666666666666",
        "BeliefsAndProbabilities | Pr(0 | initial) = 0.5",
        "Partitions | finest partition of Z1R' x Z1R': 0|1 2|3 6|4 8|5 7",
        "Z1rSquared | block sizes [1, 2, 2, 4]",
        "AfpFamily | 0.5    1.000000      1.000000     0.500000",
        "SteerAFactor | AFP belief: exact = false",
        "WriteDataset | tokens [1000, 32], factor 3 beliefs [1000, 33, 3]",
        "NegativeGhmm | Pr(0 2 1 1): Mess3",
        "Compose | post-quantum: 3 states, HMM = false, Pr(0 0) = 0.000000",
        "Pictures | z1r-prime x z1r-prime: h_mu = 0.666667 bits (exact)"})
    void exampleRunsAndPrints(String name, String expected) throws Exception {
        // examples that write files write them under the test's temporary directory
        String out = runMain(Class.forName("dev.ghmm.examples." + name), tmp.toString());
        assertTrue(out.contains(expected), () -> name + " printed:\n" + out);
    }

    @Test
    void jshellScriptsRunWithoutErrors() throws Exception {
        List<Path> scripts;
        try (Stream<Path> files = Files.list(Path.of("jshell"))) {
            // ghmm.jsh is the startup script, which prints nothing: DocSnippetsTest runs it before every document
            scripts = files.filter(p -> p.toString().endsWith(".jsh") && !p.equals(JShellSession.GHMM_STARTUP)).sorted().toList();
        }
        assertTrue(scripts.size() >= 2);
        for (Path script : scripts) {
            try (JShellSession shell = new JShellSession()) {
                assertEquals(List.of(), shell.run(Files.readString(script)), script.toString());
                assertTrue(!shell.output().isEmpty(), script + " printed nothing");
            }
        }
    }
}
