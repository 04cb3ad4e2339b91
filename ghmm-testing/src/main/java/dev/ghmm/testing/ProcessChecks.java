package dev.ghmm.testing;

import dev.ghmm.Tolerances;
import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.operator.Operator;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.PartitionReport;
import dev.ghmm.process.Process;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Checks of a user's process for jqwik properties and example tests: each throws an {@link AssertionError} whose
 * one-line message names the failing entry, state or word, so that a shrunk counterexample reads at a glance. All
 * work on the {@linkplain Process#joint() joint GHMM} with an absolute tolerance (entries and predictions are
 * probabilities or of their order).
 */
public final class ProcessChecks {
    private ProcessChecks() {
    }

    /**
     * Every T(x) preserves the partition (eq. 2.9): no entry T(x)<sub>ij</sub> with i and j in different sectors
     * exceeds the tolerance in absolute value.
     *
     * @param process   the process
     * @param partition a partition of its S states
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @throws AssertionError naming the first coupling entry, its value and sectors, and how many there are
     * @throws IllegalArgumentException if the partition is not on S states or the tolerance is not finite and ≥ 0
     */
    public static void assertPreserves(Process process, Partition partition, double tolerance) {
        Ghmm g = process.joint();
        PartitionReport report = g.checkPartition(partition, tolerance);
        if (!report.preserved()) {
            PartitionReport.Violation v = report.violations().get(0);
            int more = report.violations().size() - 1;
            throw new AssertionError(process.name() + " does not preserve " + partition + ": T(" + g.alphabet().name(v.symbol()) + ")["
                    + v.row() + "][" + v.col() + "] = " + v.value() + " couples sector " + v.rowSector() + " to sector " + v.colSector()
                    + (more > 0 ? " (and " + more + " more entries)" : ""));
        }
    }

