package dev.ghmm.probe;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Where in activation space each factor's probe reads its belief, and how those places meet.
 *
 * <p>Factor f's probe is η̂<sub>f</sub>(x) = c<sub>f</sub> + W<sub>f</sub>x with W<sub>f</sub> ∈ ℝ<sup>d<sub>f</sub>×d</sup>.
 * Let U<sub>f</sub> ∈ ℝ<sup>d<sub>f</sub>×r<sub>f</sub></sup> hold the orthonormal eigenvectors of the training covariance
 * of η<sub>f</sub> with eigenvalues above {@link ProbeFit#BELIEF_RANK_TOLERANCE} times the largest: the directions
 * the belief moves in (for beliefs that fill their simplex, r<sub>f</sub> = d<sub>f</sub> − 1 and span U<sub>f</sub> =
 * {v : Σ<sub>i</sub> v<sub>i</sub> = 0}). The <em>read subspace</em> of factor f is
 * <blockquote>R<sub>f</sub> = range(W<sub>f</sub>ᵀU<sub>f</sub>) ⊆ ℝ<sup>d</sup>,</blockquote>
 * the row space of W<sub>f</sub> restricted to the belief directions: an activation change Δx moves the prediction
 * within the belief's affine hull by U<sub>f</sub>ᵀW<sub>f</sub>Δx, which is zero exactly when Δx ⊥ R<sub>f</sub>.
 * (A least-squares fit of targets satisfying a linear constraint uᵀη = 1 has uᵀW<sub>f</sub> = 0, so the
 * restriction only removes round-off.) Its orthonormal basis Q<sub>f</sub> holds the left singular vectors of
 * W<sub>f</sub>ᵀU<sub>f</sub> with singular values above {@link #RANK_TOLERANCE} times the largest.
 *
 * <p>The principal angles between R<sub>f</sub> and R<sub>g</sub> are θ<sub>i</sub> = arccos σ<sub>i</sub>(Q<sub>f</sub>ᵀQ<sub>g</sub>)
 * (small angles from the sines, σ<sub>i</sub>((I − Q<sub>f</sub>Q<sub>f</sub>ᵀ)Q<sub>g</sub>), for accuracy), ascending.
 * The dimension of the union is the number of singular values of [Q<sub>1</sub> … Q<sub>F</sub>] above a tolerance
 * τ; for two subspaces these are √(1 ± cos θ<sub>i</sub>), so directions closer than about √2·τ radians count as one.
 * Note that a probe reads through the dual basis: when the factors are written along non-orthogonal subspaces
 * A<sub>f</sub>, R<sub>f</sub> is orthogonal to the other factors' A<sub>g</sub>, not equal to A<sub>f</sub>; for two
 * factors spanning the sum A<sub>1</sub> ⊕ A<sub>2</sub> the principal angles are the same either way.
 * With noise the probe is W = Σ<sub>ηx</sub>Σ<sub>xx</sub>⁻¹ rather than the dual basis: it shrinks along directions
 * where the beliefs vary little and the read subspaces turn (planted at 0.3 rad, read at about 0.48 rad with noise
 * 0.05 against belief variances of a few 10<sup>−2</sup>), so compare angles with the population probe at the same
 * noise, not with the subspaces the beliefs are written along.
 */
public final class Geometry {
    /** Singular values of W<sub>f</sub>ᵀU<sub>f</sub> at or below this fraction of the largest are dropped. */
    public static final double RANK_TOLERANCE = 1e-10;
    /** The default tolerance τ of {@link #unionDimension()}: directions within about 1.4·10<sup>−6</sup> rad count as one. */
    public static final double UNION_TOLERANCE = 1e-6;

    private final int width;
    private final DMatrixRMaj[] bases;
    private final double effectiveDimension;

    private Geometry(int width, DMatrixRMaj[] bases, double effectiveDimension) {
        this.width = width;
        this.bases = bases;
        this.effectiveDimension = effectiveDimension;
    }

    /**
     * The read subspaces of a fit's factor probes.
     *
     * @param fit a fit with factor probes
     * @return the subspaces, their principal angles, the dimension of their union
     * @throws IllegalStateException if the fit has no factor probes
     */
    public static Geometry of(ProbeFit fit) {
        int factors = fit.factors();
        if (factors == 0) {
            throw new IllegalStateException("geometry needs factor probes: fit with targets FACTORS or BOTH");
        }
        int d = fit.width();
        DMatrixRMaj[] bases = new DMatrixRMaj[factors];
        for (int f = 0; f < factors; f++) {
            bases[f] = readBasis(fit.factor(f), fit.beliefDirections(fit.factorIndex(f)));
        }
        return new Geometry(d, bases, fit.effectiveDimension());
    }

    /** Q: an orthonormal basis (d × r, most strongly read first) of the read subspace range(WᵀU) of a probe W with belief directions U. */
    static DMatrixRMaj readBasis(LinearProbe probe, DMatrixRMaj directions) {
        int d = probe.width();
        DMatrixRMaj w = DMatrixRMaj.wrap(probe.dimension(), d, probe.weightsRowMajor());
        DMatrixRMaj read = new DMatrixRMaj(d, directions.numCols);
        CommonOps_DDRM.multTransA(w, directions, read);
        return orthonormalRange(read, RANK_TOLERANCE);
    }

    /**
     * The left singular vectors of m (as columns, largest singular value first) with singular values above
     * {@code tolerance} times the largest.
     */
    static DMatrixRMaj orthonormalRange(DMatrixRMaj m, double tolerance) {
        if (m.numCols == 0) {
            return new DMatrixRMaj(m.numRows, 0);
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m.numRows, m.numCols, true, false, true);
        if (!svd.decompose(m.copy())) {
            throw new IllegalStateException("SVD did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        double[] s = svd.getSingularValues();
        int n = svd.numberOfSingularValues();
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s[i]);
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (max > 0 && s[i] > tolerance * max) {
                kept++;
            }
        }
        // largest singular value first (EJML does not sort them): the most strongly read direction leads
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        DMatrixRMaj q = new DMatrixRMaj(m.numRows, kept);
        for (int j = 0; j < kept; j++) {
            for (int r = 0; r < m.numRows; r++) {
                q.set(r, j, u.get(r, order[j]));
            }
        }
        return q;
    }

    /** The principal angles between the column spaces of orthonormal q1 and q2, ascending, min(r1, r2) of them. */
    static double[] principalAngles(DMatrixRMaj q1, DMatrixRMaj q2) {
        if (q2.numCols > q1.numCols) {
            return principalAngles(q2, q1);
        }
        int r = q2.numCols;
        if (r == 0) {
            return new double[0];
        }
        DMatrixRMaj cross = new DMatrixRMaj(q1.numCols, r);
        CommonOps_DDRM.multTransA(q1, q2, cross);
        double[] cosines = singularValues(cross);
        DMatrixRMaj rest = new DMatrixRMaj(q2.numRows, r);
        CommonOps_DDRM.mult(q1, cross, rest);
        CommonOps_DDRM.subtract(q2, rest, rest);
        double[] sines = singularValues(rest);
        Arrays.sort(cosines);
        Arrays.sort(sines);
        double[] angles = new double[r];
        for (int i = 0; i < r; i++) {
            double c = Math.min(1, cosines[cosines.length - 1 - i]);
            double s = Math.min(1, sines[i]);
            angles[i] = c * c < 0.5 ? Math.acos(c) : Math.asin(s);
        }
        Arrays.sort(angles);
        return angles;
    }

    static double[] singularValues(DMatrixRMaj m) {
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false, false, true);
        if (!svd.decompose(m.copy())) {
            throw new IllegalStateException("SVD did not converge");
        }
        return Arrays.copyOf(svd.getSingularValues(), svd.numberOfSingularValues());
    }

    /** The number of singular values of the concatenated bases above τ. */
    static int unionDimension(DMatrixRMaj[] bases, double tolerance) {
        DMatrixRMaj all = concatenated(bases[0].numRows, bases);
        if (all.numCols == 0) {
            return 0;
        }
        int count = 0;
        for (double s : singularValues(all)) {
            if (s > tolerance) {
                count++;
            }
        }
        return count;
    }

    /**
     * F, the number of factors.
     *
     * @return F
     */
    public int factors() {
        return bases.length;
    }

    /**
     * d, the activation width.
     *
     * @return d
     */
    public int width() {
        return width;
    }

    /**
     * r<sub>f</sub> = dim R<sub>f</sub>, the number of activation directions that move factor f's belief
     * (d<sub>f</sub> − 1 for a belief that fills its simplex and a probe that reads all of it).
     *
     * @param factor f
     * @return r<sub>f</sub>
     */
    public int dimension(int factor) {
        return basis(factor, "dimension").numCols;
    }

    /**
     * Q<sub>f</sub>, an orthonormal basis of the read subspace R<sub>f</sub>: d rows of r<sub>f</sub> columns, the left
     * singular vectors of W<sub>f</sub>ᵀU<sub>f</sub>, most strongly read first.
     *
     * @param factor f
     * @return the basis, a copy
     */
    public double[][] basis(int factor) {
        DMatrixRMaj q = basis(factor, "basis");
        double[][] out = new double[q.numRows][q.numCols];
        for (int i = 0; i < q.numRows; i++) {
            for (int j = 0; j < q.numCols; j++) {
                out[i][j] = q.get(i, j);
            }
        }
        return out;
    }

    /**
     * The principal angles between R<sub>f</sub> and R<sub>g</sub>, in radians, ascending: min(r<sub>f</sub>, r<sub>g</sub>)
     * values in [0, π/2].
     *
     * @param f one factor
     * @param g another (or the same: all zeros)
     * @return the angles
     */
    public double[] principalAngles(int f, int g) {
        return principalAngles(basis(f, "principalAngles"), basis(g, "principalAngles"));
    }

    /**
     * dim(R<sub>1</sub> + … + R<sub>F</sub>) at the default tolerance {@link #UNION_TOLERANCE}.
     *
     * @return the dimension of the union
     */
    public int unionDimension() {
        return unionDimension(UNION_TOLERANCE);
    }

    /**
     * dim(R<sub>1</sub> + … + R<sub>F</sub>): the singular values of [Q<sub>1</sub> … Q<sub>F</sub>] above τ.
     *
     * @param tolerance τ in (0, 1)
     * @return the dimension of the union, at most Σ r<sub>f</sub> (equal when the subspaces are independent)
     */
    public int unionDimension(double tolerance) {
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance " + tolerance + " must be in (0, 1)");
        }
        return unionDimension(bases, tolerance);
    }

    /**
     * The effective dimension of the activations, {@link ProbeFit#effectiveDimension()}.
     *
     * @return the participation ratio of the activation covariance's eigenvalues
     */
    public double effectiveDimension() {
        return effectiveDimension;
    }

    /**
     * How a direction v ∈ ℝ<sup>d</sup> (a steering vector, a column of a LoRA B, a difference of means) splits over the
     * read subspaces: the share ‖Q<sub>f</sub>ᵀv‖²/‖v‖² of its squared norm in each R<sub>f</sub>, in their union
     * R<sub>1</sub> + … + R<sub>F</sub> (at {@link #UNION_TOLERANCE}), and outside it (1 − the union's share, computed
     * from the residual). The factor shares add up to the union's share when the read subspaces are orthogonal and
     * exceed it when they overlap.
     *
     * @param factorShares the share in each factor's read subspace
     * @param union the share in their union
     * @param outside the share orthogonal to every read subspace
     */
    public record Decomposition(double[] factorShares, double union, double outside) {
        /**
         * Copies the shares.
         *
         * @param factorShares the share in each factor's read subspace
         * @param union the share in their union
         * @param outside the share orthogonal to every read subspace
         */
        public Decomposition {
            factorShares = factorShares.clone();
        }

        /** {@return the share in each factor's read subspace, a copy} */
        @Override
        public double[] factorShares() {
            return factorShares.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Decomposition d && Arrays.equals(factorShares, d.factorShares) && Double.compare(union, d.union) == 0
                    && Double.compare(outside, d.outside) == 0;
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(factorShares) + Double.hashCode(union)) + Double.hashCode(outside);
        }

        @Override
        public String toString() {
            return "Decomposition[factors=" + Arrays.toString(factorShares) + ", union=" + union + ", outside=" + outside + "]";
        }
    }

    /**
     * Splits a direction over the read subspaces ({@link Decomposition}).
     *
     * @param v a direction of length d, finite and not zero
     * @return its shares
     * @throws IllegalArgumentException if v has another length, is zero or is not finite
     */
    public Decomposition decompose(double[] v) {
        if (v.length != width) {
            throw new IllegalArgumentException("a direction of length " + v.length + ", expected d = " + width);
        }
        double norm2 = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("direction[" + i + "] = " + v[i] + " is not finite");
            }
            norm2 += v[i] * v[i];
        }
        if (norm2 == 0) {
            throw new IllegalArgumentException("the direction is zero");
        }
        DMatrixRMaj x = DMatrixRMaj.wrap(width, 1, v.clone());
        double[] shares = new double[bases.length];
        for (int f = 0; f < bases.length; f++) {
            shares[f] = Math.min(1, projectedSquare(bases[f], x) / norm2);
        }
        DMatrixRMaj union = unionBasis();
        DMatrixRMaj coefficients = new DMatrixRMaj(union.numCols, 1);
        CommonOps_DDRM.multTransA(union, x, coefficients);
        DMatrixRMaj residual = new DMatrixRMaj(width, 1);
        CommonOps_DDRM.mult(union, coefficients, residual);
        CommonOps_DDRM.subtract(x, residual, residual);
        double outside = Math.min(1, CommonOps_DDRM.dot(residual, residual) / norm2);
        return new Decomposition(shares, 1 - outside, outside);
    }

    /**
     * The principal angles between the span of some directions (the rows of a rank-r update, say) and a factor's read
     * subspace R<sub>f</sub>.
     *
     * @param directions m directions of length d (rows); their span's dimension is taken at {@link #RANK_TOLERANCE}
     * @param factor f
     * @return min(rank, r<sub>f</sub>) angles in radians, ascending
     * @throws IllegalArgumentException if a direction has another length or is not finite, or they span nothing
     */
    public double[] principalAngles(double[][] directions, int factor) {
        DMatrixRMaj m = new DMatrixRMaj(width, directions.length);
        for (int j = 0; j < directions.length; j++) {
            if (directions[j].length != width) {
                throw new IllegalArgumentException("direction " + j + " has length " + directions[j].length + ", expected d = " + width);
            }
            for (int i = 0; i < width; i++) {
                if (!Double.isFinite(directions[j][i])) {
                    throw new IllegalArgumentException("direction " + j + "[" + i + "] = " + directions[j][i] + " is not finite");
                }
                m.set(i, j, directions[j][i]);
            }
        }
        DMatrixRMaj q = orthonormalRange(m, RANK_TOLERANCE);
        if (q.numCols == 0) {
            throw new IllegalArgumentException("the directions span nothing: every one is zero");
        }
        return principalAngles(q, basis(factor, "principalAngles"));
    }

    /** ‖Qᵀx‖² for an orthonormal Q. */
    private static double projectedSquare(DMatrixRMaj q, DMatrixRMaj x) {
        DMatrixRMaj c = new DMatrixRMaj(q.numCols, 1);
        CommonOps_DDRM.multTransA(q, x, c);
        return CommonOps_DDRM.dot(c, c);
    }

    /** An orthonormal basis of R<sub>1</sub> + … + R<sub>F</sub> at {@link #UNION_TOLERANCE}. */
    private DMatrixRMaj unionBasis() {
        DMatrixRMaj all = concatenated(width, bases);
        return all.numCols == 0 ? all : orthonormalRange(all, UNION_TOLERANCE);
    }

    /** [Q<sub>1</sub> … Q<sub>F</sub>]: the bases side by side, {@code rows} rows. */
    private static DMatrixRMaj concatenated(int rows, DMatrixRMaj[] bases) {
        DMatrixRMaj all = new DMatrixRMaj(rows, Arrays.stream(bases).mapToInt(b -> b.numCols).sum());
        int at = 0;
        for (DMatrixRMaj b : bases) {
            CommonOps_DDRM.insert(b, all, 0, at);
            at += b.numCols;
        }
        return all;
    }

    private DMatrixRMaj basis(int factor, String what) {
        if (factor < 0 || factor >= bases.length) {
            throw new IllegalArgumentException(what + ": factor " + factor + " is out of range [0, " + bases.length + ")");
        }
        return bases[factor];
    }
}
