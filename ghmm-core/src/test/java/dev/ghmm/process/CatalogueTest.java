package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Vectors;
import org.junit.jupiter.api.Test;

class CatalogueTest {
    private static final double EPS = 1e-12;

    @Test
    void everyNamedProcessIsAnHmmWithRowStochasticNet() {
        for (String name : Catalogue.names()) {
            Ghmm g = Catalogue.byName(name);
            assertTrue(g.isHmm(), name);
            assertArrayEquals(Vectors.ones(g.states()), g.net().rightApply(g.one()), EPS, name);
            assertEquals(1.0, Vectors.dot(g.initial(), g.one()), EPS, name);
        }
    }

    @Test
    void handDerivedWordProbabilities() {
        // Even: stationary π_A = 2/3, π_B = 1/3 (π_A = π_A/2 + π_B, π_B = π_A/2); Pr(1) = 2/3·1/2 + 1/3 = 2/3
        assertEquals(2.0 / 3, Catalogue.even(0.5).probability(1), EPS);
        // Golden mean: π = (2/3, 1/3); Pr(1 1) = 0 and Pr(1) = 2/3·1/2 = 1/3
        assertEquals(1.0 / 3, Catalogue.goldenMean(0.5).probability(1), EPS);
        assertEquals(0, Catalogue.goldenMean(0.5).probability(1, 1), 0);
        // RRXOR: π = (1/3, 1/6, 1/6, 1/6, 1/6); Pr(1 1 1): only from S (bits 1,1 then XOR 0: impossible),
        // from R_b (bit then xor then next bit): R1 -1-> F (1/6·1/2) then F emits 0: impossible; R0 -1-> T (1/6·1/2),
        // T emits 1 -> S (1), S emits 1 (1/2): 1/24; from T: 1/6 · 1 · 1/2 · 1/2 = 1/24 (S -1-> R1, R1 -1-> F);
        // from F: impossible. Total 1/12.
        assertEquals(1.0 / 12, Catalogue.rrxor().probability(1, 1, 1), EPS);
        // Mess3 is symmetric under permuting states and symbols together: stationary uniform, Pr(a) = 1/3
        Ghmm m = Catalogue.byName("mess3:x=0.05,alpha=0.85");
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, m.initial(), EPS);
        assertEquals(1.0 / 3, m.probability(2), EPS);
        // T(0)[0][0] = α·y = 0.85·0.9
        assertEquals(0.85 * 0.9, m.transfer(0).get(0, 0), EPS);
        assertEquals(0.3, Catalogue.biasedCoin(0.3).probability(1), EPS);
    }

    @Test
    void z1rPrimeSquaredIsEquation221() {
        Ghmm zz = Catalogue.z1rPrimeSquared();
        assertEquals(9, zz.states());
        assertArrayEquals(new String[] {"A", "B", "C", "D"}, zz.alphabet().names());
        // T_B = T'_0 ⊗ T'_1: entry ((SR,S1),(S1,SR)) = T'_0[SR][S1]·T'_1[S1][SR] = 1/2 · 1
        assertEquals(0.5, zz.transfer(1).get(2 * 3 + 1, 1 * 3 + 2), EPS);
        // eq. 2.22: T_tot = T' ⊗ T', row-stochastic
        assertArrayEquals(Vectors.ones(9), zz.net().rightApply(Vectors.ones(9)), EPS);
    }

    @Test
    void byNameRejectsUnknowns() {
        assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("nope"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("mess3:y=2"));
        assertTrue(e.getMessage().contains("[y]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("coin:p=1.5"));
        assertTrue(e.getMessage().contains("p = 1.5"), e.getMessage());
    }
}
