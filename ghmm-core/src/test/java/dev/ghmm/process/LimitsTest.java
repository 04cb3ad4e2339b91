package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.operator.Operators;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.ops.DConvertMatrixStruct;
import org.junit.jupiter.api.Test;

/** Sizes ghmm handles with sparse methods, and sizes and values it refuses with one line instead of running out of memory, time or range. */
class LimitsTest {

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void anInitialVectorWhoseMassOverflowsIsRefused() {
        // 1e308 + 1e308 + 1e308 overflows to ∞: ⟨⟨η|1⟩⟩ cannot be normalised (it used to give the zero vector)
        assertMessage(() -> Catalogue.mess3(0.15, 0.6).withInitial(new double[] {1e308, 1e308, 1e308}), "⟨⟨η|1⟩⟩ = Infinity");
    }

    /** d<sub>i</sub>: a diagonal similarity with negative entries, so D T(x) D⁻¹ is a GHMM that is not an HMM. */
    private static double d(int i) {
        return (i % 3 == 0 ? -1 : 1) * (1 + i % 5);
    }

    /** On n states: T(a) moves i → i+1 (mod n, within its cycle of length cycle) with 0.7, T(b) stays with 0.3; conjugated by D. */
    private static GhmmBuilder conjugatedCycles(int n, int cycle) {
        DMatrixSparseTriplet move = new DMatrixSparseTriplet(n, n, n);
        DMatrixSparseTriplet stay = new DMatrixSparseTriplet(n, n, n);
        for (int i = 0; i < n; i++) {
            int next = i / cycle * cycle + (i + 1) % cycle;
            move.addItem(i, next, 0.7 * d(i) / d(next));
            stay.addItem(i, i, 0.3);
        }
        return Ghmm.builder()
                .symbol("a", Operators.sparse(DConvertMatrixStruct.convert(move, (DMatrixSparseCSC) null)))
                .symbol("b", Operators.sparse(DConvertMatrixStruct.convert(stay, (DMatrixSparseCSC) null)));
    }

    @Test
    void aLargeSparseGhmmGetsItsEigenvectorsFromSparseSolves() {
        // D T D⁻¹ of an irreducible 5000-state HMM whose stationary distribution is uniform: |1⟩⟩ ∝ D𝟏 and
        // ⟨⟨η| ∝ 𝟏ᵀD⁻¹, and every word keeps the HMM's probability (0.7^k 0.3^(l−k) for k moves)
        int n = 5000;
        Ghmm g = conjugatedCycles(n, n).build();
        assertFalse(g.isHmm());
        double[] one = g.one();
        double[] eta = g.initial();
        for (int i = 0; i < n; i += 997) {
            assertEquals(d(i) / d(0), one[i] / one[0], 1e-9, "|1>>[" + i + "]");
            assertEquals(1.0 / n, eta[i] * one[i], 1e-12, "eta[" + i + "]·1[" + i + "]");
        }
        assertEquals(0.7 * 0.7 * 0.3, g.probability(g.alphabet().parse("a a b")), 1e-12);
        assertEquals(Math.pow(0.7, 3) * Math.pow(0.3, 5), g.probability(g.alphabet().parse("b a b b a b a b")), 1e-12);
    }

    @Test
    void aLargeSparseGhmmWithoutAUniqueEigenvectorIsRefusedInOneLine() {
        // two disjoint 2500-state cycles: the eigenvalue-1 eigenspaces are two-dimensional
        assertMessage(conjugatedCycles(5000, 2500)::build, "|1⟩⟩ of a 5000-state process is not unique");
        double[] one = java.util.stream.IntStream.range(0, 5000).mapToDouble(LimitsTest::d).toArray();
        assertMessage(conjugatedCycles(5000, 2500).one(one)::build, "the stationary vector of a 5000-state process is not unique");
    }

    @Test
    void aLargeSparseGhmmWithoutEigenvalueOneIsRefusedInOneLine() {
        // T(b) = 0.3·I alone: T − I is invertible, no |1⟩⟩
        DMatrixSparseTriplet stay = new DMatrixSparseTriplet(5000, 5000, 5000);
        for (int i = 0; i < 5000; i++) {
            stay.addItem(i, i, i == 0 ? -0.3 : 0.3);
        }
        assertMessage(Ghmm.builder().symbol("b", Operators.sparse(DConvertMatrixStruct.convert(stay, (DMatrixSparseCSC) null)))::build,
                "T has no eigenvalue 1: the 5000-state sparse solve for |1⟩⟩ leaves a residual");
    }

    @Test
    void denseSpectralWorkOnAVeryLargeGhmmIsRefusedNamingTheSize() {
        // normalising to spectral radius 1 needs every eigenvalue: a dense decomposition
        assertMessage(conjugatedCycles(5000, 5000).normalise()::build, "of a 5000-state process needs a dense 5000×5000 decomposition");
    }

    @Test
    void theMixedStatePresentationBudgetCountsBytes() {
        // Mess3^6: 729 states and 729 symbols, each belief about 14.6 kB, and its beliefs never merge; with no limit on
        // their number, half the heap is what stops the enumeration, at a depth where the estimate exceeds it
        Ghmm m = Catalogue.mess3(0.15, 0.6);
        Ghmm big = Ghmm.kron(m, m, m, m, m, m);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixedStatePresentation.enumerate(big, 40, 1e-10, Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("MiB; lower the depth"), e.getMessage());
    }
}
