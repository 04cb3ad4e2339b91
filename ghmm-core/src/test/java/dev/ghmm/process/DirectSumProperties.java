package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.testing.RandomProcesses;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The laws of a direct sum against its components, on random HMMs and GHMMs with overlapping alphabets. */
class DirectSumProperties {

    /** Component k is a random (G)HMM over k+2 symbols named "k", "k+1", …: neighbours share symbols. */
    private static DirectSum randomSum(Random random, int components, boolean generalised) {
        Ghmm[] parts = new Ghmm[components];
        double[] weights = new double[components];
        for (int k = 0; k < components; k++) {
            int states = 1 + random.nextInt(3);
            Ghmm g = RandomProcesses.hmm(random, states, k + 2);
            if (generalised) {
                g = RandomProcesses.similar(g, RandomProcesses.invertible(random, states));
            }
            String[] names = new String[k + 2];
            for (int y = 0; y < names.length; y++) {
                names[y] = Integer.toString(k + y);
            }
            parts[k] = g.withSymbolNames(names);
            weights[k] = random.nextDouble() + (k == 0 ? 0.1 : 0.0);
        }
        return DirectSum.of(weights, parts);
    }

    private static int[] randomWord(Random random, int symbols, int length) {
        int[] w = new int[length];
        for (int t = 0; t < length; t++) {
            w[t] = random.nextInt(symbols);
        }
        return w;
    }

    /** Σ_k w_k Pr_k(w), translating w into each component's symbols (0 when it cannot emit some symbol). */
    private static double[] weightedComponentProbabilities(DirectSum sum, int[] word) {
        double[] terms = new double[sum.componentCount()];
        for (int k = 0; k < terms.length; k++) {
            Ghmm c = sum.component(k);
            int[] local = new int[word.length];
            boolean possible = true;
            for (int t = 0; t < word.length && possible; t++) {
                String name = sum.process().alphabet().name(word[t]);
                possible = List.of(c.alphabet().names()).contains(name);
                local[t] = possible ? c.alphabet().indexOf(name) : -1;
            }
            terms[k] = possible ? sum.weights()[k] * c.probability(local) : 0.0;
        }
        return terms;
    }

    @Property(tries = 100)
    void wordProbabilityIsTheWeightedSumOfTheComponents(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int components,
                                                        @ForAll @IntRange(min = 0, max = 6) int length, @ForAll boolean generalised) {
        Random random = new Random(seed);
        DirectSum sum = randomSum(random, components, generalised);
        int[] word = randomWord(random, sum.process().symbols(), length);
        double expected = java.util.Arrays.stream(weightedComponentProbabilities(sum, word)).sum();
        assertEquals(expected, sum.process().probability(word), 1e-12);
        assertEquals(expected, Math.exp(sum.logProbability(word)), 1e-12);
    }

    @Property(tries = 100)
    void sectorWeightsAreTheBayesPosterior(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int components,
                                           @ForAll @IntRange(min = 0, max = 6) int length, @ForAll boolean generalised) {
        Random random = new Random(seed);
        DirectSum sum = randomSum(random, components, generalised);
        int[] word = randomWord(random, sum.process().symbols(), length);
        double[] joint = weightedComponentProbabilities(sum, word);
        double total = java.util.Arrays.stream(joint).sum();
        if (total < 1e-9) {
            return;
        }
        for (int k = 0; k < joint.length; k++) {
            joint[k] /= total;
        }
        assertArrayEquals(joint, sum.posteriorAfter(word), 1e-9);
    }

    @Property(tries = 50)
    void probabilitiesOfAllWordsSumToOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int components,
                                         @ForAll @IntRange(min = 0, max = 3) int length, @ForAll boolean generalised) {
        Random random = new Random(seed);
        Ghmm g = randomSum(random, components, generalised).process();
        double total = 0;
        for (int[] w : RandomProcesses.allWords(g.symbols(), length)) {
            total += g.probability(w);
        }
        assertEquals(1.0, total, 1e-10);
    }
}
