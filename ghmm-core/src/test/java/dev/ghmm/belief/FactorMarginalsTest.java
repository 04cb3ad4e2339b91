package dev.ghmm.belief;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FactorMarginalsTest {
    /** Factor 0 an HMM (|1⟩⟩ = (1, 1)), factor 1 a GHMM with |1⟩⟩ = (1, 2); joint state j = 2·j₀ + j₁. */
    private static final FactorMarginals TWO = FactorMarginals.of(new double[] {1, 1}, new double[] {1, 2});

    @Test
    void marginalsContractTheOtherFactorWithItsOne() {
        // η = (a, b, c, d) = (0.1, 0.2, 0.3, 0.05): m₀ = (a·1 + b·2, c·1 + d·2) = (0.5, 0.4), m₁ = (a + c, b + d) = (0.4, 0.25)
        double[] eta = {0.1, 0.2, 0.3, 0.05};
        assertArrayEquals(new double[] {0.5, 0.4}, TWO.marginal(eta, 0), 1e-15);
        assertArrayEquals(new double[] {0.4, 0.25}, TWO.marginal(eta, 1), 1e-15);
        double[] out = {9, 9, 9, 9};
        TWO.marginal(eta, 1, out, 1);
        assertArrayEquals(new double[] {9, 0.4, 0.25, 9}, out, 1e-15, "written at the offset, nothing else touched");
    }

    @Test
    void theMiddleOfThreeFactorsSumsItsSlices() {
        // three binary HMM factors, η_j = j/28: the middle digit is 0 at j = 0, 1, 4, 5 (sum 10) and 1 at 2, 3, 6, 7 (sum 18)
        FactorMarginals three = FactorMarginals.of(new double[] {1, 1}, new double[] {1, 1}, new double[] {1, 1});
        double[] eta = new double[8];
        for (int j = 0; j < 8; j++) {
            eta[j] = j / 28.0;
        }
        assertArrayEquals(new double[] {10 / 28.0, 18 / 28.0}, three.marginal(eta, 1), 1e-15);
        assertArrayEquals(new double[] {6 / 28.0, 22 / 28.0}, three.marginal(eta, 0), 1e-15); // 0+1+2+3, 4+5+6+7
        assertArrayEquals(new double[] {12 / 28.0, 16 / 28.0}, three.marginal(eta, 2), 1e-15); // evens, odds
        assertEquals(8, three.dimension());
    }

    @Test
    void theProductTestAcceptsAProductAndNamesWhereAJointDiffers() {
        // (0.5, 0.5) ⊗ (0.2, 0.4), with ⟨(0.2, 0.4)|(1, 2)⟩ = 1: its marginals are its factors
        double[] product = {0.1, 0.2, 0.1, 0.2};
        assertArrayEquals(new double[][] {{0.5, 0.5}, {0.2, 0.4}}, TWO.marginals(product));
        assertTrue(TWO.isProduct(product, 1e-12));
        assertEquals(-1, TWO.firstNonProductState(product, TWO.marginals(product), 1e-12));
        // (0.1, 0.2, 0.3, 0.05): m₀ ⊗ m₁ = (0.2, 0.125, 0.16, 0.1), off at state 0 already
        double[] joint = {0.1, 0.2, 0.3, 0.05};
        assertFalse(TWO.isProduct(joint, 1e-6));
        assertEquals(0, TWO.firstNonProductState(joint, TWO.marginals(joint), 1e-6));
        assertEquals(0.16, TWO.productEntry(TWO.marginals(joint), 2), 1e-15);
        // the tolerance is relative to the largest entry: 0.1 off at 0.3 passes a tolerance of 1
        assertTrue(TWO.isProduct(joint, 1.0));
    }

    @Test
    void badInputIsNamed() {
        assertEquals("no factor: a joint belief has at least one", assertThrows(IllegalArgumentException.class, FactorMarginals::of).getMessage());
        assertEquals("|1⟩⟩ of factor 1 is empty", assertThrows(IllegalArgumentException.class,
                () -> FactorMarginals.of(new double[] {1}, new double[0])).getMessage());
        assertThrows(IllegalArgumentException.class, () -> TWO.marginal(new double[3], 0));
        assertEquals("factor 2 is out of range [0, 2)", assertThrows(IllegalArgumentException.class,
                () -> TWO.marginal(new double[4], 2)).getMessage());
        assertEquals("got 1 marginals for 2 factors", assertThrows(IllegalArgumentException.class,
                () -> TWO.firstNonProductState(new double[4], new double[][] {{1, 0}}, 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TWO.productEntry(new double[][] {{1, 0}, {1}}, 3)).getMessage()
                .contains("marginal of factor 1"));
        assertEquals("got 1 marginals for 2 factors", assertThrows(IllegalArgumentException.class,
                () -> TWO.productEntry(new double[][] {{1, 0}}, 0)).getMessage());
    }
}
