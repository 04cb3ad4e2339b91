package dev.ghmm.probe;

import java.util.Arrays;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * How much two subspaces of ℝ<sup>d</sup> overlap, against chance. Each subspace is an orthonormal basis ordered by
 * importance (rows a<sub>1</sub>, a<sub>2</sub>, … largest variance first, e.g. principal directions), and its
 * leading k-dimensional part is compared:
 * <blockquote>
 * O(k) = ‖A<sub>k</sub>B<sub>k</sub>ᵀ‖<sub>F</sub>² / k = (1/k) Σ<sub>i,j ≤ k</sub> (a<sub>i</sub>·b<sub>j</sub>)²,
 * </blockquote>
 * the mean squared cosine of the principal angles between the two k-dimensional subspaces: 0 when they are orthogonal,
 * 1 when they coincide. The variance-weighted variant, with the variances σ<sub>i</sub> of A's directions and
 * τ<sub>j</sub> of B's, is the cosine between the two covariances restricted to their first k directions,
 * <blockquote>
 * O<sub>w</sub>(k) = Σ<sub>i,j ≤ k</sub> σ<sub>i</sub>τ<sub>j</sub>(a<sub>i</sub>·b<sub>j</sub>)² / (‖σ<sub>≤k</sub>‖ ‖τ<sub>≤k</sub>‖)
 * = tr(Σ<sub>A</sub>Σ<sub>B</sub>) / (‖Σ<sub>A</sub>‖<sub>F</sub>‖Σ<sub>B</sub>‖<sub>F</sub>) ∈ [0, 1],
 * </blockquote>
 * which is O(k) when every variance is equal. Chance is two independent uniformly random k-dimensional subspaces of
 * ℝ<sup>d</sup>: E[(a·b)²] = 1/d for independent uniform unit vectors, so E O(k) = k/d exactly; its 5th and 95th
 * percentiles come from a seeded Monte Carlo ({@link #chance}).
 */
public final class SubspaceOverlap {
    private SubspaceOverlap() {
    }

    /**
     * O(k) for k = 1 … min(rows of a, rows of b).
     *
     * @param a orthonormal rows of length d, most important first
     * @param b orthonormal rows of the same length
     * @return the curve O(1), …, O(K)
     * @throws IllegalArgumentException if the rows differ in length
     */
    public static double[] overlap(double[][] a, double[][] b) {
        return weightedOverlap(a, ones(a.length), b, ones(b.length));
    }

    /**
     * O<sub>w</sub>(k) for k = 1 … min(rows of a, rows of b).
     *
     * @param a orthonormal rows of length d, most important first
     * @param sigma the variance along each row of a, nonnegative
     * @param b orthonormal rows of the same length
     * @param tau the variance along each row of b, nonnegative
     * @return the curve O<sub>w</sub>(1), …, O<sub>w</sub>(K); 0 where either side has no variance
     * @throws IllegalArgumentException if the rows differ in length or a variance is negative or missing
     */
    public static double[] weightedOverlap(double[][] a, double[] sigma, double[][] b, double[] tau) {
        checkWeights("sigma", sigma, a.length);
        checkWeights("tau", tau, b.length);
        int k = Math.min(a.length, b.length);
        double[][] cos2 = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (a[i].length != b[j].length) {
                    throw new IllegalArgumentException("row " + i + " has length " + a[i].length + " but row " + j + " of the other basis "
                            + b[j].length);
                }
                double dot = 0;
                for (int x = 0; x < a[i].length; x++) {
                    dot += a[i][x] * b[j][x];
                }
                cos2[i][j] = dot * dot;
            }
        }
        double[] curve = new double[k];
        double cross = 0;
        double sa = 0;
        double sb = 0;
        for (int m = 0; m < k; m++) {
            // the new row m and column m of the k×k block
            for (int j = 0; j <= m; j++) {
                cross += sigma[m] * tau[j] * cos2[m][j];
                if (j < m) {
                    cross += sigma[j] * tau[m] * cos2[j][m];
                }
            }
            sa += sigma[m] * sigma[m];
            sb += tau[m] * tau[m];
            curve[m] = sa > 0 && sb > 0 ? Math.min(1, cross / Math.sqrt(sa * sb)) : 0;
        }
        return curve;
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        Arrays.fill(w, 1);
        return w;
    }

    private static void checkWeights(String name, double[] w, int rows) {
        if (w.length != rows) {
            throw new IllegalArgumentException(name + " has " + w.length + " variances for " + rows + " directions");
        }
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] = " + w[i] + " is not a finite variance >= 0");
            }
        }
    }

    /**
     * The overlap of two random subspaces, k = 1 … K: its exact mean k/d and Monte Carlo percentiles.
     *
     * @param mean k/d
     * @param p5 the 5th percentile of O(k) over the samples (numpy's default, linear interpolation)
     * @param p95 the 95th percentile
     */
    public record Chance(double[] mean, double[] p5, double[] p95) {
        /**
         * Copies the arrays.
         *
         * @param mean k/d
         * @param p5 the 5th percentiles
         * @param p95 the 95th percentiles
         */
        public Chance {
            mean = mean.clone();
            p5 = p5.clone();
            p95 = p95.clone();
        }

        /** {@return k/d for k = 1 … K, a copy} */
        @Override
        public double[] mean() {
            return mean.clone();
        }

        /** {@return the 5th percentiles, a copy} */
        @Override
        public double[] p5() {
            return p5.clone();
        }

        /** {@return the 95th percentiles, a copy} */
        @Override
        public double[] p95() {
            return p95.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Chance c && Arrays.equals(mean, c.mean) && Arrays.equals(p5, c.p5) && Arrays.equals(p95, c.p95);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * Arrays.hashCode(mean) + Arrays.hashCode(p5)) + Arrays.hashCode(p95);
        }

        @Override
        public String toString() {
            return "Chance[K=" + mean.length + ", mean=" + Arrays.toString(mean) + "]";
        }
    }

    /**
     * O(k) of two independent uniformly random k-dimensional subspaces of ℝ<sup>d</sup>, k = 1 … K. Each sample draws
     * two random frames (QR of standard normal vectors, so their leading k rows span uniform k-dimensional subspaces for
     * every k at once) from a generator seeded with {@code seed}: the same seed gives the same band.
     *
     * @param d the dimension of the space, d ≥ 1
     * @param maxK K, 1 ≤ K ≤ d
     * @param samples Monte Carlo pairs, ≥ 2
     * @param seed the seed
     * @return mean k/d and the 5th and 95th percentiles
     * @throws IllegalArgumentException if K is outside [1, d] or samples &lt; 2
     */
    public static Chance chance(int d, int maxK, int samples, long seed) {
        if (d < 1 || maxK < 1 || maxK > d) {
            throw new IllegalArgumentException("K = " + maxK + " is outside [1, d = " + d + "]");
        }
        if (samples < 2) {
            throw new IllegalArgumentException("samples = " + samples + " < 2");
        }
        UniformRandomProvider rng = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        ZigguratSampler.NormalizedGaussian gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        double[][] values = new double[maxK][samples];
        for (int s = 0; s < samples; s++) {
            double[] curve = overlap(randomFrame(d, maxK, gaussian), randomFrame(d, maxK, gaussian));
            for (int k = 0; k < maxK; k++) {
                values[k][s] = curve[k];
            }
        }
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        double[] mean = new double[maxK];
        double[] p5 = new double[maxK];
        double[] p95 = new double[maxK];
        for (int k = 0; k < maxK; k++) {
            mean[k] = (k + 1) / (double) d;
            percentile.setData(values[k]);
            p5[k] = percentile.evaluate(5);
            p95[k] = percentile.evaluate(95);
        }
        return new Chance(mean, p5, p95);
    }

    /**
     * K orthonormal rows in ℝ<sup>d</sup> whose leading k span a uniformly random k-dimensional subspace for every k:
     * the QR decomposition of K standard normal vectors (the first k columns of Q span the first k vectors).
     */
    private static double[][] randomFrame(int d, int k, ZigguratSampler.NormalizedGaussian gaussian) {
        DMatrixRMaj g = new DMatrixRMaj(d, k);
        for (int i = 0; i < k; i++) {
            for (int x = 0; x < d; x++) {
                g.set(x, i, gaussian.sample());
            }
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(d, k);
        if (!qr.decompose(g)) {
            throw new IllegalStateException("the QR decomposition of a random frame failed");
        }
        DMatrixRMaj q = qr.getQ(null, true);
        double[][] frame = new double[k][d];
        for (int i = 0; i < k; i++) {
            for (int x = 0; x < d; x++) {
                frame[i][x] = q.get(x, i);
            }
        }
        return frame;
    }
}
