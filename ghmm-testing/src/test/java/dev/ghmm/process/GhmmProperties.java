package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.testing.ProcessArbitraries;
import dev.ghmm.testing.Similarity;
import dev.ghmm.testing.Words;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.constraints.IntRange;
import org.ejml.data.DMatrixRMaj;

/** The laws of eq. 2.2 and 2.3 on random HMMs and GHMMs. */
class GhmmProperties {

    @Provide
    Arbitrary<Ghmm> processes() {
        return ProcessArbitraries.processes(5, 3);
    }

    /** An HMM and an invertible P of its size. */
    @Provide
    Arbitrary<Tuple2<Ghmm, DMatrixRMaj>> hmmsAndTransforms() {
        return ProcessArbitraries.hmms(5, 3).flatMap(h -> ProcessArbitraries.invertible(h.states()).map(p -> Tuple.of(h, p)));
    }

    @Provide
    Arbitrary<Tuple2<Ghmm, int[]>> ghmmsAndWords() {
        return ProcessArbitraries.ghmms(5, 3).flatMap(g -> ProcessArbitraries.words(g.symbols(), 7).map(w -> Tuple.of(g, w)));
    }

    @Provide
    Arbitrary<Ghmm> hmmsOverThreeSymbols() {
        return Arbitraries.integers().between(1, 6).flatMap(s -> ProcessArbitraries.hmmsOf(s, 3));
    }

    @Provide
    Arbitrary<int[]> choices() {
        return ProcessArbitraries.words(3, 10);
    }

    @Property(tries = 100)
    void probabilitiesOfAllWordsSumToOne(@ForAll("processes") Ghmm process, @ForAll @IntRange(min = 0, max = 4) int length) {
        double total = 0;
        for (int[] w : Words.all(process.symbols(), length)) {
            total += process.probability(w);
        }
        assertEquals(1.0, total, 1e-10);
    }

    @Property(tries = 100)
    void similarityTransformLeavesWordProbabilitiesUnchanged(@ForAll("hmmsAndTransforms") Tuple2<Ghmm, DMatrixRMaj> hmmAndP,
                                                             @ForAll @IntRange(min = 0, max = 4) int length) {
        Ghmm process = hmmAndP.get1();
        Ghmm similar = Similarity.transform(process, hmmAndP.get2());
        for (int[] w : Words.all(process.symbols(), length)) {
            assertEquals(process.probability(w), similar.probability(w), 1e-10);
        }
    }

    @Property(tries = 100)
    void renormalisedProbabilityEqualsDirectProduct(@ForAll("ghmmsAndWords") Tuple2<Ghmm, int[]> ghmmAndWord) {
        // second algorithm: ⟨⟨η|T(x1)…T(xℓ)|1⟩⟩ by plain unnormalised products
        Ghmm process = ghmmAndWord.get1();
        int[] word = ghmmAndWord.get2();
        double[] v = process.initial();
        for (int x : word) {
            v = process.transfer(x).leftApply(v);
        }
        assertEquals(Vectors.dot(v, process.one()), process.probability(word), 1e-12);
    }

    @Property(tries = 100)
    void nextSymbolDistributionSumsToOneAndMatchesUpdate(@ForAll("hmmsOverThreeSymbols") Ghmm process, @ForAll("choices") int[] choices) {
        BeliefFilter filter = process.filter();
        for (int choice : choices) {
            double[] dist = filter.nextSymbolDistribution();
            assertEquals(1.0, Vectors.sum(dist), 1e-12);
            // the chosen symbol, or the next one the process can emit
            int x = choice;
            while (dist[x] == 0) {
                x = (x + 1) % dist.length;
            }
            assertEquals(dist[x], filter.update(x), 1e-15);
            assertEquals(1.0, Vectors.dot(filter.belief(), process.one()), 1e-12);
        }
    }

    @Provide
    Arbitrary<Ghmm> smallHmms() {
        return Arbitraries.integers().between(1, 3).flatMap(s -> ProcessArbitraries.hmmsOf(s, 2));
    }

    @Provide
    Arbitrary<Ghmm> twoStateGhmms() {
        return ProcessArbitraries.ghmmsOf(2, 2);
    }

    @Provide
    Arbitrary<int[]> jointWords() {
        return Arbitraries.integers().between(0, 3).array(int[].class).ofSize(2);
    }

    @Property(tries = 50)
    void kronOfProcessesMultipliesProbabilities(@ForAll("smallHmms") Ghmm a, @ForAll("twoStateGhmms") Ghmm b, @ForAll("jointWords") int[] joint) {
        Ghmm ab = Ghmm.kron(a, b);
        // joint symbol xa·2 + xb
        int[] wa = {joint[0] / 2, joint[1] / 2};
        int[] wb = {joint[0] % 2, joint[1] % 2};
        assertEquals(a.probability(wa) * b.probability(wb), ab.probability(joint), 1e-12);
        Assume.that(ab.probability(joint) > 0);
        assertArrayEquals(Vectors.kron(a.beliefAfter(wa), b.beliefAfter(wb)), ab.beliefAfter(joint), 1e-12);
    }
}
