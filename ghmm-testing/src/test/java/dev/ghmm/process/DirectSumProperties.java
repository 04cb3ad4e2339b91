package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.testing.ProcessArbitraries;
import dev.ghmm.testing.Words;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;

/** The laws of a direct sum against its components, on random HMMs and GHMMs with overlapping alphabets. */
class DirectSumProperties {

    /** Direct sums of 1 to 3 components of 1 to 3 states, with overlapping alphabets ({@link ProcessArbitraries#directSums}). */
    @Provide
    Arbitrary<DirectSum> sums() {
        return ProcessArbitraries.directSums(3, 3);
    }

    /** A direct sum and a word of length 0 to 6 over its alphabet. */
    @Provide
    Arbitrary<Tuple2<DirectSum, int[]>> sumsAndWords() {
        return sums().flatMap(sum -> ProcessArbitraries.words(sum.joint().symbols(), 6).map(w -> Tuple.of(sum, w)));
    }

    /** Σ_k w_k Pr_k(w), translating w into each component's symbols (0 when it cannot emit some symbol). */
    private static double[] weightedComponentProbabilities(DirectSum sum, int[] word) {
        double[] terms = new double[sum.componentCount()];
        for (int k = 0; k < terms.length; k++) {
            Ghmm c = sum.component(k);
            int[] local = new int[word.length];
            boolean possible = true;
            for (int t = 0; t < word.length && possible; t++) {
                String name = sum.joint().alphabet().name(word[t]);
                possible = List.of(c.alphabet().names()).contains(name);
                local[t] = possible ? c.alphabet().indexOf(name) : -1;
            }
            terms[k] = possible ? sum.weights()[k] * c.probability(local) : 0.0;
        }
        return terms;
    }

    @Property(tries = 100)
    void wordProbabilityIsTheWeightedSumOfTheComponents(@ForAll("sumsAndWords") Tuple2<DirectSum, int[]> sumAndWord) {
        DirectSum sum = sumAndWord.get1();
        int[] word = sumAndWord.get2();
        double expected = java.util.Arrays.stream(weightedComponentProbabilities(sum, word)).sum();
        assertEquals(expected, sum.joint().probability(word), 1e-12);
        assertEquals(expected, Math.exp(sum.logProbability(word)), 1e-12);
    }

    @Property(tries = 100)
    void sectorWeightsAreTheBayesPosterior(@ForAll("sumsAndWords") Tuple2<DirectSum, int[]> sumAndWord) {
        DirectSum sum = sumAndWord.get1();
        int[] word = sumAndWord.get2();
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
    void probabilitiesOfAllWordsSumToOne(@ForAll("sums") DirectSum sum, @ForAll @IntRange(min = 0, max = 3) int length) {
        Ghmm g = sum.joint();
        double total = 0;
        for (int[] w : Words.all(g.symbols(), length)) {
            total += g.probability(w);
        }
        assertEquals(1.0, total, 1e-10);
    }
}
