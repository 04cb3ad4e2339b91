package dev.ghmm.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.BetaDistribution;
import org.junit.jupiter.api.Test;

/** Subspace overlaps by hand, and the chance band against its closed forms. */
class SubspaceOverlapTest {
    private static final double R = Math.sqrt(0.5);

    @Test
    void overlapByHand() {
        double[][] a = {{1, 0, 0}, {0, 1, 0}};
        double[][] b = {{R, R, 0}, {0, 0, 1}};
        // O(1) = cos²(a1, b1) = 1/2; O(2) = (1/2)(1/2 + 0 + 1/2 + 0)
        assertArrayEquals(new double[] {0.5, 0.5}, SubspaceOverlap.overlap(a, b), 1e-15);
        assertArrayEquals(new double[] {1, 1}, SubspaceOverlap.overlap(a, a), 1e-15);
        assertArrayEquals(new double[] {0}, SubspaceOverlap.overlap(new double[][] {{1, 0, 0}}, new double[][] {{0, 0, 1}, {0, 1, 0}}), 0);
        // weighted: σ = (3, 1), τ = (2, 2): O_w(2) = (3·2·½ + 3·2·0 + 1·2·½ + 1·2·0) / (√10 · √8)
        assertArrayEquals(new double[] {0.5, 4 / Math.sqrt(80)}, SubspaceOverlap.weightedOverlap(a, new double[] {3, 1}, b, new double[] {2, 2}),
                1e-15);
        assertArrayEquals(new double[] {0, 0}, SubspaceOverlap.weightedOverlap(a, new double[] {0, 0}, b, new double[] {1, 1}), 0);
    }

    @Test
    void badInputIsOneLine() {
        assertEquals("row 0 has length 2 but row 0 of the other basis 3",
                assertThrows(IllegalArgumentException.class, () -> SubspaceOverlap.overlap(new double[][] {{1, 0}}, new double[][] {{1, 0, 0}}))
                        .getMessage());
        assertEquals("sigma[1] = -1.0 is not a finite variance >= 0", assertThrows(IllegalArgumentException.class,
                () -> SubspaceOverlap.weightedOverlap(new double[][] {{1, 0}, {0, 1}}, new double[] {1, -1}, new double[][] {{1, 0}},
                        new double[] {1})).getMessage());
        assertEquals("K = 5 is outside [1, d = 4]", assertThrows(IllegalArgumentException.class, () -> SubspaceOverlap.chance(4, 5, 10, 1))
                .getMessage());
        assertEquals("samples = 1 < 2", assertThrows(IllegalArgumentException.class, () -> SubspaceOverlap.chance(4, 2, 1, 1)).getMessage());
    }

    /**
     * O(1) of random lines is cos² of a uniform unit vector's angle to a fixed one: Beta(1/2, (d − 1)/2). Its 5th and
     * 95th percentiles match the Monte Carlo band; the Monte Carlo mean of every O(k) matches k/d; the band is
     * reproducible from its seed and contains the mean.
     */
    @Test
    void theChanceBandMatchesItsClosedForms() {
        int d = 16;
        int samples = 20000;
        SubspaceOverlap.Chance c = SubspaceOverlap.chance(d, 6, samples, 42);
        BetaDistribution line = new BetaDistribution(0.5, (d - 1) / 2.0);
        assertEquals(line.inverseCumulativeProbability(0.05), c.p5()[0], 0.002);
        assertEquals(line.inverseCumulativeProbability(0.95), c.p95()[0], 0.01);
        for (int k = 1; k <= 6; k++) {
            assertEquals(k / (double) d, c.mean()[k - 1], 0);
            assertTrue(c.p5()[k - 1] < c.mean()[k - 1] && c.mean()[k - 1] < c.p95()[k - 1]);
        }
        assertEquals(c, SubspaceOverlap.chance(d, 6, samples, 42));
        assertTrue(!c.equals(SubspaceOverlap.chance(d, 6, samples, 43)));
        // O(d) of two full frames is 1: any two bases of ℝ^d span the same space
        SubspaceOverlap.Chance full = SubspaceOverlap.chance(4, 4, 50, 1);
        assertEquals(1, full.p5()[3], 1e-12);
        assertEquals(1, full.p95()[3], 1e-12);
    }
}
