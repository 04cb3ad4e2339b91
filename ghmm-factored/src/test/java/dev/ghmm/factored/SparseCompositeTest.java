package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.process.Ghmm;
import org.junit.jupiter.api.Test;

/**
 * {@link CompositeEncoding} and {@link SparseComposite} in Java: the encoding's refusals, encode/decode, and the
 * process's refusals that file readers do not reach first.
 */
class SparseCompositeTest {
    /** A one-state coin: token 0 with probability h. */
    private static Ghmm coin(double h) {
        return Ghmm.of(new double[][][] {{{h}}, {{1 - h}}});
    }

    /** A cycle of n states emitting 0 or 1 with probability 1/2 each as it moves on. */
    private static Ghmm cycle(int n) {
        double[][][] t = new double[2][n][n];
        for (int s = 0; s < n; s++) {
            t[0][s][(s + 1) % n] = 0.5;
            t[1][s][(s + 1) % n] = 0.5;
        }
        return Ghmm.of(t, uniform(n));
    }

    private static double[] uniform(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 1.0 / n);
        return v;
    }

    @Test
    void theEncodingListsTuplesAndRefusesRepeatsNegativesAndRaggedTuples() {
        CompositeEncoding e = CompositeEncoding.explicit(new int[][] {{0, 0}, {1, 0}, {1, 1}});
        assertEquals(3, e.size());
        assertEquals(2, e.factors());
        assertEquals(1, e.encode(1, 0));
        assertArrayEquals(new int[] {1, 1}, e.tuple(2));
        assertEquals(-1, e.find(0, 1));
        assertEquals("the tuple [0, 1] is not in the composite encoding", assertThrows(IllegalArgumentException.class, () -> e.encode(0, 1))
                .getMessage());
        assertEquals("composite token 3 is not in the encoding: expected 0 … 2", assertThrows(IllegalArgumentException.class, () -> e.tuple(3))
                .getMessage());
        assertEquals("tuple 2 [0, 0] repeats tuple 0: the encoding must be injective", assertThrows(IllegalArgumentException.class,
                () -> CompositeEncoding.explicit(new int[][] {{0, 0}, {1, 0}, {0, 0}})).getMessage());
        assertEquals("tuple 1 [0, -1] has a negative token for factor 1", assertThrows(IllegalArgumentException.class,
                () -> CompositeEncoding.explicit(new int[][] {{0, 0}, {0, -1}})).getMessage());
        assertEquals("tuple 1 has 1 tokens but tuple 0 has 2: every tuple has one token per factor", assertThrows(IllegalArgumentException.class,
                () -> CompositeEncoding.explicit(new int[][] {{0, 0}, {1}})).getMessage());
    }

    @Test
    void theProcessRefusesTuplesItsFactorsCannotHoldAndTooLargeFullyConditionalJoints() {
        FactoredProcess pair = FactoredProcess.of(coin(0.5), coin(0.5));
        assertEquals("tuple 1 [1, 2] has token 2 for factor 1, which has tokens 0 … 1", assertThrows(IllegalArgumentException.class,
                () -> SparseComposite.of(pair, CompositeEncoding.explicit(new int[][] {{0, 0}, {1, 2}}))).getMessage());
        assertEquals("the encoding's tuples have 3 tokens, but the process has 2 factors", assertThrows(IllegalArgumentException.class,
                () -> SparseComposite.of(pair, CompositeEncoding.explicit(new int[][] {{0, 0, 0}}))).getMessage());
        // independent fair coins: every tuple has probability 1/4 from the start, so none may be left out
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparseComposite.of(pair, CompositeEncoding.explicit(new int[][] {{0, 0}})))
                .getMessage().startsWith("the tuple (0,1) is left out of the composite encoding but has probability 0.25 at the start"));
        FactoredProcess large = FactoredProcess.builder().fullyConditional().factor(cycle(33)).factor(cycle(32)).build();
        assertEquals("fully conditional factors on an explicit encoding are read through their joint GHMM T′ (docs/math.md, (E1)), materialised up"
                + " to 1024 joint states; this process has 1056", assertThrows(IllegalArgumentException.class,
                () -> SparseComposite.of(large, CompositeEncoding.explicit(new int[][] {{0, 0}, {1, 1}}))).getMessage());
        // below the cap the same structure reads: two listed tuples, each 1/2 (the product is 1/4 on each, Z = 1/2)
        FactoredProcess small = FactoredProcess.builder().fullyConditional().factor(cycle(3)).factor(cycle(2)).build();
        SparseComposite diagonal = SparseComposite.of(small, CompositeEncoding.explicit(new int[][] {{0, 0}, {1, 1}}));
        assertArrayEquals(new double[] {0.5, 0.5}, diagonal.filter().nextSymbolDistribution(), 1e-15);
        assertEquals(1.0 / 8, diagonal.probability(0, 1, 1), 1e-15);
    }

    /**
     * A left-out tuple reached with tiny but positive probability is refused (the reviewer's small.json and rank.json):
     * state 2 of the first factor emits only token 1, which every listed tuple leaves out, and is entered from state 0
     * with probability 1e-13 (small) or through state 1, entered with 1e-10 along a belief nearly parallel to the initial
     * one (rank).
     */
    @Test
    void aLeftOutTupleReachedWithTinyProbabilityIsRefused() {
        Ghmm small = Ghmm.of(new double[][][] {{{1 - 1e-13, 0, 0}, {0, 1, 0}, {0, 0, 0}}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 1}},
                {{0, 0, 1e-13}, {0, 0, 0}, {0, 0, 0}}}, new double[] {1, 0, 0});
        Ghmm rank = Ghmm.of(new double[][][] {{{1 - 1e-10, 1e-10, 0}, {0, 0, 0}, {0, 0, 0}}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 1}},
                {{0, 0, 0}, {0, 0, 1}, {0, 0, 0}}}, new double[] {1, 0, 0});
        CompositeEncoding without1 = CompositeEncoding.explicit(new int[][] {{0, 0}, {0, 1}, {2, 0}, {2, 1}});
        for (Ghmm first : new Ghmm[] {small, rank}) {
            String message = assertThrows(IllegalArgumentException.class, () -> SparseComposite.of(FactoredProcess.of(first, coin(0.5)), without1))
                    .getMessage();
            assertTrue(message.startsWith("the tuple (1,0) is left out of the composite encoding but has probability "), message);
            assertTrue(message.endsWith(": a sparse encoding may leave out only unreachable tuples"), message);
        }
        // with token 1 listed, the same processes read
        CompositeEncoding with1 = CompositeEncoding.explicit(new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}, {2, 0}, {2, 1}});
        assertEquals(6, SparseComposite.of(FactoredProcess.of(small, coin(0.5)), with1).alphabet().size());
    }

    /**
     * Signed operators (Tom Quantum) take the span check: beside a coin that always shows 0, the tuples (x,1) are
     * unreachable and may be left out, and the process reads as Tom Quantum on the first token; (0,0) left out is refused.
     */
    @Test
    void signedFactorsAreCheckedOnTheSpanOfTheReachableBeliefs() {
        Ghmm tom = dev.ghmm.process.Catalogue.tomQuantum(1, 2);
        assertTrue(tom.transfers().stream().anyMatch(t -> !t.isNonNegative()), "Tom Quantum has signed operators");
        FactoredProcess pair = FactoredProcess.of(tom, coin(1.0));
        int[][] tuples = new int[tom.symbols()][];
        for (int x = 0; x < tuples.length; x++) {
            tuples[x] = new int[] {x, 0};
        }
        SparseComposite sparse = SparseComposite.of(pair, CompositeEncoding.explicit(tuples));
        int[] word = {0, 2, 1, 3, 3, 0};
        assertEquals(tom.probability(word), sparse.probability(word), 1e-14);
        int[][] without00 = java.util.Arrays.copyOfRange(tuples, 1, tuples.length);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SparseComposite.of(pair, CompositeEncoding.explicit(without00))).getMessage()
                .startsWith("the tuple (0,0) is left out of the composite encoding but has probability "));
    }
}
