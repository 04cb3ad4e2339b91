package dev.ghmm.probe;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * Weighted first and second moments of rows z = [x, y], accumulated a block at a time: the total weight W, the mean
 * μ = Σ w z / W and the centred co-moment C = Σ w (z − μ)(z − μ)ᵀ, so that Σ<sub>xx</sub> = C<sub>xx</sub>/W and
 * Σ<sub>xy</sub> = C<sub>xy</sub>/W are the normal equations of a least-squares fit with intercept. Each block is
 * centred on its own mean ({@link Block}) and merged with the pairwise rule C = C<sub>a</sub> + C<sub>b</sub> + (W<sub>a</sub>W<sub>b</sub>/W) δδᵀ
 * (δ = μ<sub>b</sub> − μ<sub>a</sub>; Chan, Golub and LeVeque), which keeps the cancellation of Σ w z zᵀ − W μμᵀ out.
 * Blocks may be computed on several threads; merged in the same order, they give the same bits. Memory is O(D²) for
 * D = dim z, whatever the number of rows. Also tracks each column's minimum.
 */
final class Moments {
    private final int dimension;
    private long rows;
    private double weight;
    private final double[] mean;
    private final DMatrixRMaj comoment;
    private final double[] min;
    /** The scratch of {@link #add}, made on first use. */
    private Block scratch;

    Moments(int dimension) {
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.comoment = new DMatrixRMaj(dimension, dimension);
        this.min = new double[dimension];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
    }

    int dimension() {
        return dimension;
    }

    /**
     * Adds {@code count} rows of {@code z} (row-major, {@code dimension} values each) with weights {@code w}; rows of
     * weight 0 count for nothing. The same as {@link Block#compute} then {@link #merge}.
     */
    void add(double[] z, double[] w, int count) {
        if (scratch == null) {
            scratch = new Block(dimension);
        }
        scratch.compute(z, w, count);
        merge(scratch);
    }

    /** Merges a block's moments in (the block is left as it was). */
    void merge(Block block) {
        if (block.rows == 0) {
            return;
        }
        double bw = block.weight;
        double total = weight + bw;
        double f = weight * bw / total;
        double[] cm = comoment.data;
        double[] g = block.gram;
        double[] bm = block.mean;
        int n = dimension;
        for (int i = 0; i < n; i++) {
            double fi = f * (bm[i] - mean[i]);
            int o = i * n;
            for (int j = 0; j < i; j++) {
                double v = g[o + j] + fi * (bm[j] - mean[j]);
                cm[o + j] += v;
                cm[j * n + i] += v;
            }
            cm[o + i] += g[o + i] + fi * (bm[i] - mean[i]);
        }
        for (int j = 0; j < n; j++) {
            mean[j] += (bw / total) * (bm[j] - mean[j]);
            min[j] = Math.min(min[j], block.min[j]);
        }
        weight = total;
        rows += block.rows;
    }

    long rows() {
        return rows;
    }

    double weight() {
        return weight;
    }

    double mean(int j) {
        return mean[j];
    }

    double[] mean() {
        return mean.clone();
    }

    double min(int j) {
        return min[j];
    }

    /** The co-moment C (not divided by W); the caller must not change it. */
    DMatrixRMaj comoment() {
        return comoment;
    }

    /** C[i, j]. */
    double comoment(int i, int j) {
        return comoment.data[i * dimension + j];
    }

    /**
     * One block's moments: its weight, mean, minima and the lower triangle of its centred co-moment
     * Σ w (z − μ<sub>b</sub>)(z − μ<sub>b</sub>)ᵀ. Scratch owned by one thread, reused block after block; O(D²) plus the
     * block's rows.
     */
    static final class Block {
        private final int dimension;
        private long rows;
        private double weight;
        private final double[] mean;
        private final double[] min;
        /** The lower triangle (j ≤ i) of the co-moment, row-major D × D; the upper part stays 0. */
        private final double[] gram;
        /** The used rows, centred and scaled by √w, row-major. */
        private double[] centred = new double[0];

        Block(int dimension) {
            this.dimension = dimension;
            this.mean = new double[dimension];
            this.min = new double[dimension];
            this.gram = new double[Math.multiplyExact(dimension, dimension)];
        }

        /** Computes the moments of {@code count} rows of {@code z} with weights {@code w}, replacing the last block's. */
        void compute(double[] z, double[] w, int count) {
            int n = dimension;
            Arrays.fill(mean, 0);
            Arrays.fill(min, Double.POSITIVE_INFINITY);
            double bw = 0;
            int used = 0;
            for (int r = 0; r < count; r++) {
                if (w[r] == 0) {
                    continue;
                }
                used++;
                bw += w[r];
                int o = r * n;
                for (int j = 0; j < n; j++) {
                    mean[j] += w[r] * z[o + j];
                    min[j] = Math.min(min[j], z[o + j]);
                }
            }
            rows = used;
            weight = bw;
            if (used == 0) {
                return;
            }
            for (int j = 0; j < n; j++) {
                mean[j] /= bw;
            }
            if (centred.length < used * n) {
                centred = new double[Math.multiplyExact(used, n)];
            }
            double[] c = centred;
            for (int r = 0, k = 0; r < count; r++) {
                if (w[r] == 0) {
                    continue;
                }
                double s = Math.sqrt(w[r]);
                int o = r * n;
                for (int j = 0; j < n; j++) {
                    c[k++] = s * (z[o + j] - mean[j]);
                }
            }
            for (int i = 0; i < n; i++) {
                Arrays.fill(gram, i * n, i * n + i + 1, 0);
            }
            lowerGram(c, used, n, gram);
        }

        /**
         * g[i, j] += Σ<sub>r</sub> c[r, i] c[r, j] for j ≤ i, c row-major with n columns. Four rows at a time, so each
         * load and store of g carries four multiply-adds, in an inner loop over contiguous j that C2 vectorises.
         */
        static void lowerGram(double[] c, int rows, int n, double[] g) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                int o0 = r * n;
                int o1 = o0 + n;
                int o2 = o1 + n;
                int o3 = o2 + n;
                for (int i = 0; i < n; i++) {
                    double a0 = c[o0 + i];
                    double a1 = c[o1 + i];
                    double a2 = c[o2 + i];
                    double a3 = c[o3 + i];
                    int gi = i * n;
                    for (int j = 0; j <= i; j++) {
                        g[gi + j] += a0 * c[o0 + j] + a1 * c[o1 + j] + a2 * c[o2 + j] + a3 * c[o3 + j];
                    }
                }
            }
            for (; r < rows; r++) {
                int o = r * n;
                for (int i = 0; i < n; i++) {
                    double a = c[o + i];
                    int gi = i * n;
                    for (int j = 0; j <= i; j++) {
                        g[gi + j] += a * c[o + j];
                    }
                }
            }
        }
    }
}
