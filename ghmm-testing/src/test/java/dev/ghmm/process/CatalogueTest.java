package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Vectors;
import dev.ghmm.testing.Words;
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
                for (int[] w : Words.all(g.symbols(), length)) {
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
    void leakyRrxorByHand() {
        // fair bits, ε = 1/2: T = (1/2)·T_RRXOR + (1/10)·J summed over both symbols, so π_j = (1/2)(πT_RRXOR)_j + 1/10.
        // With s = π_S, r = π_R0 = π_R1, t = π_T = π_F: s = 2t/2 + 1/10, r = s/4 + 1/10, t = r/2 + 1/10
        // → s = 2/7, r = 6/35, t = 13/70 (sum 1)
        Ghmm g = Catalogue.byName("leaky-rrxor:pR1=0.5,pR2=0.5,epsilon=0.5");
        assertArrayEquals(new double[] {2.0 / 7, 6.0 / 35, 6.0 / 35, 13.0 / 70, 13.0 / 70}, g.initial(), EPS);
        // T(1) = (1/2)·T_RRXOR(1) + (1/20)·J, T_RRXOR(1): S→R1 1/2, R0→T 1/2, R1→F 1/2, T→S 1, over (S, R0, R1, T, F):
        // T(1)|1⟩ = (1/2, 1/2, 1/2, 3/4, 1/4), T(1)²|1⟩ = (1/4, 5/16, 3/16, 3/8, 1/8), T(1)³|1⟩ = (7/64, 5/32, 3/32, 3/16, 1/16);
        // Pr(1 1 1) = 2/7·7/64 + 6/35·(5/32 + 3/32) + 13/70·(3/16 + 1/16) = 1/32 + 3/70 + 13/280 = 27/224,
        // between RRXOR's 1/12 and a fair coin's 1/8
        assertEquals(27.0 / 224, g.probability(1, 1, 1), EPS);
        // ε = 0 is RRXOR; ε = 1 is a fair coin, so every word of length 3 has probability 1/8
        assertEquals(Catalogue.rrxor(0.2, 0.9).probability(0, 1, 1), Catalogue.leakyRrxor(0.2, 0.9, 0).probability(0, 1, 1), EPS);
        assertEquals(1.0 / 8, Catalogue.leakyRrxor(0.2, 0.9, 1).probability(0, 1, 1), EPS);
        assertThrows(IllegalArgumentException.class, () -> Catalogue.leakyRrxor(0.5, 0.5, 1.5));
    }

    @Test
    void matchingParensByHand() {
        // a birth–death chain on depths 0..3 with up-probabilities (1, 0.4, 0.7, 0) and down (–, 0.6, 0.3, 1):
        // π1·0.6 = π0·1, π2·0.3 = π1·0.4, π3·1 = π2·0.7 → π ∝ (1, 5/3, 20/9, 14/9) = (9, 15, 20, 14)/58
        Ghmm g = Catalogue.byName("matching-parens:depth=3,p=0.4,p2=0.7");
        assertArrayEquals(new double[] {9.0 / 58, 15.0 / 58, 20.0 / 58, 14.0 / 58}, g.initial(), EPS);
        Alphabet a = g.alphabet();
        // "( ( (" only from depth 0: 9/58 · 1 · 0.4 · 0.7
        assertEquals(9.0 / 58 * 0.4 * 0.7, g.probability(a.parse("( ( (")), EPS);
        // four closings need depth 4 > 3
        assertEquals(0, g.probability(a.parse(") ) ) )")), 0);
        assertEquals(Catalogue.matchingParens(1, 0.4, 0.7).probability(a.parse(") ( )")), g.probability(a.parse(") ( )")), 0);
        // the default (depth 3, p = 1/2): π ∝ (1, 2, 2, 1)
        assertArrayEquals(new double[] {1.0 / 6, 2.0 / 6, 2.0 / 6, 1.0 / 6}, Catalogue.byName("matching-parens").initial(), EPS);
        assertThrows(IllegalArgumentException.class, () -> Catalogue.matchingParens(0.9, 0.5));
        assertThrows(IllegalArgumentException.class, () -> Catalogue.matchingParens(1, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("matching-parens:depth=2.5"));
        assertTrue(e.getMessage().contains("integer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Catalogue.byName("matching-parens:depth=2,p3=0.5"));
        assertTrue(e.getMessage().contains("[p3]"), e.getMessage());
    }

    @Test
    void mrNameByHand() {
        // states = last word (Mr., Something, Blah, name); with s = π_Something = π_Blah, π_Mr. = q·2s and
        // π_name = π_Mr., so π = (2q, 1, 1, 2q)/(2 + 4q); p = 0.2, q = 0.3: (0.6, 1, 1, 0.6)/3.2
        Ghmm g = Catalogue.byName("mr-name:p=0.2,q=0.3");
        Alphabet a = g.alphabet();
        assertArrayEquals(new double[] {0.6 / 3.2, 1 / 3.2, 1 / 3.2, 0.6 / 3.2}, g.initial(), EPS);
        // the state after a word is that word, so a first word x has Pr(x) = π_x;
        // "Blah Mr. name": π_Blah · q (Blah → Mr.) · 1 (Mr. → name)
        assertEquals(1 / 3.2 * 0.3, g.probability(a.parse("Blah Mr. name")), EPS);
        // "name Something Something": π_name · 1/2 · (1 − p − q)
        assertEquals(0.6 / 3.2 * 0.5 * 0.5, g.probability(a.parse("name Something Something")), EPS);
        // Mr. is always followed by name
        assertEquals(0, g.probability(a.parse("Mr. Blah")), 0);
        // the default p = 0.4, q = 0.25: π = (1, 2, 2, 1)/6
        assertArrayEquals(new double[] {1.0 / 6, 2.0 / 6, 2.0 / 6, 1.0 / 6}, Catalogue.byName("mr-name").initial(), EPS);
        // p + q = 1 (1 − 0.1 − 0.9 may round below 0): a filler word never repeats
        assertEquals(0, Catalogue.mrName(0.1, 0.9).probability(a.parse("Something Something")), 0);
        assertThrows(IllegalArgumentException.class, () -> Catalogue.mrName(0.7, 0.4));
        assertThrows(IllegalArgumentException.class, () -> Catalogue.mrName(0, 0));
    }

    @Test
    void snsByHand() {
        // π_A·p = π_B·q (flow A→B = flow B→A) → π = (q, p)/(p + q); p = 0.3, q = 0.6: (2/3, 1/3)
        Ghmm g = Catalogue.byName("sns:p=0.3,q=0.6");
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, g.initial(), EPS);
        // only B emits 1: Pr(1) = π_B·q = 0.2; after a 1 the state is A, which emits only 0: Pr(1 1) = 0
        assertEquals(0.2, g.probability(1), EPS);
        assertEquals(0, g.probability(1, 1), 0);
        // Pr(1 0 1): B -1-> A (q), A -0-> B (p), B -1-> A (q): 1/3 · 0.6 · 0.3 · 0.6
        assertEquals(1.0 / 3 * 0.6 * 0.3 * 0.6, g.probability(1, 0, 1), EPS);
        assertThrows(IllegalArgumentException.class, () -> Catalogue.sns(0, 0));
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
    void everyNameIsTheCatalogueStringThatRebuildsTheProcess() {
        assertEquals("mess3:x=0.15,alpha=0.6", Catalogue.byName("mess3").name());
        assertEquals("mess3:x=0.05,alpha=0.85", Catalogue.mess3(0.05, 0.85).name());
        assertEquals("tom-quantum:alpha=1,beta=7.14142842854285", Catalogue.tomQuantum(1, 7.14142842854285).name());
        assertEquals("matching-parens:depth=3,p1=0.5,p2=0.25", Catalogue.byName("matching-parens:p2=0.25").name());
        assertEquals("z1r-prime", Catalogue.z1rPrime().name());
        for (String name : Catalogue.names()) {
            Ghmm g = Catalogue.byName(name);
            Ghmm rebuilt = Catalogue.byName(g.name());
            assertEquals(g.name(), rebuilt.name(), name);
            for (int x = 0; x < g.symbols(); x++) {
                assertArrayEquals(g.transfer(x).toDense().data, rebuilt.transfer(x).toDense().data, name + " T(" + x + ")");
            }
        }
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
