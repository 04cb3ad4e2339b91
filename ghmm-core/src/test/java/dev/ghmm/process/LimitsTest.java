package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.operator.Operators;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.ops.DConvertMatrixStruct;
import org.junit.jupiter.api.Test;

/** Sizes and values ghmm refuses with one line instead of running out of memory, time or range. */
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

    @Test
    void denseSpectralWorkOnAVeryLargeGhmmIsRefusedNamingTheSize() {
        // a 5000-state cycle with one negative-weighted symbol pair: not an HMM, so |1⟩⟩ would need a dense SVD
        int n = 5000;
        DMatrixSparseTriplet plus = new DMatrixSparseTriplet(n, n, n);
        DMatrixSparseTriplet minus = new DMatrixSparseTriplet(n, n, n);
        for (int i = 0; i < n; i++) {
            plus.addItem(i, (i + 1) % n, 1.5);
            minus.addItem(i, (i + 1) % n, -0.5);
        }
        GhmmBuilder builder = Ghmm.builder()
                .symbol("+", Operators.sparse(DConvertMatrixStruct.convert(plus, (DMatrixSparseCSC) null)))
                .symbol("-", Operators.sparse(DConvertMatrixStruct.convert(minus, (DMatrixSparseCSC) null)));
        assertMessage(builder::build, "of a 5000-state process needs a dense 5000×5000 decomposition");
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
