package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.MixedRadix;
import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FactorMarginals;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.testing.FactoredArbitraries;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The product filter of factored processes against the materialised joint GHMM: independent factors, chains with
 * any number of variants, cyclic control maps, GHMM factors (similarity transforms) and direct sums as factors; and the
 * laws of {@link FactorMarginals} on their beliefs: the marginal of a product of factor beliefs is the factor belief and
 * the decoded sum of {@link #marginal}, and the product test accepts products and rejects a joint that differs from
 * one by a term with the same marginals.
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

    // the laws of FactorMarginals, the one home of the marginal above and of the product test

    private static FactorMarginals of(FactoredProcess p) {
        return FactorMarginals.of(p.factors().stream().map(Ghmm::one).toArray(double[][]::new));
    }

    /** The filter after the possible prefix of the word (a symbol of probability 0 ends it). */
    private static BeliefFilter after(FactoredProcess p, List<Integer> raw) {
        BeliefFilter filter = p.filter();
        for (int r : raw) {
            int x = r % p.symbols();
            if (filter.probability(x) == 0.0) {
                break;
            }
            filter.update(x);
        }
        return filter;
    }

    @Property(tries = 150)
    void theMarginalOfAProductIsTheFactorBelief(@ForAll("factored") FactoredProcess p, @ForAll("words") List<Integer> raw) {
        BeliefFilter filter = after(p, raw);
        double[] joint = filter.belief();
        FactorMarginals m = of(p);
        for (int f = 0; f < p.factorCount(); f++) {
            double[] part = new double[filter.partDimension(f)];
            filter.part(f, part, 0);
            double scale = 1 + Vectors.maxAbs(part);
            assertArrayEquals(part, m.marginal(joint, f), 1e-10 * scale, "factor " + f);
            assertArrayEquals(marginal(p, joint, f), m.marginal(joint, f), 1e-12 * scale, "factor " + f + ", decoded");
        }
        assertTrue(m.isProduct(joint, 1e-9));
    }

    @Property(tries = 150)
    void theProductTestRejectsACorrelationThatKeepsTheMarginals(@ForAll("factored") FactoredProcess p, @ForAll("words") List<Integer> raw) {
        int[] dims = p.dimensions();
        int f = -1;
        int g = -1;
        for (int h = 0; h < dims.length; h++) {
            if (dims[h] >= 2) {
                if (f < 0) {
                    f = h;
                } else if (g < 0) {
                    g = h;
                }
            }
        }
        Assume.that(g >= 0);
        BeliefFilter filter = after(p, raw);
        double[] joint = filter.belief();
        // P = ⊗_h v_h with v_f ⊥ |1_f⟩⟩, v_g ⊥ |1_g⟩⟩ and the factor belief elsewhere: every marginal of P is 0
        double[][] v = new double[dims.length][];
        for (int h = 0; h < dims.length; h++) {
            v[h] = new double[dims[h]];
            if (h == f || h == g) {
                double[] one = p.factor(h).one();
                int a = Math.abs(one[0]) > 0 ? 0 : 1;
                int b = 1 - a;
                v[h][b] = one[a];
                v[h][a] = -one[b];
            } else {
                filter.part(h, v[h], 0);
            }
        }
        double[] correlation = Vectors.kron(v);
        Assume.that(Vectors.maxAbs(correlation) > 0);
        double delta = 1e-3 * Vectors.maxAbs(joint) / Vectors.maxAbs(correlation);
        double[] perturbed = joint.clone();
        for (int j = 0; j < joint.length; j++) {
            perturbed[j] += delta * correlation[j];
        }
        FactorMarginals m = of(p);
        for (int h = 0; h < dims.length; h++) {
            assertArrayEquals(m.marginal(joint, h), m.marginal(perturbed, h), 1e-12 * (1 + Vectors.maxAbs(joint)), "factor " + h);
        }
        assertTrue(m.isProduct(joint, 1e-9));
        int j = m.firstNonProductState(perturbed, m.marginals(perturbed), 1e-6);
        assertTrue(j >= 0, "the perturbed belief passed as a product");
        assertEquals(perturbed[j] - m.productEntry(m.marginals(perturbed), j), delta * correlation[j], 1e-9 * Vectors.maxAbs(joint));
    }
}
