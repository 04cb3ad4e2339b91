package dev.ghmm.testing;

import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Similarity transforms of a GHMM: T(x) → P⁻¹T(x)P, ⟨⟨η| → ⟨⟨η|P, |1⟩⟩ → P⁻¹|1⟩⟩ for an invertible P. Every word
 * probability ⟨⟨η|P P⁻¹T(w)P P⁻¹|1⟩⟩ = Pr(w) (eq. 2.2) is unchanged, while the matrices get negative entries: the
 * way to make genuine GHMMs with known word probabilities.
 */
public final class Similarity {
    private Similarity() {
    }

    /**
     * The similar process P⁻¹T(x)P, with dense operators, the same symbol names and the name {@code name-similar}.
     *
     * @param process the process
     * @param p       an invertible S×S matrix
     * @return the similar process
     * @throws IllegalArgumentException if P is not S×S or is singular
     */
    public static Ghmm transform(Ghmm process, DMatrixRMaj p) {
        int n = process.states();
        if (p.numRows != n || p.numCols != n) {
            throw new IllegalArgumentException("P is " + p.numRows + "×" + p.numCols + " but the process has " + n + " states");
        }
        DMatrixRMaj inverse = new DMatrixRMaj(n, n);
        if (!CommonOps_DDRM.invert(p, inverse)) {
            throw new IllegalArgumentException("P is singular");
        }
        GhmmBuilder builder = Ghmm.builder().name(process.name() + "-similar");
        DMatrixRMaj tp = new DMatrixRMaj(n, n);
        for (int x = 0; x < process.symbols(); x++) {
            DMatrixRMaj ptp = new DMatrixRMaj(n, n);
            CommonOps_DDRM.mult(process.transfer(x).toDense(), p, tp);
            CommonOps_DDRM.mult(inverse, tp, ptp);
            builder.symbol(process.alphabet().name(x), ptp);
        }
        DMatrixRMaj etaP = new DMatrixRMaj(1, n);
        CommonOps_DDRM.mult(new DMatrixRMaj(1, n, true, process.initial()), p, etaP);
        DMatrixRMaj pOne = new DMatrixRMaj(n, 1);
        CommonOps_DDRM.mult(inverse, new DMatrixRMaj(n, 1, true, process.one()), pOne);
        return builder.initial(etaP.data).one(pOne.data).build();
    }
}
