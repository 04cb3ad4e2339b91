package dev.ghmm.testing;

import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Helpers of example tests: a fixed random invertible matrix for a GHMM by similarity transform, every word of a
 * length, matrix differences. Properties draw their processes from {@link ProcessArbitraries} instead, which shrink.
 * Shared with the other modules through ghmm-core's test jar.
 */
public final class RandomProcesses {
    private RandomProcesses() {
    }

    /** A random well-conditioned invertible matrix: I + E with ‖E‖ small, entries of mixed sign. */
    public static DMatrixRMaj invertible(Random random, int n) {
        DMatrixRMaj p = CommonOps_DDRM.identity(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p.add(i, j, (2 * random.nextDouble() - 1) * 0.6 / n);
            }
        }
        return p;
    }

    /**
     * The similarity transform of a process: T(x) → P⁻¹T(x)P, ⟨⟨η| → ⟨⟨η|P, |1⟩⟩ → P⁻¹|1⟩⟩. Word
     * probabilities are unchanged; the matrices get negative entries, so this makes genuine GHMMs.
     */
    public static Ghmm similar(Ghmm process, DMatrixRMaj p) {
        int n = process.states();
        DMatrixRMaj inverse = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.invert(p, inverse)) {
            throw new IllegalArgumentException("P is singular");
        }
        GhmmBuilder builder = Ghmm.builder().name(process.name() + "-similar");
        for (int x = 0; x < process.symbols(); x++) {
            DMatrixRMaj t = process.transfer(x).toDense();
            DMatrixRMaj tp = new DMatrixRMaj(n, n);
            DMatrixRMaj ptp = new DMatrixRMaj(n, n);
            CommonOps_DDRM.mult(t, p, tp);
            CommonOps_DDRM.mult(inverse, tp, ptp);
            builder.symbol(process.alphabet().name(x), ptp);
        }
        DMatrixRMaj eta = new DMatrixRMaj(1, n, true, process.initial());
        DMatrixRMaj etaP = new DMatrixRMaj(1, n);
        CommonOps_DDRM.mult(eta, p, etaP);
        DMatrixRMaj one = new DMatrixRMaj(n, 1, true, process.one());
        DMatrixRMaj pOne = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(inverse, one, pOne);
        return builder.initial(etaP.data).one(pOne.data).build();
    }

    /** Every word of length L over k symbols, in lexicographic order. */
    public static int[][] allWords(int symbols, int length) {
        int count = (int) Math.pow(symbols, length);
        int[][] words = new int[count][length];
        for (int w = 0; w < count; w++) {
            int rest = w;
            for (int k = length - 1; k >= 0; k--) {
                words[w][k] = rest % symbols;
                rest /= symbols;
            }
        }
        return words;
    }

    /** max |a − b| over two dense matrices of one shape. */
    public static double maxDifference(DMatrixRMaj a, DMatrixRMaj b) {
        double m = 0;
        for (int i = 0; i < a.getNumElements(); i++) {
            m = Math.max(m, Math.abs(a.get(i) - b.get(i)));
        }
        return m;
    }
}
