package dev.ghmm.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.partition.Partition;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The checks on hand-built processes, each broken in one known place: the message names that place. */
class ProcessChecksTest {

    /**
     * A GHMM with negative predictions only after "a b": T(a) = [[0, 1], [0, 0]], T(b) = [[0, 0], [1.2, −0.2]],
     * |1⟩⟩ = (1, 1) (rows of T sum to 1), η = (1, 0). By hand: Pr(a) = 1; after a, η = (0, 1), Pr(b | a) = 1.2 − 0.2 = 1;
     * after "a b", η = (1.2, −0.2), so Pr(a | a b) = 1.2 and Pr(b | a b) = −0.2·(1.2 − 0.2) = −0.2.
     */
    private static Ghmm negativeAfterAB() {
        return Ghmm.builder().name("broken")
                .symbol("a", new double[][] {{0, 1}, {0, 0}})
                .symbol("b", new double[][] {{0, 0}, {1.2, -0.2}})
                .one(new double[] {1, 1}).initial(new double[] {1, 0}).build();
    }

    @Test
    void aCouplingEntryIsNamedWithItsSectors() {
        // an HMM on 3 states whose T(1) moves state 0 to state 2 with probability 1/4: it couples sector 0 to sector 1 of "0|1 2"
        Ghmm g = Ghmm.builder().name("leaky")
                .symbol("0", new double[][] {{0.75, 0, 0}, {0, 0.5, 0}, {0, 0, 0.5}})
                .symbol("1", new double[][] {{0, 0, 0.25}, {0, 0, 0.5}, {0, 0.5, 0}})
                .build();
        AssertionError e = assertThrows(AssertionError.class, () -> ProcessChecks.assertPreserves(g, Partition.parse("0|1 2", 3), 1e-9));
        assertEquals("leaky does not preserve 0|1 2: T(1)[0][2] = 0.25 couples sector 0 to sector 1", e.getMessage());
        ProcessChecks.assertPreserves(g, Partition.parse("0 1 2", 3), 0);
        // every coupling entry is counted
        AssertionError all = assertThrows(AssertionError.class, () -> ProcessChecks.assertPreserves(g, Partition.parse("0|1|2", 3), 0));
        assertTrue(all.getMessage().matches("leaky does not preserve 0\\|1\\|2: T\\(1\\)\\[\\d]\\[\\d] = 0\\.\\d+ couples sector \\d to sector \\d"
                + " \\(and 2 more entries\\)"), all.getMessage());
    }

    @Test
    void aNegativePredictionIsNamedWithItsWord() {
        Ghmm g = negativeAfterAB();
        ProcessChecks.assertValidGhmm(g, 2, 1e-9);
        AssertionError e = assertThrows(AssertionError.class, () -> ProcessChecks.assertValidGhmm(g, 3, 1e-9));
        assertTrue(e.getMessage().matches("broken: Pr\\(b \\| \"a b\"\\) = -0\\.(2|19999\\d*) < 0, so Pr\\(\"a b b\"\\) < 0"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void anEigenvectorOffByMoreThanTheToleranceIsNamed() {
        // row sum 1 − 5e-10 passes ghmm's construction tolerance (1e-9) but not a check at 1e-12
        Ghmm g = Ghmm.of(new double[][][] {{{1 - 5e-10}}});
        ProcessChecks.assertValidGhmm(g, 3, 1e-9);
        AssertionError e = assertThrows(AssertionError.class, () -> ProcessChecks.assertValidGhmm(g, 3, 1e-12));
        assertEquals("ghmm: T|1⟩⟩ ≠ |1⟩⟩ at state 0: " + (1 - 5e-10) + " instead of 1.0", e.getMessage());
    }

    @Test
    void theHmmConditionsNameTheEntryTheRowOrTheEigenvector() {
        AssertionError negative = assertThrows(AssertionError.class, () -> ProcessChecks.assertHmm(negativeAfterAB(), 1e-9));
        assertEquals("broken is not an HMM: T(b)[1][1] = -0.2 < 0", negative.getMessage());
        // non-negative, T (1, 2) = (0.5 + 0.5, 2) = (1, 2), but row 0 of T sums to 0.75
        Ghmm rows = Ghmm.builder().name("rows").symbol("a", new double[][] {{0.5, 0.25}, {0, 1}})
                .one(new double[] {1, 2}).initial(new double[] {1, 0}).build();
        AssertionError row = assertThrows(AssertionError.class, () -> ProcessChecks.assertHmm(rows, 1e-9));
        assertEquals("rows is not an HMM: row 0 of T sums to 0.75, not 1", row.getMessage());
        // a stochastic T given another eigenvector of eigenvalue 1: |1⟩⟩ = (2, 2)
        Ghmm scaled = Ghmm.builder().name("scaled").symbol("a", new double[][] {{0.5, 0.5}, {0.5, 0.5}})
                .one(new double[] {2, 2}).initial(new double[] {0.25, 0.25}).build();
        AssertionError one = assertThrows(AssertionError.class, () -> ProcessChecks.assertHmm(scaled, 1e-9));
        assertEquals("scaled is not an HMM: |1⟩⟩[0] = 2.0, not 1", one.getMessage());
        ProcessChecks.assertHmm(Catalogue.mess3(0.15, 0.6), 0);
    }

    @Test
    void badArgumentsAreRefused() {
        Ghmm g = Catalogue.mess3(0.15, 0.6);
        assertThrows(IllegalArgumentException.class, () -> ProcessChecks.assertValidGhmm(g, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> ProcessChecks.assertValidGhmm(g, 2, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ProcessChecks.assertHmm(g, -1));
        assertThrows(IllegalArgumentException.class, () -> ProcessChecks.assertPreserves(g, Partition.trivial(2), 0));
    }

    @Test
    void wordsAreEnumeratedLastSymbolFastest() {
        assertArrayEquals(new int[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}}, Words.all(2, 2));
        assertArrayEquals(new int[][] {{}}, Words.all(3, 0));
        assertEquals(27, Words.all(3, 3).length);
        assertThrows(IllegalArgumentException.class, () -> Words.all(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Words.all(2, -1));
        assertThrows(IllegalArgumentException.class, () -> Words.all(2, 25));
    }

    @Test
    void aSimilarityTransformRefusesASingularOrMisfitP() {
        Ghmm g = Catalogue.mess3(0.15, 0.6);
        assertThrows(IllegalArgumentException.class, () -> Similarity.transform(g, new DMatrixRMaj(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> Similarity.transform(g, CommonOps_DDRM.identity(2)));
    }

    @Test
    void aFactoredProcessNeedsTwoFactors() {
        assertThrows(IllegalArgumentException.class, () -> FactoredArbitraries.factored(1, 2, 2));
    }
}
