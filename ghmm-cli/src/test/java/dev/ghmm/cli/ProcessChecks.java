package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Process;
import dev.ghmm.testing.Words;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/** Shared checks of the process-file tests: two processes agree on words, and where the shipped files are. */
final class ProcessChecks {
    private ProcessChecks() {
    }

    /** Pr(w) agrees for every word of length 1 … maxLength (probabilities lie in [0, 1], so the tolerance is absolute). */
    static void assertSameWords(Process expected, Process actual, int maxLength, double tolerance) {
        assertArrayEquals(expected.alphabet().names(), actual.alphabet().names(), "alphabet");
        for (int length = 1; length <= maxLength; length++) {
            for (int[] w : Words.all(expected.symbols(), length)) {
                assertEquals(expected.probability(w), actual.probability(w), tolerance, () -> "Pr(" + Arrays.toString(w) + ")");
            }
        }
    }

    /** ln Pr(w) agrees on {@code count} words of the given length drawn from {@code expected}. */
    static void assertSameSampledWords(Process expected, Process actual, int count, int length, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (int n = 0; n < count; n++) {
            BeliefFilter filter = expected.filter();
            int[] w = new int[length];
            for (int t = 0; t < length; t++) {
                w[t] = filter.sample(rng); // and reads it
            }
            assertEquals(expected.logProbability(w), actual.logProbability(w), 1e-12, () -> "ln Pr(" + Arrays.toString(w) + ")");
        }
    }

    /** A file of docs/processes, found from the module directory the tests run in. */
    static Path shipped(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve("processes").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("docs/processes/" + name + " not found above " + Path.of("").toAbsolutePath());
    }
}
