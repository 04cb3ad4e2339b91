package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.ZeroProbabilityException;
import dev.ghmm.testing.RandomProcesses;
import dev.ghmm.testing.Similarity;
import dev.ghmm.testing.Words;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class GhmmTest {
    private static final double EPS = 1e-12;

    @Test
    void z1rPrimeNetOperatorIsEquation218() {
        Ghmm z = Catalogue.z1rPrime();
        DMatrixRMaj expected = new DMatrixRMaj(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
        assertEquals(0, RandomProcesses.maxDifference(expected, z.net().toDense()), 0);
        assertTrue(z.isHmm());
        assertArrayEquals(new double[] {1, 1, 1}, z.one(), 0);
    }

    @Test
    void z1rWordProbabilitiesByHand() {
        Ghmm z = Catalogue.z1r();
        // uniform start: Pr(0) = 1/3·1 (S0) + 1/3·0 (S1) + 1/3·1/2 (SR) = 1/2
        assertEquals(0.5, z.probability(0), EPS);
        // Pr(00): only SR -0-> S0 -0-> S1 contributes: 1/3 · 1/2 · 1 = 1/6
        assertEquals(1.0 / 6, z.probability(0, 0), EPS);
        // after "0": η T(0) = (1/6, 1/3, 0), normalised by 1/2: (1/3, 2/3, 0)
        assertArrayEquals(new double[] {1.0 / 3, 2.0 / 3, 0}, z.beliefAfter(0), EPS);
        // "1 1 1" is impossible: S0 cannot emit 1 and 1 from S1 leads to SR, 1 from SR to S0
        assertEquals(0, z.probability(1, 1, 1), 0);
        assertEquals(Double.NEGATIVE_INFINITY, z.logProbability(1, 1, 1));
        assertArrayEquals(new double[] {0.5, 0.5}, z.nextSymbolDistribution(z.initial()), EPS);
    }

    @Test
    void longWordLogProbabilityIsFinite() {
        // z1r from uniform on (0 1 1)^m: Pr = 1/2 · 2/3 · 1/2 · (1/2)^(m−1)  (first period by hand, then
        // each period is S0 -0-> S1 -1-> SR -1 (1/2)-> S0)
        Ghmm z = Catalogue.z1r();
        int m = 333_334;
        int[] word = new int[3 * m];
        for (int k = 0; k < m; k++) {
            word[3 * k + 1] = 1;
            word[3 * k + 2] = 1;
        }
        double expected = Math.log(1.0 / 6) + (m - 1) * Math.log(0.5);
        assertEquals(expected, z.logProbability(word), 1e-9 * Math.abs(expected));
        assertEquals(0.0, z.probability(word), 0);
        // a biased coin: ln Pr(1^L) = L ln p
        Ghmm coin = Catalogue.biasedCoin(0.3);
        int[] ones = new int[1_000_000];
        java.util.Arrays.fill(ones, 1);
        assertEquals(1_000_000 * Math.log(0.3), coin.logProbability(ones), 1e-10 * 1_000_000);
    }

    @Test
    void beliefsAlongAWord() {
        Ghmm z = Catalogue.z1r();
        double[][] beliefs = z.beliefs(0, 1);
        assertEquals(3, beliefs.length);
        assertArrayEquals(z.initial(), beliefs[0], 0);
        // from (1/3, 2/3, 0), symbol 1: only S1 emits 1 (to SR), so the belief is (0, 0, 1)
        assertArrayEquals(new double[] {0, 0, 1}, beliefs[2], EPS);
        BeliefFilter filter = z.filter();
        filter.reset(beliefs[1]);
        assertEquals(2.0 / 3, filter.update(1), EPS);
        assertArrayEquals(beliefs[2], filter.belief(), EPS);
    }

    @Test
    void zeroProbabilityUpdateThrows() {
        Ghmm z = Catalogue.z1r();
        BeliefFilter filter = z.filter();
        filter.reset(new double[] {1, 0, 0});
        ZeroProbabilityException e = assertThrows(ZeroProbabilityException.class, () -> filter.update(1));
        assertEquals(1, e.symbol());
        assertArrayEquals(new double[] {1, 0, 0}, filter.belief(), 0, "a failed update leaves the belief as it was");
        e = assertThrows(ZeroProbabilityException.class, () -> z.beliefAfter(1, 1, 1));
        // "1 1" is possible (S1 -1-> SR -1-> S0), the third 1 is not: position 2
        assertEquals(2, e.position());
        assertEquals(1, e.symbol());
        assertTrue(e.getMessage().contains("position 2"), e.getMessage());
    }

    @Test
    void stationaryOfReducibleZ1rPrime() {
        // T' of eq. 2.18: {S0} absorbing (period 1), {S1, SR} a 2-cycle with π = (0, 1/2, 1/2)
        StationaryDistributions s = Catalogue.z1rPrime().stationary();
        assertEquals(2, s.distributions().size());
        assertArrayEquals(new int[] {0}, s.classes().get(0));
        assertArrayEquals(new double[] {1, 0, 0}, s.distributions().get(0), EPS);
        assertFalse(s.isPeriodic(0));
        assertArrayEquals(new int[] {1, 2}, s.classes().get(1));
        assertArrayEquals(new double[] {0, 0.5, 0.5}, s.distributions().get(1), EPS);
        assertEquals(2, s.periods()[1]);
    }

    @Test
    void stationaryOfZ1rIsUniformWithPeriodThree() {
        StationaryDistributions s = Catalogue.z1r().stationary();
        assertTrue(s.isUnique());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, s.distributions().get(0), EPS);
        assertEquals(3, s.periods()[0]);
        // the default initial belief is that distribution
        assertArrayEquals(s.distributions().get(0), Catalogue.z1r().initial(), EPS);
    }

    @Test
    void stationaryOfANearlyDecomposableHmmIsExact() {
        // Mess3 is symmetric under permuting its states, so its stationary distribution is uniform for every (x, α);
        // with x = 1e-15 the states barely communicate, and 1 − T_kk cancels to nothing in a linear solve
        double[] pi = Catalogue.mess3(1e-15, 0.999999).stationary().distributions().get(0);
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, pi, 1e-14);
        // an asymmetric two-state chain: π = (b, a)/(a + b) for P = [[1 − a, a], [b, 1 − b]], here a = 1e-14, b = 3e-14
        Ghmm slow = Ghmm.of(new double[][][] {{{1 - 1e-14, 0}, {0, 1 - 3e-14}}, {{0, 1e-14}, {3e-14, 0}}});
        assertArrayEquals(new double[] {0.75, 0.25}, slow.stationary().distributions().get(0), 1e-12);
    }

    @Test
    void ghmmOneComputedFromEigenspace() {
        Ghmm mess = Catalogue.mess3(0.15, 0.6);
        DMatrixRMaj p = RandomProcesses.invertible(new Random(7), 3);
        Ghmm similar = Similarity.transform(mess, p);
        assertFalse(similar.isHmm());
        // rebuilt without |1⟩⟩ and η: both come from the (non-degenerate) eigenspaces of T
        GhmmBuilder b = Ghmm.builder();
        for (int x = 0; x < 3; x++) {
            b.symbol(Integer.toString(x), similar.transfer(x));
        }
        Ghmm rebuilt = b.build();
        assertEquals(1.0, dev.ghmm.Vectors.dot(rebuilt.initial(), rebuilt.one()), EPS);
        for (int[] w : Words.all(3, 3)) {
            assertEquals(mess.probability(w), rebuilt.probability(w), 1e-10);
        }
    }

    @Test
    void degenerateEigenspaceNeedsOne() {
        // Z1R' has T with eigenvalues {1, 1, −1}: after a similarity transform it is a GHMM whose
        // eigenvalue-1 eigenspace is two-dimensional
        Ghmm similar = Similarity.transform(Catalogue.z1rPrime(), RandomProcesses.invertible(new Random(3), 3));
        GhmmBuilder b = Ghmm.builder().initial(similar.initial());
        for (int x = 0; x < 2; x++) {
            b.symbol(Integer.toString(x), similar.transfer(x));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains("dimension 2"), e.getMessage());
        Ghmm ok = b.one(similar.one()).build();
        assertEquals(Catalogue.z1rPrime().probability(0, 1, 1), ok.probability(0, 1, 1), 1e-12);
    }

    @Test
    void rejectsBadInput() {
        assertMessage(() -> Ghmm.builder().build(), "alphabet is empty");
        assertMessage(() -> Ghmm.of(new double[][][] {{{1, 0}, {0, 1}}, {{1}}}), "T(1) is 1×1 but T(0) is 2×2");
        assertMessage(() -> Ghmm.of(new double[][][] {{{0.5, 0}, {0, 0.5}}, {{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 1}}}), "T(1) is 3×3");
        assertMessage(() -> Ghmm.of(new double[][][] {{{Double.POSITIVE_INFINITY}}}), "Infinity");
        assertMessage(() -> Ghmm.builder().symbol("a", new double[][] {{1.5, 0}, {0, 1}}).symbol("b", new double[][] {{-0.5, 0}, {0, 0}})
                .requireHmm().build(), "T(b)[0][0] = -0.5 is negative");
        assertMessage(() -> Ghmm.builder().symbol("a", new double[][] {{0.5, 0}, {0, 1}}).requireHmm().build(), "row 0 of T sums to 0.5");
        assertMessage(() -> Ghmm.builder().symbol("a", new double[][] {{0.5}}).build(), "no eigenvalue 1");
        assertMessage(() -> Ghmm.of(new double[][][] {{{0.5, 0.5}, {0.5, 0.5}}}, new double[] {1, -1}), "⟨⟨η|1⟩⟩ = 0");
        assertMessage(() -> Ghmm.of(new double[][][] {{{1, 0}, {0, 1}}}), "2 independent stationary vectors");
        assertMessage(() -> Catalogue.z1r().probability(0, 2), "symbol index 2 is out of range");
        assertMessage(() -> Catalogue.z1r().alphabet().parse("0 x"), "unknown symbol \"x\"");
        assertMessage(() -> Ghmm.builder().symbol("a", new double[][] {{0.5}}).symbol("a", new double[][] {{0.5}}).build(), "used by symbols 0 and 1");
        assertMessage(() -> Ghmm.builder().symbol("a", new double[][] {{1}}).one(new double[] {2}).requireHmm().build(), "not the all-ones");
        // a stochastic T with initial (−1, 2) is a GHMM whose first belief is negative, not an HMM
        assertMessage(() -> Ghmm.builder().transfers(new double[][][] {{{0.5, 0}, {0, 0.5}}, {{0, 0.5}, {0.5, 0}}}).initial(new double[] {-1, 2})
                .requireHmm().build(), "not an HMM: initial[0] = -1.0 is negative");
        assertMessage(() -> Ghmm.builder().symbol("a", new double[][] {{0.5, 0.5}, {0, 1}}).one(new double[] {1, 2}).build(), "T|1⟩⟩ ≠ |1⟩⟩ at index 0");
    }

    @Test
    void normaliseDividesBySpectralRadius() {
        // 3·Z1R: T = 3·T_Z1R has spectral radius 3 (T_Z1R is stochastic); normalising gives Z1R back
        double h = 1.5;
        Ghmm scaled = Ghmm.builder()
                .symbol("0", new double[][] {{0, 3, 0}, {0, 0, 0}, {h, 0, 0}})
                .symbol("1", new double[][] {{0, 0, 0}, {0, 0, 3}, {h, 0, 0}})
                .initial(new double[] {1, 1, 1}).normalise().build();
        Ghmm z = Catalogue.z1r();
        for (int[] w : Words.all(2, 4)) {
            assertEquals(z.probability(w), scaled.probability(w), 1e-12);
        }
        // once normalised the matrices are an HMM's, so |1⟩⟩ = 𝟏 and η is rescaled to (1/3, 1/3, 1/3)
        assertTrue(scaled.isHmm());
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, scaled.initial(), 1e-12);
    }

    @Test
    void normaliseRefusesAComplexOrNegativeLeadingEigenvalue() {
        // a rotation by 90° scaled by 2: eigenvalues ±2i
        assertMessage(() -> Ghmm.builder().symbol("0", new double[][] {{0, -2}, {2, 0}}).normalise().build(), "not real and positive");
        // eigenvalues −2 and 1: the spectral radius belongs to −2
        assertMessage(() -> Ghmm.builder().symbol("0", new double[][] {{-2, 0}, {0, 1}}).normalise().build(), "not real and positive");
        assertMessage(() -> Ghmm.builder().symbol("0", new double[][] {{0, 1}, {0, 0}}).normalise().build(), "spectral radius 0");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    @Test
    void conveniencesForExploring() {
        Ghmm z = Catalogue.z1r();
        // a seeded word: the same seed gives the same word, and it is possible
        int[] word = z.sample(42L, 12);
        assertArrayEquals(word, z.sample(42L, 12));
        assertTrue(z.probability(word) > 0);
        // "1 1 1" is impossible (see z1rWordProbabilitiesByHand): empty, not an exception
        assertTrue(z.findBeliefAfter(1, 1, 1).isEmpty());
        assertArrayEquals(z.beliefAfter(0), z.findBeliefAfter(0).orElseThrow(), 0);
        // operators print their matrix and go out as double[][]
        double[][] t0 = z.transfer(0).toArray();
        assertArrayEquals(z.transfer(0).toDense().getData(), java.util.Arrays.stream(t0).flatMapToDouble(java.util.Arrays::stream).toArray(), 0);
        assertTrue(z.transfer(0).toString().contains(java.util.Arrays.toString(t0[2])), z.transfer(0).toString());
    }

    @Test
    void stationaryOfLargeSparseChainsBySparseSolve() {
        // a 5000-state cycle (period 5000): uniform; the dense route took 45 s and 700 MB
        int n = 5000;
        org.ejml.data.DMatrixSparseTriplet cycle = new org.ejml.data.DMatrixSparseTriplet(n, n, n);
        for (int i = 0; i < n; i++) {
            cycle.addItem(i, (i + 1) % n, 1.0);
        }
        Ghmm ring = Ghmm.builder().symbol("0", dev.ghmm.operator.Operators.sparse(
                org.ejml.ops.DConvertMatrixStruct.convert(cycle, (org.ejml.data.DMatrixSparseCSC) null))).build();
        StationaryDistributions s = ring.stationary();
        assertEquals(n, s.periods()[0]);
        double[] pi = s.distributions().get(0);
        for (double v : pi) {
            assertEquals(1.0 / n, v, 1e-12);
        }
        // a birth-death chain of 1500 states, up 0.3, down 0.6, else stay: detailed balance gives π_k ∝ (1/2)^k
        int m = 1500;
        org.ejml.data.DMatrixSparseTriplet walk = new org.ejml.data.DMatrixSparseTriplet(m, m, 3 * m);
        for (int k = 0; k < m; k++) {
            double up = k + 1 < m ? 0.3 : 0;
            double down = k > 0 ? 0.6 : 0;
            if (up > 0) {
                walk.addItem(k, k + 1, up);
            }
            if (down > 0) {
                walk.addItem(k, k - 1, down);
            }
            walk.addItem(k, k, 1 - up - down);
        }
        Ghmm birthDeath = Ghmm.builder().symbol("0", dev.ghmm.operator.Operators.sparse(
                org.ejml.ops.DConvertMatrixStruct.convert(walk, (org.ejml.data.DMatrixSparseCSC) null))).build();
        double[] p = birthDeath.stationary().distributions().get(0);
        for (int k = 0; k < 40; k++) {
            assertEquals(Math.pow(0.5, k + 1), p[k], 1e-12 * Math.pow(0.5, k + 1) + 1e-15);
        }
    }
}