    /**
     * The process is a valid GHMM (section 2.2): T|1⟩⟩ = |1⟩⟩ for T = Σ<sub>x</sub> T(x) (eq. 2.1) and every prediction Pr(x | w) = ⟨⟨η(w)|T(x)|1⟩⟩ after every possible word w of length &lt; maxLength is ≥ 0,
     * so that every word of length ≤ maxLength has Pr(w) ≥ 0 (eq. 2.2). (⟨⟨η(∅)|1⟩⟩ = 1 holds by construction: ghmm
     * normalises every initial vector.) Words are walked depth first, |𝒳|<sup>L</sup> of each length L at most.
     *
     * @param process   the process
     * @param maxLength the longest word whose probability is checked, ≥ 0
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @throws AssertionError naming the state where T|1⟩⟩ ≠ |1⟩⟩, or the first negative prediction with its word
     * @throws IllegalArgumentException if maxLength &lt; 0 or the tolerance is not finite and ≥ 0
     */
    public static void assertValidGhmm(Process process, int maxLength, double tolerance) {
        Tolerances.require(tolerance);
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength " + maxLength + " < 0");
        }
        Ghmm g = process.joint();
        double[] one = g.one();
        double[] netOne = g.net().rightApply(one);
        for (int i = 0; i < one.length; i++) {
            if (!(Math.abs(netOne[i] - one[i]) <= tolerance)) {
                throw new AssertionError(process.name() + ": T|1⟩⟩ ≠ |1⟩⟩ at state " + i + ": " + netOne[i] + " instead of " + one[i]);
            }
        }
        double[][] predictor = new double[g.symbols()][];
        for (int x = 0; x < predictor.length; x++) {
            predictor[x] = g.predictor(x);
        }
        walk(process, g, predictor, g.initial(), new int[maxLength], 0, tolerance);
    }

    /** Checks the predictions after word[0:depth] (belief η, normalised), then every possible continuation. */
    private static void walk(Process process, Ghmm g, double[][] predictor, double[] belief, int[] word, int depth, double tolerance) {
        if (depth == word.length) {
            return;
        }
        for (int x = 0; x < predictor.length; x++) {
            double p = Vectors.dot(belief, predictor[x]);
            if (p < -tolerance || Double.isNaN(p)) {
                throw new AssertionError(process.name() + ": Pr(" + g.alphabet().name(x) + " | " + quoted(g, word, depth) + ") = " + p
                        + " < 0, so Pr(" + quoted(g, append(word, depth, x), depth + 1) + ") < 0");
            }
            if (p > tolerance) {
                double[] next = g.transfer(x).leftApply(belief);
                for (int i = 0; i < next.length; i++) {
                    next[i] /= p;
                }
                word[depth] = x;
                walk(process, g, predictor, next, word, depth + 1, tolerance);
            }
        }
    }

    /**
     * The process is an HMM: every T(x) and ⟨⟨η(∅)| non-negative, T row-stochastic and |1⟩⟩ = 𝟏.
     *
     * @param process   the process
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @throws AssertionError naming the first negative entry T(x)<sub>ij</sub> or η<sub>i</sub>, the first row of T that
     *                        does not sum to 1, or the first entry of |1⟩⟩ that is not 1
     * @throws IllegalArgumentException if the tolerance is not finite and ≥ 0
     */
    public static void assertHmm(Process process, double tolerance) {
        Tolerances.require(tolerance);
        Ghmm g = process.joint();
        for (int x = 0; x < g.symbols(); x++) {
            Operator t = g.transfer(x);
            String symbol = g.alphabet().name(x);
            t.forEachNonZero((i, j, v) -> {
                if (v < -tolerance) {
                    throw new AssertionError(process.name() + " is not an HMM: T(" + symbol + ")[" + i + "][" + j + "] = " + v + " < 0");
                }
            });
        }
        double[] initial = g.initial();
        for (int i = 0; i < initial.length; i++) {
            if (initial[i] < -tolerance) {
                throw new AssertionError(process.name() + " is not an HMM: η(∅)[" + i + "] = " + initial[i] + " < 0");
            }
        }
        double[] rowSums = g.net().rightApply(Vectors.ones(g.states()));
        double[] one = g.one();
        for (int i = 0; i < one.length; i++) {
            if (!(Math.abs(rowSums[i] - 1) <= tolerance)) {
                throw new AssertionError(process.name() + " is not an HMM: row " + i + " of T sums to " + rowSums[i] + ", not 1");
            }
            if (!(Math.abs(one[i] - 1) <= tolerance)) {
                throw new AssertionError(process.name() + " is not an HMM: |1⟩⟩[" + i + "] = " + one[i] + ", not 1");
            }
        }
    }

    private static int[] append(int[] word, int length, int x) {
        int[] w = Arrays.copyOf(word, length + 1);
        w[length] = x;
        return w;
    }

    /**
     * Two processes agree on every word: Pr(w) equal within {@code tolerance} (absolute: probabilities lie in
     * [0, 1]) for every word of length 1 … maxLength, over the same alphabet.
     *
     * @param expected  the process expected
     * @param actual    the process compared with it
     * @param maxLength the longest words compared, ≥ 1
     * @param tolerance absolute tolerance
     * @throws AssertionError naming the alphabets or the first word whose probabilities differ
     */
    public static void assertSameWords(Process expected, Process actual, int maxLength, double tolerance) {
        if (!Arrays.equals(expected.alphabet().names(), actual.alphabet().names())) {
            throw new AssertionError("alphabet " + actual.alphabet() + ", expected " + expected.alphabet());
        }
        for (int length = 1; length <= maxLength; length++) {
            for (int[] w : Words.all(expected.symbols(), length)) {
                double p = expected.probability(w);
                double q = actual.probability(w);
                if (!(Math.abs(p - q) <= tolerance)) {
                    throw new AssertionError("Pr(" + Arrays.toString(w) + ") = " + q + ", expected " + p + " within " + tolerance);
                }
            }
        }
    }

    /**
     * Two processes agree on sampled words: ln Pr(w) equal within 1e-12 on {@code count} words of the given length
     * drawn from {@code expected} with the seed.
     *
     * @param expected the process the words are drawn from
     * @param actual   the process compared with it
     * @param count    how many words
     * @param length   their length
     * @param seed     the seed of the draws
     * @throws AssertionError naming the first word whose log probabilities differ
     */
    public static void assertSameSampledWords(Process expected, Process actual, int count, int length, long seed) {
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        for (int n = 0; n < count; n++) {
            BeliefFilter filter = expected.filter();
            int[] w = new int[length];
            for (int t = 0; t < length; t++) {
                w[t] = filter.sample(rng); // and reads it
            }
            double p = expected.logProbability(w);
            double q = actual.logProbability(w);
            if (!(Math.abs(p - q) <= 1e-12)) {
                throw new AssertionError("ln Pr(" + Arrays.toString(w) + ") = " + q + ", expected " + p + " within 1e-12");
            }
        }
    }

    private static String quoted(Ghmm g, int[] word, int length) {
        return "\"" + g.alphabet().format(Arrays.copyOf(word, length)) + "\"";
    }
}
