package dev.ghmm.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Seeds;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import dev.ghmm.testing.RandomProcesses;
import dev.ghmm.testing.Similarity;
import dev.ghmm.testing.WordFrequencies;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.commons.rng.UniformRandomProvider;
import org.junit.jupiter.api.Test;

class SamplingTest {

    /** p-value of the chi-square test of the first-3-token frequencies against exact Pr(w). */
    static double wordFrequencyPValue(Process process, boolean withBeliefs) {
        int n = 40_000;
        int length = 3;
        Set<Datasets.Output> outputs = withBeliefs ? EnumSet.of(Datasets.Output.BELIEFS) : EnumSet.noneOf(Datasets.Output.class);
        return pValue(process, Datasets.generate(process, outputs, 0, n, length, 12345L, 2).tokens(), n, length);
    }

    /** p-value of the chi-square test of n words of the given length, concatenated in {@code tokens}, against exact Pr(w). */
    static double pValue(Process process, int[] tokens, int n, int length) {
        return WordFrequencies.pValue(process, tokens, n, length);
    }

    @Test
    void hmmPathMatchesExactWordProbabilities() {
        assertTrue(wordFrequencyPValue(Catalogue.mess3(0.15, 0.6), false) > 1e-3);
        assertTrue(wordFrequencyPValue(Catalogue.z1rPrimeSquared(), false) > 1e-3);
    }

