package dev.ghmm.probe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Weighted least squares from moments and the symmetric eigenproblems around it (package-info has the equations):
 * the solves (Σ<sub>xx</sub> + λI) B = Σ<sub>xy</sub> by Cholesky or by a truncated SVD, the error sums of a linear
 * prediction on a split from its moments, and the eigenvalues and principal directions of covariances. Shared by the
 * probe fit, projected regression and vary-one subspaces; no state.
 */
final class LeastSquares {
    /** The value of {@link ProbeFit#RANK_TOLERANCE}. */
    static final double RANK_TOLERANCE = 1e-10;

    private LeastSquares() {
    }

    /**
     * Orthonormal eigenvectors (as columns, largest eigenvalue first) of a symmetric positive semi-definite matrix whose
     * eigenvalues exceed {@code tolerance} times the largest.
     */
    static DMatrixRMaj principalDirections(DMatrixRMaj a, double tolerance) {
        int n = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("the eigenvalue decomposition of a belief covariance did not converge");
        }
        Integer[] order = new Integer[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            max = Math.max(max, eig.getEigenvalue(i).getReal());
        }
        Arrays.sort(order, (p, q) -> Double.compare(eig.getEigenvalue(q).getReal(), eig.getEigenvalue(p).getReal()));
        List<DMatrixRMaj> kept = new ArrayList<>();
        for (int i : order) {
            if (max > 0 && eig.getEigenvalue(i).getReal() > tolerance * max) {
                kept.add(eig.getEigenVector(i));
            }
        }
        DMatrixRMaj u = new DMatrixRMaj(n, kept.size());
        for (int j = 0; j < kept.size(); j++) {
            DMatrixRMaj v = kept.get(j);
            double norm = NormOps_DDRM.normF(v);
            for (int i = 0; i < n; i++) {
                u.set(i, j, v.get(i) / norm);
            }
        }
        return u;
    }

    static void solveCholesky(DMatrixRMaj a, DMatrixRMaj sxy, double[] eigenvalues, double ridge, DMatrixRMaj b) {
        int d = a.numRows;
        double max = eigenvalues.length == 0 ? 0 : eigenvalues[0];
        int rank = 0;
        for (double e : eigenvalues) {
            if (e > RANK_TOLERANCE * max) {
                rank++;
            }
        }
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(d);
        if ((ridge == 0 && rank < d) || !cholesky.setA(a)) {
            double trace = 0;
            for (double e : eigenvalues) {
                trace += Math.max(0, e);
            }
            double suggestion = trace > 0 ? 1e-6 * trace / d : 1e-6;
            throw new RankDeficientException("the design is rank-deficient: the activation covariance has numerical rank " + rank + " < d = " + d
                    + (ridge > 0 ? " even with ridge " + ridge : "") + "; give a ridge, e.g. λ = " + String.format(Locale.ROOT, "%.3g", suggestion)
                    + " (1e-6 of the mean variance), or an SVD cut-off", rank, suggestion);
        }
        cholesky.solve(sxy, b);
    }

    static void solveSvd(DMatrixRMaj a, DMatrixRMaj sxy, double cutoff, DMatrixRMaj b) {
        int d = a.numRows;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, d, true, true, false);
        if (!svd.decompose(a.copy())) {
            throw new IllegalStateException("the SVD of the activation covariance did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] s = svd.getSingularValues();
        double max = 0;
        for (double x : s) {
            max = Math.max(max, x);
        }
        DMatrixRMaj uty = new DMatrixRMaj(d, sxy.numCols);
        CommonOps_DDRM.multTransA(u, sxy, uty);
        for (int i = 0; i < d; i++) {
            double inverse = s[i] > cutoff * max ? 1 / s[i] : 0;
            for (int j = 0; j < sxy.numCols; j++) {
                uty.set(i, j, uty.get(i, j) * inverse);
            }
        }
        CommonOps_DDRM.mult(v, uty, b);
    }

    /**
     * The intercept c = μ<sub>y</sub> − Bᵀμ<sub>x</sub> of the least-squares fit B of columns {@code from} … of y on x,
     * from the training moments (weighted means).
     */
    static double[] intercept(Moments train, DMatrixRMaj b, int d, int from) {
        double[] c = new double[b.numCols];
        for (int j = 0; j < c.length; j++) {
            double s = train.mean(d + from + j);
            for (int i = 0; i < d; i++) {
                s -= b.get(i, j) * train.mean(i);
            }
            c[j] = s;
        }
        return c;
    }

    /** The pooled R² = 1 − ΣSSE/ΣSST over columns [from, from + count) of {@link #sse}, NaN when SST sums to 0. */
    static double pooledR2(double[][] sse, int from, int count) {
        double e = 0;
        double t = 0;
        for (int j = from; j < from + count; j++) {
            e += sse[0][j];
            t += sse[1][j];
        }
        return t > 0 ? 1 - e / t : Double.NaN;
    }

    /**
     * Per column j of B: {SSE<sub>j</sub>, SST<sub>j</sub>} of the prediction c + Bᵀx of column {@code from} + j of y on
     * the rows of {@code set}, from its moments: SSE = C<sub>yy</sub> − 2bᵀC<sub>xy</sub> + bᵀC<sub>xx</sub>b + W(μ<sub>y</sub> − c − bᵀμ<sub>x</sub>)².
     */
    static double[][] sse(Moments set, DMatrixRMaj b, double[] c, int d, int from) {
        int m = b.numCols;
        double[][] out = new double[2][m];
        if (set.weight() == 0) {
            Arrays.fill(out[0], Double.NaN);
            Arrays.fill(out[1], Double.NaN);
            return out;
        }
        DMatrixRMaj cxx = CommonOps_DDRM.extract(set.comoment(), 0, d, 0, d);
        DMatrixRMaj cxxB = new DMatrixRMaj(d, m);
        CommonOps_DDRM.mult(cxx, b, cxxB);
        for (int j = 0; j < m; j++) {
            double bCxy = 0;
            double bCxxB = 0;
            int y = d + from + j;
            double offset = set.mean(y) - c[j];
            for (int i = 0; i < d; i++) {
                double bij = b.get(i, j);
                bCxy += bij * set.comoment(i, y);
                bCxxB += bij * cxxB.get(i, j);
                offset -= bij * set.mean(i);
            }
            double sst = set.comoment(y, y);
            out[0][j] = Math.max(0, sst - 2 * bCxy + bCxxB + set.weight() * offset * offset);
            out[1][j] = sst;
        }
        return out;
    }
}
