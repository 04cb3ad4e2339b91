package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.testing.WordFrequencies;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** Sampling factored processes factor by factor (acyclic maps) and by joint tables (cyclic maps). */
class ProductFilterTest {
    private static final int N = 40_000;

    private static double pValue(FactoredProcess p, int length) {
        int[] tokens = Datasets.generate(p, EnumSet.noneOf(Datasets.Output.class), 0, N, length, 2026L, 2).tokens();
        return WordFrequencies.pValue(p.joint(), tokens, N, length);
    }

    @Test
    void aChainOfMess3AndTomQuantumVariantsSamplesItsExactWordProbabilities() {
        Ghmm[] tom = {Catalogue.tomQuantum(1, 1), Catalogue.tomQuantum(1, 4), Catalogue.tomQuantum(1, Math.sqrt(51))};
        FactoredProcess chain = FactoredProcess.builder().factor(Catalogue.mess3(0.15, 0.6)).factor(tom).chain(1, new int[] {2, 0, 1}).build();
        assertTrue(chain.filter() instanceof dev.ghmm.belief.ProductFilter);
        assertTrue(pValue(chain, 2) > 1e-3);
    }

    /** Two 2-state HMMs that share Pr(x | s) and differ in transitions, so a cyclic control map keeps T|1⟩⟩ = |1⟩⟩. */
    private static Ghmm variant(double[][] a) {
        double[][] e = {{0.7, 0.3}, {0.2, 0.8}};
        double[][][] t = new double[2][2][2];
        for (int x = 0; x < 2; x++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    t[x][i][j] = e[i][x] * a[i][j];
                }
            }
        }
        return Ghmm.of(t, new double[] {0.5, 0.5});
    }

    @Test
    void aCyclicControlMapSamplesItsExactWordProbabilities() {
        Ghmm slow = variant(new double[][] {{0.9, 0.1}, {0.4, 0.6}});
        Ghmm fast = variant(new double[][] {{0.2, 0.8}, {0.5, 0.5}});
        // each factor's transitions are chosen by the other's symbol
        FactoredProcess cyclic = FactoredProcess.builder().factor(slow, fast).factor(slow, fast)
                .control(0, new int[] {1}, new int[] {0, 1}).control(1, new int[] {0}, new int[] {1, 0}).build();
        assertTrue(pValue(cyclic, 3) > 1e-3);
        // and its filter is the joint's
        BeliefFilter product = cyclic.filter();
        BeliefFilter joint = cyclic.joint().filter();
        for (int x : new int[] {3, 0, 2, 2, 1}) {
            assertEquals(joint.update(x), product.update(x), 1e-14);
        }
    }

    @Test
    void theFiveFactorChainHasItsPublishedShape() {
        FactoredProcess chain = FactoredCatalogue.shaiChain();
        assertEquals(432, chain.symbols());
        assertEquals(243, chain.states());
        assertEquals(5, chain.filter().parts());
        // Σ_x Pr(x | η) = 1 from the initial belief and after a few symbols
        BeliefFilter f = chain.filter();
        java.util.Random random = new java.util.Random(1);
        for (int t = 0; t < 50; t++) {
            double[] next = f.nextSymbolDistribution();
            assertEquals(1.0, java.util.Arrays.stream(next).sum(), 1e-12);
            f.sample(org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create(random.nextLong()));
        }
    }

    @Test
    void aFactorBeliefThatIsNotAProductIsRefused() {
        FactoredProcess p = FactoredCatalogue.z1rPrimeSquared();
        double[] entangled = new double[9];
        entangled[0] = 0.5;
        entangled[8] = 0.5;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.filter().reset(entangled));
        assertTrue(e.getMessage().contains("not a product"), e.getMessage());
        BeliefFilter f = p.filter();
        double[] product = p.joint().beliefAfter(0, 3);
        f.reset(product);
        org.junit.jupiter.api.Assertions.assertArrayEquals(product, f.belief(), 1e-15);
    }

    /**
     * The three filters that keep one belief per factor (the factored filter, received noisy updates, separate emission
     * and transition variants) share what they do with the factors: each refuses a belief that is not a product and
     * keeps its own, takes a product belief as its factors' marginals, and writes the joint belief and its parts.
     */
    @Test
    void everyFilterOfFactorBeliefsResetsWritesAndRefusesAlike() {
        Ghmm mess3 = Catalogue.mess3(0.15, 0.6);
        FactoredProcess pair = FactoredProcess.of(mess3, mess3);
        FactoredProcess separate = ConditionalTransitions.of(new dev.ghmm.process.Process[][] {{mess3}, {mess3}}, new int[][] {{}, {}},
                new int[][] {{0}, {0}}, new int[][] {{0, 0, 0}, {0, 0, 0}});
        dev.ghmm.process.Process received = NoisyProcess.of(pair,
                new dev.ghmm.belief.NoisyChannel(0.1, dev.ghmm.belief.NoisyChannel.Over.FACTORS, dev.ghmm.belief.NoisyChannel.Updates.RECEIVED));
        double[] a = {0.5, 0.25, 0.25};
        double[] b = {0.125, 0.125, 0.75};
        double[] product = dev.ghmm.Vectors.kron(a, b);
        double[] entangled = new double[9];
        entangled[0] = 0.5;
        entangled[8] = 0.5;
        dev.ghmm.process.Process[] processes = {pair, separate, received};
        String[] filters = {"ProductFilter(", "EmissionTransitionFilter(", "ReceivedFilter("};
        for (int k = 0; k < processes.length; k++) {
            BeliefFilter f = processes[k].filter();
            assertTrue(f.toString().startsWith(filters[k]), f.toString());
            f.update(1);
            double[] before = f.belief();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.reset(entangled));
            assertTrue(e.getMessage().startsWith("the belief is not a product of factor beliefs: at joint state "), f + ": " + e.getMessage());
            org.junit.jupiter.api.Assertions.assertArrayEquals(before, f.belief(), 0.0, f.toString());
            assertEquals(1, f.position(), f.toString());
            f.reset(product);
            assertEquals(0, f.position());
            org.junit.jupiter.api.Assertions.assertArrayEquals(product, f.belief(), 1e-15, f.toString());
            assertEquals(2, f.parts());
            double[] parts = new double[7];
            f.part(0, parts, 1);
            f.part(1, parts, 4);
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0.5, 0.25, 0.25, 0.125, 0.125, 0.75}, parts, 1e-15, f.toString());
            assertEquals(3, f.partDimension(1));
            assertEquals(1.0, f.partWeight(1));
            assertThrows(IllegalArgumentException.class, () -> f.part(2, parts, 0));
            assertTrue(f.toString().endsWith(", factor 0 [0.5, 0.25, 0.25], factor 1 [0.125, 0.125, 0.75])"), f.toString());
        }
    }
}
