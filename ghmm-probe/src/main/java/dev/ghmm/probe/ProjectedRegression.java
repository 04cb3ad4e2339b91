package dev.ghmm.probe;

import dev.ghmm.internal.Eigenvalues;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Projected regression: how much of a factor's belief the activations carry inside a k-dimensional subspace. With
 * q<sub>1</sub>, q<sub>2</sub>, … orthonormal directions of ℝ<sup>d</sup> ordered by importance (a factor's read
 * subspace, most strongly read first, or its vary-one principal directions, largest variance first) and
 * Q<sub>k</sub> = [q<sub>1</sub> … q<sub>k</sub>], the belief η<sub>f</sub> is regressed on the projected activations
 * z = Q<sub>k</sub>ᵀx by weighted least squares with intercept on the training rows,
 * <blockquote>
 * (Q<sub>k</sub>ᵀΣ<sub>xx</sub>Q<sub>k</sub> + λI) B<sub>k</sub> = Q<sub>k</sub>ᵀΣ<sub>xη</sub>,   ŷ = μ<sub>η</sub> + B<sub>k</sub>ᵀQ<sub>k</sub>ᵀ(x − μ<sub>x</sub>),
 * </blockquote>
 * (λ the fit's ridge; directions along which the projected covariance vanishes below {@link ProbeFit#RANK_TOLERANCE}
 * of its largest eigenvalue are dropped by the pseudo-inverse), and scored by the pooled R² = 1 − ΣSSE/ΣSST over the
 * belief's components on the training and the validation rows, all from the fit's moments without another pass. The
 * curve R²(k), k = 1 … K, rises to the full probe's training R² at k = r<sub>f</sub> for the read subspace (the
 * full probe reads η<sub>f</sub> through Q<sub>f</sub>ᵀx only) and is non-decreasing in k on the training rows.
 *
 * @param training   R²(1) … R²(K) on the training rows
 * @param validation R²(1) … R²(K) on the validation rows (NaN without validation rows)
 */
public record ProjectedRegression(double[] training, double[] validation) {
    /**
     * Copies the curves.
     *
     * @param training   R²(k) on the training rows
     * @param validation R²(k) on the validation rows
     */
    public ProjectedRegression {
        if (training.length != validation.length) {
            throw new IllegalArgumentException(training.length + " training and " + validation.length + " validation values");
        }
        training = training.clone();
        validation = validation.clone();
    }

    /** {@return R²(k) on the training rows, k = 1 … K, a copy} */
    @Override
    public double[] training() {
        return training.clone();
    }

    /** {@return R²(k) on the validation rows, k = 1 … K, a copy} */
    @Override
    public double[] validation() {
        return validation.clone();
    }

    /** {@return K, the largest k} */
    public int size() {
        return training.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProjectedRegression p && Arrays.equals(training, p.training) && Arrays.equals(validation, p.validation);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(training) + Arrays.hashCode(validation);
    }

    @Override
    public String toString() {
        return "ProjectedRegression[training=" + Arrays.toString(training) + ", validation=" + Arrays.toString(validation) + "]";
    }

    /**
     * The curves from the moments of [x, y, …] on the two splits.
     *
     * @param train      the training moments (the regression is fitted here)
     * @param validation the validation moments
     * @param d          the width: columns [0, d) are x
     * @param from       the target's first column of y (column d + from of the moments)
     * @param count      its dimension
     * @param basis      d × K orthonormal columns, most important first
     * @param ridge      λ
     */
    static ProjectedRegression of(Moments train, Moments validation, int d, int from, int count, DMatrixRMaj basis, double ridge) {
        int maxK = basis.numCols;
        double total = train.weight();
        DMatrixRMaj cxx = CommonOps_DDRM.extract(train.comoment(), 0, d, 0, d);
        DMatrixRMaj cxy = CommonOps_DDRM.extract(train.comoment(), 0, d, d + from, d + from + count);
        double[] trainR2 = new double[maxK];
        double[] validationR2 = new double[maxK];
        for (int k = 1; k <= maxK; k++) {
            DMatrixRMaj q = CommonOps_DDRM.extract(basis, 0, d, 0, k);
            DMatrixRMaj cq = new DMatrixRMaj(d, k);
            CommonOps_DDRM.mult(cxx, q, cq);
            DMatrixRMaj szz = new DMatrixRMaj(k, k);
            CommonOps_DDRM.multTransA(q, cq, szz);
            CommonOps_DDRM.divide(szz, total);
            DMatrixRMaj szy = new DMatrixRMaj(k, count);
            CommonOps_DDRM.multTransA(q, cxy, szy);
            CommonOps_DDRM.divide(szy, total);
            double[] eigenvalues = Eigenvalues.symmetric(szz, "the projected activations' covariance");
            for (int i = 0; i < k; i++) {
                szz.add(i, i, ridge);
            }
            DMatrixRMaj bz = new DMatrixRMaj(k, count);
            LeastSquares.solveSvd(szz, szy, eigenvalues[0] > 0 ? LeastSquares.RANK_TOLERANCE : 1, bz);
            DMatrixRMaj b = new DMatrixRMaj(d, count);
            CommonOps_DDRM.mult(q, bz, b);
            double[] c = LeastSquares.intercept(train, b, d, from);
            trainR2[k - 1] = LeastSquares.pooledR2(LeastSquares.sse(train, b, c, d, from), 0, count);
            validationR2[k - 1] = LeastSquares.pooledR2(LeastSquares.sse(validation, b, c, d, from), 0, count);
        }
        return new ProjectedRegression(trainR2, validationR2);
    }
}
