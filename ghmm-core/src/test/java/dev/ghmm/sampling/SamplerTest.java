package dev.ghmm.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.RandomProcesses;
import java.util.Random;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

class SamplerTest {

    /** p-value of the chi-square test of the first-3-token frequencies against exact Pr(w). */
    private static double wordFrequencyPValue(Ghmm process, boolean withBeliefs) {
        int n = 40_000;
        int length = 3;
        Datasets.Block block = Datasets.generate(new Sampler(process), process.initial(), 0, n, length, 12345L, withBeliefs, 2);
        int[][] words = RandomProcesses.allWords(process.symbols(), length);
        long[] observed = new long[words.length];
        for (int k = 0; k < n; k++) {
            int code = 0;
            for (int t = 0; t < length; t++) {
                code = code * process.symbols() + block.tokens()[k * length + t];
            }
            observed[code]++;
        }
        // drop impossible words (they must never be observed) and test the rest
        java.util.List<double[]> pairs = new java.util.ArrayList<>();
        for (int w = 0; w < words.length; w++) {
            double p = process.probability(words[w]);
            if (p == 0) {
                assertEquals(0, observed[w], "impossible word observed");
            } else {
                pairs.add(new double[] {p * n, observed[w]});
            }
        }
        double[] expected = pairs.stream().mapToDouble(a -> a[0]).toArray();
        long[] counts = pairs.stream().mapToLong(a -> (long) a[1]).toArray();
        return new ChiSquareTest().chiSquareTest(expected, counts);
    }

    @Test
    void hmmPathMatchesExactWordProbabilities() {
        assertTrue(wordFrequencyPValue(Catalogue.mess3(0.15, 0.6), false) > 1e-3);
        assertTrue(wordFrequencyPValue(Catalogue.z1rPrimeSquared(), false) > 1e-3);
    }

    @Test
    void beliefPathMatchesExactWordProbabilitiesForAGhmm() {
        Ghmm ghmm = RandomProcesses.similar(Catalogue.mess3(0.15, 0.6), RandomProcesses.invertible(new Random(5), 3));
        assertTrue(!ghmm.isHmm());
        assertTrue(wordFrequencyPValue(ghmm, false) > 1e-3);
        assertTrue(wordFrequencyPValue(Catalogue.rrxor(), true) > 1e-3);
    }

    @Test
    void sameSeedSameDataWhateverTheThreads() {
        Ghmm process = Catalogue.z1rPrimeSquared();
        Sampler sampler = new Sampler(process);
        Datasets.Block one = Datasets.generate(sampler, process.initial(), 0, 101, 17, 99L, true, 1);
        Datasets.Block four = Datasets.generate(sampler, process.initial(), 0, 101, 17, 99L, true, 4);
        assertArrayEquals(one.tokens(), four.tokens());
        assertArrayEquals(one.beliefs(), four.beliefs());
        assertArrayEquals(one.loss(), four.loss());
        // a shard regenerated alone equals the same rows of the whole
        Datasets.Block shard = Datasets.generate(sampler, process.initial(), 50, 3, 17, 99L, true, 1);
        assertArrayEquals(java.util.Arrays.copyOfRange(one.tokens(), 50 * 17, 53 * 17), shard.tokens());
    }

    @Test
    void beliefsAndLossesAreTheExactOnes() {
        Ghmm process = Catalogue.mess3(0.15, 0.6);
        int length = 6;
        Datasets.Block block = Datasets.generate(new Sampler(process), process.initial(), 0, 5, length, 7L, true, 1);
        int n = process.states();
        for (int k = 0; k < 5; k++) {
            int[] word = java.util.Arrays.copyOfRange(block.tokens(), k * length, (k + 1) * length);
            double[][] beliefs = process.beliefs(word);
            for (int t = 0; t <= length; t++) {
                assertArrayEquals(beliefs[t], java.util.Arrays.copyOfRange(block.beliefs(), (k * (length + 1) + t) * n, (k * (length + 1) + t + 1) * n), 1e-12);
            }
            for (int t = 0; t < length; t++) {
                int at = (k * length + t) * process.symbols();
                assertArrayEquals(process.nextSymbolDistribution(beliefs[t]), java.util.Arrays.copyOfRange(block.distributions(), at, at + process.symbols()), 1e-12);
                double h = 0;
                for (double p : process.nextSymbolDistribution(beliefs[t])) {
                    h -= p > 0 ? p * Math.log(p) : 0;
                }
                assertEquals(h, block.loss()[k * length + t], 1e-12);
            }
        }
    }

    @Test
    void beliefPathOfAStructuredProductKeepsItsWorkspaceInTheWorkArray() {
        // four dense Mess3 factors stay a Kronecker product when optimised, so the belief update needs a workspace
        Ghmm m = Catalogue.mess3(0.15, 0.6);
        Ghmm process = Ghmm.kron(m, m, m, m);
        Sampler sampler = new Sampler(process);
        int n = process.states();
        assertTrue(sampler.workLength() > 2 * n, () -> "workLength " + sampler.workLength());
        int length = 5;
        int[] tokens = new int[length];
        double[] beliefs = new double[(length + 1) * n];
        sampler.sampleWithBeliefs(Datasets.stream(3, 0), process.initial(), tokens, beliefs, null, null,
                new double[sampler.workLength()], new double[process.symbols()]);
        // a work array of only 2S (the old contract) allocates the workspace and gives the same path
        int[] again = new int[length];
        double[] beliefsAgain = new double[(length + 1) * n];
        sampler.sampleWithBeliefs(Datasets.stream(3, 0), process.initial(), again, beliefsAgain, null, null,
                new double[2 * n], new double[process.symbols()]);
        assertArrayEquals(tokens, again);
        assertArrayEquals(beliefs, beliefsAgain, 0);
        double[][] exact = process.beliefs(tokens);
        for (int t = 0; t <= length; t++) {
            assertArrayEquals(exact[t], java.util.Arrays.copyOfRange(beliefs, t * n, (t + 1) * n), 1e-12);
        }
    }
}
