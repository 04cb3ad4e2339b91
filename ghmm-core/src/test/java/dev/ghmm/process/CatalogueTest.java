package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Vectors;
import dev.ghmm.testing.RandomProcesses;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CatalogueTest {
    private static final double EPS = 1e-12;

    private static final Set<String> GENERALISED = Set.of("tom-quantum", "fanizza", "post-quantum");

    @Test
    void everyNamedProcessIsValidWithEigenvectorOne() {
        for (String name : Catalogue.names()) {
            Ghmm g = Catalogue.byName(name);
            assertEquals(!GENERALISED.contains(name), g.isHmm(), name);
            assertArrayEquals(g.one(), g.net().rightApply(g.one()), EPS, name);
            assertEquals(1.0, Vectors.dot(g.initial(), g.one()), EPS, name);
            // a valid (G)HMM: every word of length ≤ 4 has probability ≥ 0, and each length sums to 1,
            // and its optimised representation gives every word the same probability
            Ghmm optimised = g.optimised();
            for (int length = 1; length <= 4; length++) {
                double total = 0;
                for (int[] w : RandomProcesses.allWords(g.symbols(), length)) {
                    double p = g.probability(w);
                    assertTrue(p >= -EPS, name + " " + Arrays.toString(w) + " " + p);
                    assertEquals(p, optimised.probability(w), EPS, name + " optimised " + Arrays.toString(w));
                    total += p;
                }
                assertEquals(1.0, total, 1e-10, name);
            }
        }
    }

    @Test
    void parametrisedClassicsByHand() {
        // Z1R(p) from the uniform belief: "0 1 1" only from S0 (S0 -0-> S1 -1-> SR -1-> S0): 1/3·p
        assertEquals(0.7 / 3, Catalogue.byName("z1r:p=0.7").probability(0, 1, 1), EPS);
        // RRXOR(pR1, pR2): π = (1/3, pR1/3, (1−pR1)/3, π_T, π_F) with π_F = (pR1·pR2 + (1−pR1)(1−pR2))/3;
        // Pr(0) = (pR1 + pR1·pR2 + (1−pR1)·pR2)/3 + π_F = (1 + 2·pR1·pR2)/3
        assertEquals((1 + 2 * 0.2 * 0.9) / 3, Catalogue.byName("rrxor:pR1=0.2,pR2=0.9").probability(0), EPS);
        assertEquals(Catalogue.even(0.3).probability(1, 1, 0), Catalogue.byName("even-ones:p=0.3").probability(1, 1, 0), 0);
        assertEquals(Catalogue.goldenMean(0.3).probability(0, 1), Catalogue.byName("no-consecutive-ones:p=0.3").probability(0, 1), 0);
    }

    @Test
    void tomQuantumByHand() {
        double alpha = 1.3;
        double beta = 0.4;
        Ghmm g = Catalogue.tomQuantum(alpha, beta);
        // T = diag(1, r, r), r = α²/(α² + β²)
        double r = alpha * alpha / (alpha * alpha + beta * beta);
        assertArrayEquals(new double[] {1, 0, 0, 0, r, 0, 0, 0, r}, g.net().toDense().data, EPS);
        assertArrayEquals(new double[] {1, 0, 0}, g.one(), 0);
        // from e0 only column 0 matters: Pr(0 0) = row0(T0)·col0(T0) = 1/16 + o², Pr(0 1) = 1/16 − o²
        double o = alpha * beta / (2 * (alpha * alpha + beta * beta));
        assertEquals(1.0 / 16 + o * o, g.probability(0, 0), EPS);
        assertEquals(1.0 / 16 - o * o, g.probability(0, 1), EPS);
        assertEquals(1.0 / 16, g.probability(0, 2), EPS);
    }

    @Test
    void fanizzaResetsOnA() {
        double alpha = 0.7;
        double lambda = 0.3;
        Ghmm g = Catalogue.fanizza(alpha, lambda);
        assertArrayEquals(Vectors.ones(4), g.net().rightApply(Vectors.ones(4)), EPS);
        // after a the belief is the reset vector π0, so Pr(a a) / Pr(a) = ⟨π0|w⟩, which works out to
        // 3/2 − 1/(2(1 − λ)) − λ(λ − cos α)/(2D), D = 1 − 2λ cos α + λ²
        double d = 1 - 2 * lambda * Math.cos(alpha) + lambda * lambda;
        double reset = 1.5 - 1 / (2 * (1 - lambda)) - lambda * (lambda - Math.cos(alpha)) / (2 * d);
        assertEquals(reset, g.probability(0, 0) / g.probability(0), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Catalogue.fanizza(1, 1));
    }

    @Test
    void postQuantumIsNormalisedByItsSpectralRadius() {
        double logAlpha = 1.0;
        double beta = 0.5;
        Ghmm g = Catalogue.postQuantum(logAlpha, beta);
        // second algorithm for ρ: power iteration on the unnormalised net [[1+α+β, −1, −1], [1, 1, −1], [0, ln αβ, 2]]
        double alpha = Math.exp(logAlpha);
        double[][] net = {{1 + alpha + beta, -1, -1}, {1, 1, -1}, {0, logAlpha + Math.log(beta), 2}};
        double[] v = {1, 1, 1};
        double rho = 0;
        for (int it = 0; it < 5000; it++) {
            double[] next = new double[3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    next[i] += net[i][j] * v[j];
                }
            }
            rho = Vectors.maxAbs(next) / Vectors.maxAbs(v);
            v = next;
            Vectors.scale(v, 1 / Vectors.maxAbs(v));
        }
        assertEquals(1 / rho, g.transfer(1).get(1, 1), 1e-9);
        assertEquals(alpha / rho, g.transfer(1).get(0, 0), 1e-9);
        assertArrayEquals(g.one(), g.net().rightApply(g.one()), EPS);
        // ⟨μ|m⟩ = 0: emitting 0 twice in a row is impossible
        assertEquals(0, g.probability(0, 0), EPS);
        assertTrue(g.probability(0, 1) > 0);
        assertThrows(IllegalArgumentException.class, () -> Catalogue.postQuantum(Math.log(1.5), 0.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalogue.postQuantum(2 * Math.log(2), 0.5));
        assertTrue(e.getMessage().contains("irrational"), e.getMessage());
    }

    @Test
    void daysOfTheWeekByHand() {
        Ghmm g = Catalogue.daysOfTheWeek();
        assertArrayEquals(Vectors.ones(7), g.net().rightApply(Vectors.ones(7)), EPS);
        Alphabet a = g.alphabet();
        Ghmm monday = g.withInitial(new double[] {1, 0, 0, 0, 0, 0, 0});
        // from M: naming the next day is 5/15 each step
        assertEquals(1.0 / 9, monday.probability(a.parse("Tu W")), EPS);
        // Wknd (1/15) lands on Sa or Su with 1/2 each; then Su is next from Sa (5/15) and a repeat from Su (1/15)
        assertEquals(1.0 / 75, monday.probability(a.parse("Wknd Su")), EPS);
        assertEquals(1.0 / 15, monday.probability(a.parse("Yest")), EPS);
    }

    @Test
    void nonergodicIsADirectSum() {
        Ghmm g = Catalogue.byName("nonergodic:w=0.3");
        // Z1R from uniform: Pr(1 1) = 1/3·1/2 (from S1); the golden mean never emits 1 1
        assertEquals(0.3 / 6, g.probability(1, 1), EPS);
        // Z1R never emits 0 0 0; the golden mean from (2/3, 1/3): Pr(0 0 0) = (2/3·1/2 + 1/3)·1/2·1/2 = 1/6
        assertEquals(0.7 / 6, g.probability(0, 0, 0), EPS);
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
    void namesAreReadOnly() {
        // names() once returned the live registry: removing "z1r" from it broke byName for the whole JVM
        Set<String> names = Catalogue.names();
        assertThrows(UnsupportedOperationException.class, () -> names.remove("z1r"));
        assertThrows(UnsupportedOperationException.class, () -> names.add("z2r"));
        assertThrows(UnsupportedOperationException.class, names::clear);
        assertTrue(names.contains("z1r"));
        assertEquals(3, Catalogue.byName("z1r").states());
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
