package dev.ghmm.factored.correlation;

import dev.ghmm.Tolerances;
import dev.ghmm.internal.Checks;
import dev.ghmm.Vectors;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The Schmidt decomposition of a vector on A ⊗ B: reshaped to the d<sub>A</sub>×d<sub>B</sub> matrix
 * M<sub>ab</sub> = v[a·d_B + b], its SVD gives v = Σ<sub>k</sub> s<sub>k</sub> u<sub>k</sub> ⊗ w<sub>k</sub>
 * with s<sub>1</sub> ≥ s<sub>2</sub> ≥ … ≥ 0. v is a product iff its Schmidt rank is 1. Works for GHMM beliefs
 * with negative entries. Immutable.
 */
public final class Schmidt {
    private final int dA;
    private final int dB;
    private final double[] coefficients;
    private final double[][] left;
    private final double[][] right;

    private Schmidt(int dA, int dB, double[] coefficients, double[][] left, double[][] right) {
        this.dA = dA;
        this.dB = dB;
        this.coefficients = coefficients;
        this.left = left;
        this.right = right;
    }

    /**
     * Decomposes v ∈ ℝ<sup>d<sub>A</sub></sup> ⊗ ℝ<sup>d<sub>B</sub></sup>.
     *
     * @throws IllegalArgumentException if v.length ≠ d<sub>A</sub>·d<sub>B</sub> or v is not finite
     * @param v the vector
     * @param dA d_A, the dimension of factor A
     * @param dB d_B, the dimension of factor B
     * @return the Schmidt decomposition of v
     */
    public static Schmidt of(double[] v, int dA, int dB) {
        if (dA <= 0 || dB <= 0 || (long) dA * dB != v.length) {
            throw new IllegalArgumentException("vector of length " + v.length + " is not " + dA + " × " + dB);
        }
        Checks.requireFinite("vector", v);
        DMatrixRMaj m = new DMatrixRMaj(dA, dB, true, v.clone());
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(dA, dB, true, true, true);
        if (!svd.decompose(m)) {
            throw new IllegalStateException("SVD did not converge");
        }
        int k = Math.min(dA, dB);
        double[] s = svd.getSingularValues();
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getV(null, false);
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (x, y) -> Double.compare(s[y], s[x]));
        double[] coefficients = new double[k];
        double[][] left = new double[k][dA];
        double[][] right = new double[k][dB];
        for (int r = 0; r < k; r++) {
            int c = order[r];
            coefficients[r] = s[c];
            for (int a = 0; a < dA; a++) {
                left[r][a] = u.get(a, c);
            }
            for (int b = 0; b < dB; b++) {
                right[r][b] = w.get(b, c);
            }
            // fix the sign so that the right vector has a non-negative sum (a belief-like orientation)
            if (Vectors.sum(right[r]) < 0) {
                Vectors.scale(left[r], -1);
                Vectors.scale(right[r], -1);
            }
        }
        return new Schmidt(dA, dB, coefficients, left, right);
    }

    /** {@return the Schmidt coefficients s<sub>1</sub> ≥ s<sub>2</sub> ≥ … (a copy)} */
    public double[] coefficients() {
        return coefficients.clone();
    }

    /**
     * {@return the number of coefficients above {@code tolerance}·s<sub>1</sub>; 0 for the zero vector}
     *
     * @param tolerance absolute tolerance, finite and ≥ 0
     */
    public int rank(double tolerance) {
        Tolerances.require(tolerance);
        int r = 0;
        for (double s : coefficients) {
            if (s > tolerance * coefficients[0]) {
                r++;
            }
        }
        return r;
    }

    /**
     * {@return the unit left vector u<sub>k</sub> on A (a copy)}
     *
     * @param k the index k
     */
    public double[] left(int k) {
        return left[k].clone();
    }

    /**
     * {@return the unit right vector w<sub>k</sub> on B (a copy)}
     *
     * @param k the index k
     */
    public double[] right(int k) {
        return right[k].clone();
    }

    /**
     * {@return the best product approximation s<sub>1</sub> u<sub>1</sub> ⊗ w<sub>1</sub> (Eckart–Young), length
     * d<sub>A</sub>d<sub>B</sub>}
     */
    public double[] productApproximation() {
        double[] a = left[0].clone();
        Vectors.scale(a, coefficients[0]);
        return Vectors.kron(a, right[0]);
    }

    /** {@return the Euclidean norm of v minus its best product approximation: sqrt(Σ<sub>k≥2</sub> s<sub>k</sub>²)} */
    public double residual() {
        double r = 0;
        for (int k = 1; k < coefficients.length; k++) {
            r += coefficients[k] * coefficients[k];
        }
        return Math.sqrt(r);
    }

    /** {@return d<sub>A</sub>} */
    public int dimensionA() {
        return dA;
    }

    /** {@return d<sub>B</sub>} */
    public int dimensionB() {
        return dB;
    }
}
