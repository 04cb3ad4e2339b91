package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A process that predicts a negative probability is refused by every command that reaches the prediction. */
class InvalidProcessCliTest {
    @TempDir
    Path tmp;

    /** Valid at (1, 0), where Pr(a) = Pr(b) = 1/2; after "a" the belief is (0, 1) and Pr(a) = −0.25. */
    private Path invalidAfterA() throws IOException {
        return Files.writeString(tmp.resolve("invalid.json"), """
                {"alphabet": ["a", "b"],
                 "transfer": [[[0, 0.5], [-0.25, 0]], [[0.5, 0], [0, 1.25]]],
                 "initial": [1, 0]}
                """);
    }

    private static void assertRefused(CliTest.Result r, String fragment) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertEquals(1, r.err().strip().split("\n").length, r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void everyCommandThatReachesTheNegativePredictionExitsTwo() throws IOException {
        String file = invalidAfterA().toString();
        assertEquals(0, run("describe", "--process", file).code(), "valid at the initial belief");
        assertRefused(run("eval", "--process", file, "--word", "a a"), "predicted probability -0.25 < 0 at position 1");
        Path out = tmp.resolve("data");
        assertRefused(run("sample", "--process", file, "--count", "20", "--length", "4", "--seed", "1", "--out", out.toString()), "-0.25");
        assertFalse(Files.exists(out), "nothing invalid is written");
        assertRefused(run("measures", "--process", file, "--max-length", "3"), "-0.25");
        assertRefused(run("msp", "--process", file, "--depth", "3"), "-0.25");
    }

    @Test
    void aNegativePredictionAtTheInitialBeliefIsRefusedByDescribe() throws IOException {
        Path file = Files.writeString(tmp.resolve("negative.json"), """
                {"alphabet": ["0", "1"], "transfer": [[[-0.5]], [[1.5]]]}
                """);
        assertRefused(run("describe", "--process", file.toString()), "predicted probability -0.5 < 0 at position 0");
    }

    @Test
    void anImpossibleWordHasProbabilityZeroNotAnError() throws IOException {
        CliTest.Result r = run("eval", "--process", "z1r", "--word", "1 1 1");
        assertEquals(0, r.code(), r.err());
        assertEquals(0.0, r.json().get("probability").asDouble(), 0);
    }
}
