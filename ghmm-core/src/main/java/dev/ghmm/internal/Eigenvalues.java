package dev.ghmm.internal;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** The eigenvalues of a symmetric matrix, through EJML's symmetric eigendecomposition (values only). */
public final class Eigenvalues {
    private Eigenvalues() {
    }

    /**
     * The eigenvalues of a symmetric matrix, largest first; the matrix is not changed.
     *
     * @param a    a symmetric n×n matrix (only its symmetry is assumed, not checked)
     * @param what what the matrix is, for the message if the decomposition fails
     * @return its n eigenvalues in decreasing order
     * @throws IllegalStateException if the decomposition does not converge
     */
    public static double[] symmetric(DMatrixRMaj a, String what) {
        int n = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("the eigenvalue decomposition of " + what + " did not converge");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(values);
        for (int i = 0; i < n / 2; i++) {
            double t = values[i];
            values[i] = values[n - 1 - i];
            values[n - 1 - i] = t;
        }
        return values;
    }
}
