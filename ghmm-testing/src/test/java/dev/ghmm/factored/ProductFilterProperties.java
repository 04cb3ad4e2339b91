package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.MixedRadix;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.testing.FactoredArbitraries;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The product filter of factored processes against the materialised joint GHMM: independent factors, chains with
 * any number of variants, cyclic control maps, GHMM factors (similarity transforms) and direct sums as factors.
 */
class ProductFilterProperties {

    /** Factored processes of 2 or 3 factors of 1 to 3 states and symbols, every control map and factor kind. */
    @Provide
    Arbitrary<FactoredProcess> factored() {
        return FactoredArbitraries.factored(3, 3, 3);
    }

    @Provide
    Arbitrary<List<Integer>> words() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(6);
    }

    @Property(tries = 150)
    void theProductFilterIsTheJointFilter(@ForAll("factored") FactoredProcess p, @ForAll("words") List<Integer> raw) {
        BeliefFilter product = p.filter();
        BeliefFilter joint = p.joint().filter();
        assertEquals(joint.dimension(), product.dimension());
        for (int raw1 : raw) {
            int x = raw1 % p.symbols();
            assertArrayEquals(joint.nextSymbolDistribution(), product.nextSymbolDistribution(), 1e-12);
            double expected = joint.update(x);
            assertEquals(expected, product.update(x), 1e-12 * expected);
            double[] belief = joint.belief();
            assertArrayEquals(belief, product.belief(), 1e-10 * (1 + Arrays.stream(belief).map(Math::abs).max().orElse(0)));
            for (int f = 0; f < p.factorCount(); f++) {
                double[] part = new double[product.partDimension(f)];
                product.part(f, part, 0);
                assertArrayEquals(marginal(p, belief, f), part, 1e-9, "factor " + f + " is the joint belief's marginal");
            }
        }
        assertEquals(p.joint().logProbability(word(p, raw)), p.logProbability(word(p, raw)), 1e-10);
    }

    private static int[] word(FactoredProcess p, List<Integer> raw) {
        return raw.stream().mapToInt(r -> r % p.symbols()).toArray();
    }

    /** m_f[i] = Σ over joint states with i_f = i of η_j Π_{g≠f} |1⟩⟩_g[i_g]. */
    static double[] marginal(FactoredProcess p, double[] belief, int f) {
        int[] dims = p.dimensions();
        double[] m = new double[dims[f]];
        int[] state = new int[dims.length];
        for (int j = 0; j < belief.length; j++) {
            MixedRadix.decode(dims, j, state);
            double v = belief[j];
            for (int g = 0; g < dims.length; g++) {
                if (g != f) {
                    v *= p.factor(g).one()[state[g]];
                }
            }
            m[state[f]] += v;
        }
        return m;
    }

    @Property(tries = 30)
    void datasetPartBeliefsAreTheFactorsOfTheJointBeliefAndIndependentOfThreads(@ForAll("factored") FactoredProcess p) {
        EnumSet<Datasets.Output> all = EnumSet.allOf(Datasets.Output.class);
        Datasets.Block one = Datasets.generate(p, all, 3, 7, 5, 11L, 1);
        Datasets.Block two = Datasets.generate(p, all, 3, 7, 5, 11L, 2);
        assertArrayEquals(one.tokens(), two.tokens());
        assertArrayEquals(one.beliefs(), two.beliefs());
        for (int f = 0; f < p.factorCount(); f++) {
            assertArrayEquals(one.parts()[f], two.parts()[f]);
        }
        int n = p.states();
        int[] dims = p.dimensions();
        for (int row = 0; row < 7 * 6; row++) {
            double[] belief = Arrays.copyOfRange(one.beliefs(), row * n, (row + 1) * n);
            for (int f = 0; f < dims.length; f++) {
                assertArrayEquals(marginal(p, belief, f), Arrays.copyOfRange(one.parts()[f], row * dims[f], (row + 1) * dims[f]), 1e-9);
            }
        }
        for (int k = 0; k < 7; k++) {
            double[] logprob = Arrays.copyOfRange(one.logprob(), k * 5, (k + 1) * 5);
            int[] tokens = Arrays.copyOfRange(one.tokens(), k * 5, (k + 1) * 5);
            assertEquals(p.joint().logProbability(tokens), logprob[4], 1e-10);
            assertTrue(logprob[4] <= logprob[0] + 1e-12, "prefix probabilities do not grow");
        }
    }
}
