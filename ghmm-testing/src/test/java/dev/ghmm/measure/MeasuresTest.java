package dev.ghmm.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.ProcessArbitraries;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MeasuresTest {
    private static final double EPS = 1e-10;

    private static double h2(double p) {
        return p == 0 || p == 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }

    @Provide
    Arbitrary<Ghmm> processes() {
        return ProcessArbitraries.processes(4, 3);
    }

    @Property(tries = 60)
    void blockEntropyFromTheMspEqualsWordEnumeration(@ForAll("processes") Ghmm process) {
        InformationMeasures m = InformationMeasures.compute(process, 4);
        for (int l = 0; l <= 4; l++) {
            assertEquals(InformationMeasures.blockEntropyByEnumeration(process, l), m.blockEntropy()[l], 1e-9, "H(" + l + ")");
        }
    }

    @Test
    void knownEntropyRates() {
        // biased coin: h = H(0.3) per symbol, H(L) = L·H(0.3)
        InformationMeasures coin = InformationMeasures.compute(Catalogue.biasedCoin(0.3), 6);
        assertEquals(h2(0.3), coin.entropyRate(), EPS);
        assertTrue(coin.entropyRateExact());
        assertEquals(6 * h2(0.3), coin.blockEntropy()[6], EPS);
        assertEquals(0, coin.excessEntropy(), EPS);
        // golden mean (p = 1/2): causal states A, B with π = (2/3, 1/3); only A branches, with a fair bit:
        // h = 2/3 bit, C_μ = H(2/3, 1/3)
        InformationMeasures golden = InformationMeasures.compute(Catalogue.goldenMean(0.5), 8);
        assertEquals(2.0 / 3, golden.entropyRate(), EPS);
        assertEquals(h2(1.0 / 3), golden.statisticalComplexity(), EPS);
        // even process: same branching structure, h = 2/3 bit
        assertEquals(2.0 / 3, InformationMeasures.compute(Catalogue.even(0.5), 8).entropyRate(), EPS);
        // Z1R: only SR (stationary weight 1/3) emits a fair bit: h = 1/3 bit, C_μ = log2 3
        InformationMeasures z1r = InformationMeasures.compute(Catalogue.z1r(), 10);
        assertEquals(1.0 / 3, z1r.entropyRate(), EPS);
        assertEquals(Math.log(3) / Math.log(2), z1r.statisticalComplexity(), EPS);
        // Z1R' × Z1R' from uniform: each factor is absorbed in S0 (rate 0) with probability 1/3 or in the cycle
        // {S1, SR} (a fair bit every other symbol: 1/2 bit) with probability 2/3: 1/3 bit per factor, 2/3 jointly
        InformationMeasures zz = InformationMeasures.compute(Catalogue.z1rPrimeSquared(), 12);
        assertTrue(zz.entropyRateExact());
        assertEquals(2.0 / 3, zz.entropyRate(), EPS);
        // Mess3's beliefs form a fractal: the MSP does not close
        InformationMeasures mess = InformationMeasures.compute(Catalogue.mess3(0.15, 0.6), 6);
        assertFalse(mess.entropyRateExact());
        assertEquals(-1, mess.mspStates());
    }

    @Test
    void mspOfZ1rPrimeSquaredByHand() {
        // one factor from uniform reaches 7 beliefs: u, (2/3,1/3,0), (0,1/3,2/3), (1,0,0), (0,0,1), (0,1,0), (0,1/2,1/2);
        // with S_t the factor beliefs at depth t: S_0 = {u}, |S_1| = 2, S_2 = S_4 = … = {100, 001, 010, (0,½,½)},
        // S_3 = S_5 = … = {100, 010, 001, (0,⅓,⅔)}. Joint beliefs are products within one depth:
        // |{u⊗u} ∪ S_1² ∪ S_2² ∪ S_3²| = 1 + 4 + 16 + (16 − 9 shared with S_2² − 1, (0,⅓,⅔)⊗(0,⅓,⅔), shared with S_1²) = 27
        assertEquals(7, MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 20, 1e-10).size());
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1rPrimeSquared(), 20, 1e-10);
        assertTrue(msp.isFinite());
        assertEquals(27, msp.size());
        double total = 0;
        for (double p : msp.distribution(7)) {
            total += p;
        }
        assertEquals(1, total, EPS);
    }

    @Test
    void mspOfTheEvenProcessByHand() {
        // Even(1/2): A emits 0 and stays (1/2) or emits 1 to B (1/2); B emits 1 to A. From π = (2/3, 1/3):
        // η0 →0 A = (1, 0) with Pr 1/3, η0 →1 (1/2, 1/2) with Pr 2/3; A →0 A (1/2), A →1 B = (0, 1) (1/2);
        // (1/2, 1/2) →0 A (1/4), →1 η0 (3/4); B →1 A (1). Nodes in breadth-first order: η0, A, (1/2, 1/2), B.
        // P_2: B via 01 (1/3 · 1/2 = 1/6), η0 via 11 (2/3 · 3/4 = 1/2), A via 00 and 10 (1/6 + 1/6).
        // Closed class {A, B} with π = (2/3, 1/3) (π_A = π_A/2 + π_B); η0 and (1/2, 1/2) are transient.
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.even(0.5), 10, 1e-10);
        assertTrue(msp.isFinite());
        assertEquals(4, msp.size());
        double[][] beliefs = {{2.0 / 3, 1.0 / 3}, {1, 0}, {0.5, 0.5}, {0, 1}};
        int[] depths = {0, 1, 1, 2};
        double[] atDepth = {1, 1.0 / 3, 2.0 / 3, 1.0 / 6};
        for (int b = 0; b < 4; b++) {
            assertEquals(point(beliefs[b]), point(msp.belief(b)), "belief " + b);
            assertEquals(depths[b], msp.depthOf(b), "depth of " + b);
            assertEquals(atDepth[b], msp.probabilityAtDepth(b), EPS, "Pr at depth of " + b);
        }
        // successor[b][x] and Pr(x | b); −1 where Pr(x | b) = 0
        int[][] successors = {{1, 2}, {1, 3}, {1, 0}, {-1, 1}};
        double[][] probabilities = {{1.0 / 3, 2.0 / 3}, {0.5, 0.5}, {0.25, 0.75}, {0, 1}};
        for (int b = 0; b < 4; b++) {
            for (int x = 0; x < 2; x++) {
                assertEquals(successors[b][x], msp.successor(b, x), "successor(" + b + ", " + x + ")");
                assertEquals(probabilities[b][x], msp.symbolProbability(b, x), EPS, "Pr(" + x + " | " + b + ")");
            }
        }
        double[] limit = msp.limitingDistribution();
        double[] expected = {0, 2.0 / 3, 0, 1.0 / 3};
        for (int b = 0; b < 4; b++) {
            assertEquals(expected[b], limit[b], 1e-12, "π(" + b + ")");
        }
        assertEquals("[[1, 3]]", Arrays.deepToString(msp.recurrentClasses()));
        assertArrayEquals(new int[] {0, 2}, msp.transientBeliefs());
    }

    @Test
    void aTruncatedPresentationHasAFrontierAndNoLimit() {
        // Mess3 never closes: the beliefs first found at depth L have no transitions, and π is not defined
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.mess3(0.15, 0.6), 3, 1e-10);
        assertFalse(msp.isFinite());
        // every word of length ≤ 3 has its own belief: 3^t nodes at depth t, whose probabilities at depth sum to 1
        assertEquals(1 + 3 + 9 + 27, msp.size());
        int[] count = new int[4];
        double[] total = new double[4];
        for (int b = 0; b < msp.size(); b++) {
            int d = msp.depthOf(b);
            count[d]++;
            total[d] += msp.probabilityAtDepth(b);
            for (int x = 0; x < 3; x++) {
                assertEquals(d < 3, msp.successor(b, x) >= 0, "only the frontier (depth 3) is not expanded: node " + b);
            }
        }
        assertArrayEquals(new int[] {1, 3, 9, 27}, count);
        for (int d = 0; d <= 3; d++) {
            assertEquals(1, total[d], EPS, "P_" + d);
        }
        assertThrows(IllegalStateException.class, msp::limitingDistribution);
    }

    @Test
    void theLimitOfEveryFiniteCataloguePresentationIsAStationaryDistributionOnItsRecurrentPart() {
        // π T_MSP = π and Σ π = 1 (a Cesàro limit is stationary), and π is 0 exactly off the closed classes
        int finite = 0;
        for (String name : Catalogue.names()) {
            MixedStatePresentation msp;
            try {
                msp = MixedStatePresentation.enumerate(Catalogue.byName(name), 25, 1e-10, 20_000);
            } catch (IllegalArgumentException overBudget) {
                continue; // its beliefs keep multiplying: not finite
            }
            if (!msp.isFinite()) {
                continue;
            }
            finite++;
            double[] pi = msp.limitingDistribution();
            double[] next = new double[pi.length];
            msp.asProcess().net().leftApply(pi, next);
            assertArrayEquals(pi, next, 1e-12, name + ": π T = π");
            assertEquals(1, Arrays.stream(pi).sum(), 1e-12, name + ": Σ π");
            for (int b : msp.transientBeliefs()) {
                assertEquals(0, pi[b], name + ": transient belief " + b);
            }
        }
        assertTrue(finite >= 8, finite + " finite presentations in the catalogue");
    }

    /**
     * Deep presentations of GHMMs whose predictions cancel: Post Quantum to depth 400 and Fanizza to depth 900 were
     * refused ("the belief has ⟨⟨η|1⟩⟩ = 0.9999999999921992, not 1"; Fanizza's successor at depth 712 follows a symbol
     * of probability 1.9e-9 summed from terms of order 1). Every node is a belief, ⟨⟨η|1⟩⟩ = 1 to the round-off that
     * {@code BeliefFilter.reset} allows, and every layer's distribution sums to 1.
     */
    @Test
    void deepPresentationsOfCancellingGhmmsKeepEveryBeliefNormalised() {
        for (Object[] c : new Object[][] {{"post-quantum", 400}, {"fanizza", 900}}) {
            Ghmm g = Catalogue.byName((String) c[0]);
            int depth = (Integer) c[1];
            MixedStatePresentation msp = MixedStatePresentation.enumerate(g, depth, 1e-10);
            assertEquals(depth, msp.depthOf(msp.size() - 1), c[0] + ": the last node is at the full depth");
            double[] one = g.one();
            for (int b = 0; b < msp.size(); b++) {
                double[] eta = msp.belief(b);
                double mass = 0;
                double magnitude = 0;
                for (int i = 0; i < eta.length; i++) {
                    mass += eta[i] * one[i];
                    magnitude += Math.abs(eta[i] * one[i]);
                }
                assertEquals(1, mass, 64 * eta.length * Math.ulp(1.0) * Math.max(1, magnitude), c[0] + ": node " + b);
            }
            for (int t : new int[] {1, depth / 2, depth}) {
                assertEquals(1, Arrays.stream(msp.distribution(t)).sum(), 1e-9, c[0] + ": Σ P_" + t);
            }
        }
    }

    @Test
    void aLimitThatTakesLongerThanAMillionStepsIsRefused() {
        // A emits 0 and stays with probability 1 − 10⁻⁷, else emits 1 to B, which emits 1 forever; from A the MSP is
        // {A, B}, finite, but after 10⁶ steps (1 − 10⁻⁷)^10⁶ ≈ 0.905 of the mass is still on the transient A
        Ghmm slow = Ghmm.of(new double[][][] {{{1 - 1e-7, 0}, {0, 0}}, {{0, 1e-7}, {0, 1}}}, new double[] {1, 0});
        MixedStatePresentation msp = MixedStatePresentation.enumerate(slow, 5, 1e-10);
        assertTrue(msp.isFinite());
        IllegalStateException e = assertThrows(IllegalStateException.class, msp::limitingDistribution);
        assertTrue(e.getMessage().contains("a mass of 0.90"), e.getMessage());
    }

    /**
     * Depths and probabilities at depth derived again by enumerating every word of length ≤ 3: a node's depth is the
     * shortest word whose belief it holds, and its probability at that depth sums Pr(w) over the words of that length.
     */
    @Property(tries = 60)
    void depthsAndProbabilitiesAtDepthMatchWordEnumeration(@ForAll("processes") Ghmm process) {
        int depth = 3;
        MixedStatePresentation msp = MixedStatePresentation.enumerate(process, depth, 1e-10);
        int[] shortest = new int[msp.size()];
        Arrays.fill(shortest, Integer.MAX_VALUE);
        double[][] byLength = new double[depth + 1][msp.size()];
        for (int length = 0; length <= depth; length++) {
            int[] radix = new int[length];
            Arrays.fill(radix, process.symbols());
            int[] word = new int[length];
            for (int w = 0; w < (int) Math.pow(process.symbols(), length); w++) {
                dev.ghmm.MixedRadix.decode(radix, w, word);
                double p = process.probability(word);
                if (p <= 1e-12) {
                    continue; // a zero-probability word (within round-off) reaches no node
                }
                int node = nearest(msp, process.beliefAfter(word));
                shortest[node] = Math.min(shortest[node], length);
                byLength[length][node] += p;
            }
        }
        for (int b = 0; b < msp.size(); b++) {
            assertEquals(shortest[b], msp.depthOf(b), "depth of node " + b);
            assertEquals(byLength[shortest[b]][b], msp.probabilityAtDepth(b), 1e-9, "Pr at depth of node " + b);
        }
    }

    /** The node whose belief is closest to {@code belief} in the max norm, which must be within 1e-8. */
    private static int nearest(MixedStatePresentation msp, double[] belief) {
        int best = -1;
        double distance = Double.POSITIVE_INFINITY;
        for (int b = 0; b < msp.size(); b++) {
            double[] eta = msp.belief(b);
            double d = 0;
            for (int i = 0; i < eta.length; i++) {
                d = Math.max(d, Math.abs(eta[i] - belief[i]));
            }
            if (d < distance) {
                distance = d;
                best = b;
            }
        }
        assertTrue(distance < 1e-8, "no node holds the belief " + Arrays.toString(belief) + " (nearest at " + distance + ")");
        return best;
    }

    @Test
    void recurrentAndTransientPartsOfZ1rPrimeByHand() {
        // Z1R' (eq. 2.17): S0 emits 0 and stays; S1 emits 1 to SR; SR emits 0 or 1 to S1. From uniform:
        // u →0 (⅔,⅓,0), u →1 (0,⅓,⅔); (⅔,⅓,0) →0 100, →1 001; (0,⅓,⅔) →0 010, →1 (0,½,½); (0,½,½) →0 010, →1 (0,⅓,⅔).
        // Closed classes: {100} (absorbing) and the 2-cycle {010, 001}; the other four beliefs leak into them.
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 20, 1e-10);
        List<Set<List<Double>>> classes = new ArrayList<>();
        for (int[] cls : msp.recurrentClasses()) {
            classes.add(beliefSet(msp, cls));
        }
        assertEquals(2, classes.size());
        assertTrue(classes.contains(Set.of(point(1, 0, 0))), classes.toString());
        assertTrue(classes.contains(Set.of(point(0, 1, 0), point(0, 0, 1))), classes.toString());
        double third = 1.0 / 3;
        assertEquals(Set.of(point(third, third, third), point(2 * third, third, 0), point(0, third, 2 * third), point(0, 0.5, 0.5)),
                beliefSet(msp, msp.transientBeliefs()));
        // absorbed into {100} exactly when the hidden state started at S0 (Pr 1/3); the 2-cycle holds the other 2/3,
        // half of the time at each belief (period 2: π is the Cesàro average)
        double[] limit = msp.limitingDistribution();
        for (int b = 0; b < msp.size(); b++) {
            List<Double> eta = point(msp.belief(b));
            double expected = eta.equals(point(1, 0, 0)) || eta.equals(point(0, 1, 0)) || eta.equals(point(0, 0, 1)) ? third : 0;
            assertEquals(expected, limit[b], 1e-12, "π of " + eta);
        }
    }

    /** The beliefs with the given indices as {@link #point}s. */
    private static Set<List<Double>> beliefSet(MixedStatePresentation msp, int[] indices) {
        Set<List<Double>> set = new HashSet<>();
        for (int b : indices) {
            set.add(point(msp.belief(b)));
        }
        return set;
    }

    /** A belief rounded to 12 digits, so that hand-written fractions and computed beliefs compare equal. */
    private static List<Double> point(double... belief) {
        List<Double> rounded = new ArrayList<>();
        for (double v : belief) {
            rounded.add(Math.round(v * 1e12) / 1e12);
        }
        return rounded;
    }

    /**
     * The memory budget counts the beliefs and their transitions only, whatever the filter's parts: Mess3 × Mess3 read
     * through its factors is refused at the same depth with the same estimate (beliefs and MiB) as its joint GHMM
     * (it used to add 8(Σd + P) = 64 bytes per belief for parts stored on every node).
     */
    @Test
    void theMemoryEstimateOfAProductIsThatOfItsJointGhmm() {
        FactoredProcess product = FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.15, 0.6));
        String factored = assertThrows(IllegalArgumentException.class, () -> MixedStatePresentation.enumerate(product, 8, 1e-10, 20_000)).getMessage();
        String joint = assertThrows(IllegalArgumentException.class, () -> MixedStatePresentation.enumerate(product.joint(), 8, 1e-10, 20_000)).getMessage();
        assertTrue(factored.matches("depth \\d+ could hold \\d+ distinct beliefs \\(about [1-9]\\d* MiB\\).*"), factored);
        assertEquals(joint, factored);
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> MixedStatePresentation.enumerate(Catalogue.z1r(), -1, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> MixedStatePresentation.enumerate(Catalogue.z1r(), 3, Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixedStatePresentation.enumerate(Catalogue.mess3(0.15, 0.6), 30, 1e-12, 10_000));
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> MixedStatePresentation.enumerate(Catalogue.mess3(0.15, 0.6), 3, 1e-10).asProcess());
    }

    @Test
    void measuresInNatsAreTheBitsTimesLnTwo() {
        InformationMeasures bits = InformationMeasures.compute(Catalogue.goldenMean(0.5), 6);
        InformationMeasures nats = bits.in(dev.ghmm.Entropy.Unit.NATS);
        // golden mean at p = 1/2: h_mu = 2/3 bit = (2/3) ln 2 nats
        assertEquals(2.0 / 3 * Math.log(2), nats.entropyRate(), 1e-12);
        assertEquals(bits.blockEntropy()[6] * Math.log(2), nats.blockEntropy()[6], 1e-12);
        assertEquals(bits.statisticalComplexity() * Math.log(2), nats.statisticalComplexity(), 1e-12);
    }
}
