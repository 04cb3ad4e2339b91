package dev.ghmm.process;

import dev.ghmm.belief.BeliefFilter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.Vectors;
import dev.ghmm.testing.RandomProcesses;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The laws of eq. 2.2 and 2.3 on random HMMs and GHMMs. */
class GhmmProperties {

    @Property(tries = 100)
    void probabilitiesOfAllWordsSumToOne(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int states,
                                         @ForAll @IntRange(min = 1, max = 3) int symbols, @ForAll @IntRange(min = 0, max = 4) int length,
                                         @ForAll boolean generalised) {
        Random random = new Random(seed);
        Ghmm process = RandomProcesses.hmm(random, states, symbols);
        if (generalised) {
            process = RandomProcesses.similar(process, RandomProcesses.invertible(random, states));
        }
        double total = 0;
        for (int[] w : RandomProcesses.allWords(symbols, length)) {
            total += process.probability(w);
        }
        assertEquals(1.0, total, 1e-10);
    }

    @Property(tries = 100)
    void similarityTransformLeavesWordProbabilitiesUnchanged(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int states,
                                                             @ForAll @IntRange(min = 1, max = 3) int symbols,
                                                             @ForAll @IntRange(min = 0, max = 4) int length) {
        Random random = new Random(seed);
        Ghmm process = RandomProcesses.hmm(random, states, symbols);
        Ghmm similar = RandomProcesses.similar(process, RandomProcesses.invertible(random, states));
        for (int[] w : RandomProcesses.allWords(symbols, length)) {
            assertEquals(process.probability(w), similar.probability(w), 1e-10);
        }
    }

    @Property(tries = 100)
    void renormalisedProbabilityEqualsDirectProduct(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int states,
                                                    @ForAll @IntRange(min = 1, max = 3) int symbols) {
        // second algorithm: ⟨⟨η|T(x1)…T(xℓ)|1⟩⟩ by plain unnormalised products
        Random random = new Random(seed);
        Ghmm process = RandomProcesses.similar(RandomProcesses.hmm(random, states, symbols), RandomProcesses.invertible(random, states));
        int[] word = new int[random.nextInt(8)];
        for (int k = 0; k < word.length; k++) {
            word[k] = random.nextInt(symbols);
        }
        double[] v = process.initial();
        for (int x : word) {
            v = process.transfer(x).leftApply(v);
        }
        assertEquals(Vectors.dot(v, process.one()), process.probability(word), 1e-12);
    }

    @Property(tries = 100)
    void nextSymbolDistributionSumsToOneAndMatchesUpdate(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int states) {
        Random random = new Random(seed);
        Ghmm process = RandomProcesses.hmm(random, states, 3);
        BeliefFilter filter = process.filter();
        for (int step = 0; step < 10; step++) {
            double[] dist = filter.nextSymbolDistribution();
            assertEquals(1.0, Vectors.sum(dist), 1e-12);
            int x = 0;
            while (dist[x] == 0) {
                x++;
            }
            assertEquals(dist[x], filter.update(x), 1e-15);
            assertEquals(1.0, Vectors.dot(filter.belief(), process.one()), 1e-12);
        }
    }

    @Property(tries = 50)
    void kronOfProcessesMultipliesProbabilities(@ForAll long seed) {
        Random random = new Random(seed);
        Ghmm a = RandomProcesses.hmm(random, 1 + random.nextInt(3), 2);
        Ghmm b = RandomProcesses.similar(RandomProcesses.hmm(random, 2, 2), RandomProcesses.invertible(random, 2));
        Ghmm ab = Ghmm.kron(a, b);
        int[] wa = {random.nextInt(2), random.nextInt(2)};
        int[] wb = {random.nextInt(2), random.nextInt(2)};
        int[] joint = {wa[0] * 2 + wb[0], wa[1] * 2 + wb[1]};
        assertEquals(a.probability(wa) * b.probability(wb), ab.probability(joint), 1e-12);
        Assume.that(ab.probability(joint) > 0);
        assertArrayEquals(Vectors.kron(a.beliefAfter(wa), b.beliefAfter(wb)), ab.beliefAfter(joint), 1e-12);
    }
}
