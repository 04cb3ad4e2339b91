package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FactorMarginals;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.FactoredArbitraries;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The laws of {@link FactorMarginals} on the beliefs of generated factored processes: the marginal of a product of
 * factor beliefs is the factor belief, the marginal is the decoded sum of {@link ProductFilterProperties#marginal}, and
 * the product test accepts products and rejects a joint that differs from one by a term with the same marginals.
 */
class FactorMarginalsProperties {

    @Provide
    Arbitrary<FactoredProcess> factored() {
        return FactoredArbitraries.factored(3, 3, 3);
    }

    @Provide
    Arbitrary<List<Integer>> words() {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofMaxSize(5);
    }

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
            assertArrayEquals(ProductFilterProperties.marginal(p, joint, f), m.marginal(joint, f), 1e-12 * scale, "factor " + f + ", decoded");
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