    /** Process.sample(seed, L) is sequence 0 of the dataset with that seed, for every kind of process. */
    @Test
    void processSampleIsSequenceZeroOfTheDataset() {
        for (Process p : List.<Process>of(Catalogue.mess3(0.15, 0.6), Catalogue.tomQuantum(1, 2), FactoredCatalogue.shaiChain(),
                DirectSum.of(new double[] {0.3, 0.7}, Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85)))) {
            for (long seed : new long[] {0, 1, -9}) {
                int[] dataset = Datasets.generate(p, EnumSet.of(Datasets.Output.LOSS), 0, 3, 40, seed, 2).tokens();
                assertArrayEquals(Arrays.copyOf(dataset, 40), p.sample(seed, 40), p.name() + ", seed " + seed);
            }
        }
    }

    @Test
    void beliefPathMatchesExactWordProbabilitiesForAGhmm() {
        Ghmm ghmm = Similarity.transform(Catalogue.mess3(0.15, 0.6), RandomProcesses.invertible(new Random(5), 3));
        assertTrue(!ghmm.isHmm());
        assertTrue(wordFrequencyPValue(ghmm, false) > 1e-3);
        assertTrue(wordFrequencyPValue(Catalogue.rrxor(), true) > 1e-3);
    }

    @Test
    void sameSeedSameDataWhateverTheThreads() {
        Ghmm process = Catalogue.z1rPrimeSquared();
        Set<Datasets.Output> all = EnumSet.allOf(Datasets.Output.class);
        Datasets.Block one = Datasets.generate(process, all, 0, 101, 17, 99L, 1);
        Datasets.Block four = Datasets.generate(process, all, 0, 101, 17, 99L, 4);
        assertArrayEquals(one.tokens(), four.tokens());
        assertArrayEquals(one.beliefs(), four.beliefs());
        assertArrayEquals(one.loss(), four.loss());
        assertArrayEquals(one.logprob(), four.logprob());
        // the tokens do not depend on what else is recorded
        assertArrayEquals(one.tokens(), Datasets.generate(process, EnumSet.noneOf(Datasets.Output.class), 0, 101, 17, 99L, 2).tokens());
        // a shard regenerated alone equals the same rows of the whole
        Datasets.Block shard = Datasets.generate(process, all, 50, 3, 17, 99L, 1);
        assertArrayEquals(java.util.Arrays.copyOfRange(one.tokens(), 50 * 17, 53 * 17), shard.tokens());
        assertArrayEquals(java.util.Arrays.copyOfRange(one.beliefs(), 50 * 18 * 9, 53 * 18 * 9), shard.beliefs());
    }

    /** Each share hands its own filled range on: the T contiguous ranges [w·N/T, (w+1)·N/T), each holding its final rows. */
    @Test
    void eachShareHandsOnTheSequencesItFilled() {
        Ghmm process = Catalogue.z1rPrimeSquared();
        Set<Datasets.Output> all = EnumSet.allOf(Datasets.Output.class);
        Datasets.Block whole = Datasets.generate(process, all, 7, 50, 5, 3L, 1);
        for (int threads = 1; threads <= 4; threads++) {
            int[] copied = new int[50 * 5];
            java.util.Set<String> ranges = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicInteger sequences = new java.util.concurrent.atomic.AtomicInteger();
            Datasets.generate(process, 7, 3L, threads, Datasets.Block.allocate(process, all, 50, 5), (b, from, to) -> {
                System.arraycopy(b.tokens(), from * 5, copied, from * 5, (to - from) * 5);
                sequences.addAndGet(to - from);
                ranges.add(from + "-" + to);
            });
            assertEquals(50, sequences.get(), "the ranges tile the block");
            java.util.Set<String> shares = new java.util.HashSet<>();
            for (int w = 0; w < threads; w++) {
                shares.add(w * 50 / threads + "-" + (w + 1) * 50 / threads);
            }
            assertEquals(shares, ranges);
            assertArrayEquals(whole.tokens(), copied);
        }
    }

    @Test
    void beliefsAndLossesAreTheExactOnes() {
        Ghmm process = Catalogue.mess3(0.15, 0.6);
        int length = 6;
        Datasets.Block block = Datasets.generate(process, EnumSet.allOf(Datasets.Output.class), 0, 5, length, 7L, 1);
        int n = process.states();
        for (int k = 0; k < 5; k++) {
            int[] word = java.util.Arrays.copyOfRange(block.tokens(), k * length, (k + 1) * length);
            double[][] beliefs = process.beliefs(word);
            for (int t = 0; t <= length; t++) {
                assertArrayEquals(beliefs[t], java.util.Arrays.copyOfRange(block.beliefs(), (k * (length + 1) + t) * n, (k * (length + 1) + t + 1) * n), 1e-12);
            }
            for (int t = 0; t < length; t++) {
                int at = (k * length + t) * process.symbols();
                assertArrayEquals(process.nextSymbolDistribution(beliefs[t]), java.util.Arrays.copyOfRange(block.next(), at, at + process.symbols()), 1e-12);
                double h = 0;
                for (double p : process.nextSymbolDistribution(beliefs[t])) {
                    h -= p > 0 ? p * Math.log(p) : 0;
                }
                assertEquals(h, block.loss()[k * length + t], 1e-12);
                // ln Pr(x_1..x_{t+1}) by the process, independently of the running sum
                assertEquals(process.logProbability(java.util.Arrays.copyOf(word, t + 1)), block.logprob()[k * length + t], 1e-12);
            }
        }
    }

    @Test
    void filterOnAStructuredProductAgreesWithTheMaterialisedProcess() {
        // four dense Mess3 factors stay a Kronecker product when optimised, so the filter owns an operator workspace
        Ghmm m = Catalogue.mess3(0.15, 0.6);
        Ghmm process = Ghmm.kron(m, m, m, m);
        GhmmBuilder dense = Ghmm.builder();
        for (int x = 0; x < process.symbols(); x++) {
            dense.symbol(process.alphabet().name(x), process.transfer(x).toDense());
        }
        Ghmm materialised = dense.initial(process.initial()).build();
        dev.ghmm.belief.BeliefFilter structured = process.filter();
        dev.ghmm.belief.BeliefFilter plain = materialised.filter();
        UniformRandomProvider rng = Seeds.sequence(3, 0);
        for (int t = 0; t < 20; t++) {
            int x = structured.sample(rng);
            assertEquals(plain.update(x), structured.lastProbability(), 1e-12);
            assertArrayEquals(plain.belief(), structured.belief(), 1e-12);
        }
    }
}
