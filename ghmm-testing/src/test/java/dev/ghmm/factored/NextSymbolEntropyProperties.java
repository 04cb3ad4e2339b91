package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Seeds;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.testing.FactoredArbitraries;
import dev.ghmm.testing.FactoredArbitraries.ControlMap;
import dev.ghmm.testing.ProcessArbitraries;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The loss floor H[X | η] of {@link BeliefFilter#nextSymbolEntropy} against −Σ<sub>x</sub> P(x) ln P(x) of the joint
 * distribution, and the next-symbol distribution written at an offset: factored processes of every control map
 * (independent, chain, cyclic, reversed chain, two parents) with HMM, GHMM and direct-sum factors, and plain processes.
 */
class NextSymbolEntropyProperties {
    /** Relative tolerance on the entropy in nats, with an absolute floor of the same size for entropies below 1 nat. */
    private static final double TOLERANCE = 1e-12;

    @Provide
    Arbitrary<FactoredProcess> factored() {
        return FactoredArbitraries.factored(4, 3, 4);
    }

    @Provide
    Arbitrary<FactoredProcess> chains() {
        return FactoredArbitraries.factored(ControlMap.CHAIN, 5, 3, 4);
    }

    @Provide
    Arbitrary<List<Integer>> words() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(8);
    }

    /** −Σ P ln P over the positive entries, with the library's logarithm nowhere on the way. */
    static double jointEntropy(double[] p) {
        double h = 0;
        for (double v : p) {
            h -= v > 0 ? v * StrictMath.log(v) : 0;
        }
        return h;
    }

    private static void assertEntropy(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, relative * Math.max(1, expected), what);
    }

    /** Along a word, the filter's entropy against the entropy of its own joint distribution, and of the joint GHMM's. */
    private static void checkAlong(Process p, List<Integer> raw) {
        BeliefFilter filter = p.filter();
        BeliefFilter joint = p.joint().filter();
        for (int r : raw) {
            double[] next = filter.nextSymbolDistribution();
            double h = filter.nextSymbolEntropy();
            assertEntropy(jointEntropy(next), h, TOLERANCE, "against the entropy of its own joint distribution");
            // the joint GHMM's belief differs by the round-off of its own updates (1e-10 as in ProductFilterProperties)
            assertEntropy(jointEntropy(joint.nextSymbolDistribution()), h, 1e-10, "against the joint GHMM's filter");
            assertTrue(h >= -TOLERANCE, "nonnegative up to round-off (a probability of 1 + ε has a term −ε)");
            int x = r % p.symbols();
            if (next[x] == 0) {
                return;
            }
            filter.update(x);
            joint.update(x);
        }
    }

    @Property(tries = 300)
    void theLossFloorIsTheEntropyOfTheJointDistribution(@ForAll("factored") FactoredProcess p, @ForAll("words") List<Integer> raw) {
        checkAlong(p, raw);
    }

    @Property(tries = 100)
    void longChainsToo(@ForAll("chains") FactoredProcess p, @ForAll("words") List<Integer> raw) {
        checkAlong(p, raw);
    }

    @Property(tries = 100)
    void plainProcessesAndDirectSumsToo(@ForAll("plain") Process p, @ForAll("words") List<Integer> raw) {
        checkAlong(p, raw);
    }

    @Provide
    Arbitrary<Process> plain() {
        return Arbitraries.oneOf(ProcessArbitraries.processes(4, 4).map(g -> (Process) g), ProcessArbitraries.directSums(3, 3).map(d -> (Process) d));
    }

    @Property(tries = 150)
    void theDistributionIsWrittenAtItsOffsetAndNowhereElse(@ForAll("factored") FactoredProcess p, @ForAll("words") List<Integer> raw) {
        BeliefFilter filter = p.filter();
        BeliefFilter joint = p.joint().filter();
        int n = p.symbols();
        for (int r : raw) {
            double[] out = new double[n + 5];
            Arrays.fill(out, -7.0);
            filter.nextSymbolDistribution(out, 3);
            assertArrayEquals(new double[] {-7, -7, -7}, Arrays.copyOfRange(out, 0, 3));
            assertArrayEquals(new double[] {-7, -7}, Arrays.copyOfRange(out, n + 3, n + 5));
            double[] expected = joint.nextSymbolDistribution();
            assertArrayEquals(expected, Arrays.copyOfRange(out, 3, n + 3), 1e-12);
            int x = r % n;
            if (expected[x] == 0) {
                return;
            }
            filter.update(x);
            joint.update(x);
        }
    }

    @Property(tries = 50)
    void theDatasetLossIsTheEntropyOfItsNextRow(@ForAll("factored") FactoredProcess p) {
        Datasets.Block block = Datasets.generate(p, EnumSet.of(Datasets.Output.NEXT, Datasets.Output.LOSS), 2, 4, 6, 5L, 2);
        int n = p.symbols();
        for (int row = 0; row < 4 * 6; row++) {
            assertEntropy(jointEntropy(Arrays.copyOfRange(block.next(), row * n, (row + 1) * n)), block.loss()[row], TOLERANCE, "row " + row);
        }
    }

    @Provide
    Arbitrary<Process> anyProcess() {
        return Arbitraries.oneOf(factored().map(f -> (Process) f), plain());
    }

    /**
     * A filter asked for its distribution and loss before each draw draws the tokens of one that is not (filters keep
     * the predictions of a belief for the draw until the belief changes), and after a reset to a belief predicts that
     * belief's distribution, not the one it kept.
     */
    @Property(tries = 150)
    void predictionsKeptForTheDrawAreThoseOfTheCurrentBelief(@ForAll("anyProcess") Process p, @ForAll long seed) {
        BeliefFilter asked = p.filter();
        BeliefFilter plain = p.filter();
        UniformRandomProvider askedRng = Seeds.sequence(seed, 0);
        UniformRandomProvider plainRng = Seeds.sequence(seed, 0);
        double[] middle = null;
        for (int t = 0; t < 10; t++) {
            asked.nextSymbolDistribution();
            asked.nextSymbolEntropy();
            assertEquals(plain.sample(plainRng), asked.sample(askedRng), "token " + t);
            assertEquals(plain.lastProbability(), asked.lastProbability(), 0.0, "probability of token " + t);
            if (t == 4) {
                middle = plain.belief();
            }
        }
        asked.nextSymbolDistribution();
        asked.nextSymbolEntropy();
        asked.reset(middle);
        plain.reset(middle);
        assertArrayEquals(plain.nextSymbolDistribution(), asked.nextSymbolDistribution(), 0.0, "after the reset");
        assertEquals(plain.sample(plainRng), asked.sample(askedRng), "a token after the reset");
    }
}
