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
    /** The side of the squares {@link #mirrorLower} copies: 64 × 64 doubles, 32 KiB, within L1. */
    private static final int MIRROR_TILE = 64;
    private final int dimension;
    private long rows;
    private double weight;
    private final double[] mean;
    private final DMatrixRMaj comoment;
    private final double[] min;
    /** Whether the upper triangle of {@link #comoment} is up to date: {@link #merge} adds to the lower one only. */
    private boolean symmetric = true;
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
        merge(block.rows, block.weight, block.mean, block.min, block.gram);
    }

    /** Merges the moments of other rows in ({@code other} is left as it was). */
    void merge(Moments other) {
        if (other.dimension != dimension) {
            throw new IllegalArgumentException("moments of dimension " + other.dimension + " merged into moments of dimension " + dimension);
        }
        merge(other.rows, other.weight, other.mean, other.min, other.comoment.data);
    }

    /** The pairwise update with the moments of other rows, whose co-moment's lower triangle is {@code lower}. */
    private synchronized void merge(long otherRows, double otherWeight, double[] otherMean, double[] otherMin, double[] lower) {
        if (otherRows == 0) {
            return;
        }
        double total = weight + otherWeight;
        double f = weight * otherWeight / total;
        double[] cm = comoment.data;
        int n = dimension;
        for (int i = 0; i < n; i++) {
            double fi = f * (otherMean[i] - mean[i]);
            int o = i * n;
            for (int j = 0; j <= i; j++) {
                cm[o + j] += lower[o + j] + fi * (otherMean[j] - mean[j]);
            }
        }
        symmetric = false;
        for (int j = 0; j < n; j++) {
            mean[j] += (otherWeight / total) * (otherMean[j] - mean[j]);
            min[j] = Math.min(min[j], otherMin[j]);
        }
        weight = total;
        rows += otherRows;
    }

    /** Forgets every row: the moments of none, as new. */
    synchronized void clear() {
        rows = 0;
        weight = 0;
        Arrays.fill(mean, 0);
        Arrays.fill(comoment.data, 0);
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        symmetric = true;
    }

    /**
     * Copies the strict lower triangle of the n × n row-major {@code a} onto the upper, a square of
     * {@link #MIRROR_TILE} at a time so that the strided writes stay in L1 (a column walk at D = 2060 misses the cache
     * at every entry).
     */
    static void mirrorLower(double[] a, int n) {
        for (int i0 = 0; i0 < n; i0 += MIRROR_TILE) {
            int i1 = Math.min(n, i0 + MIRROR_TILE);
            for (int j0 = 0; j0 <= i0; j0 += MIRROR_TILE) {
                int j1 = Math.min(n, j0 + MIRROR_TILE);
                for (int j = j0; j < j1; j++) {
                    int o = j * n;
                    for (int i = Math.max(i0, j + 1); i < i1; i++) {
                        a[o + i] = a[i * n + j];
                    }
                }
            }
        }
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

    /**
     * The co-moment C (not divided by W), symmetric; the caller must not change it, and it holds only until the next
     * merge (which updates the lower triangle alone).
     */
    synchronized DMatrixRMaj comoment() {
        if (!symmetric) {
            mirrorLower(comoment.data, dimension);
            symmetric = true;
        }
        return comoment;
    }

    /** C[i, j]. */
    synchronized double comoment(int i, int j) {
        return i >= j ? comoment.data[i * dimension + j] : comoment.data[j * dimension + i];
    }

    /**
     * One block's moments: its weight, mean, minima and the lower triangle of its centred co-moment
     * Σ w (z − μ<sub>b</sub>)(z − μ<sub>b</sub>)ᵀ. Scratch owned by one thread, reused block after block; O(D²) plus the
     * block's rows.
     */
    static final class Block {
        /**
         * Rows i of g per tile of {@link #lowerGram}: with {@link #TILE_COLUMNS}, 512 KiB of g, within a core's L2
         * (1.25 MiB on the Xeon of docs/performance.md), whatever D.
         */
        static final int TILE_ROWS = 64;
        /** Columns j of g per tile of {@link #lowerGram}: long contiguous runs for the vectorised inner loop. */
        static final int TILE_COLUMNS = 1024;
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
         * g[i, j] += Σ<sub>r</sub> c[r, i] c[r, j] for j ≤ i, c row-major with n columns, a tile of
         * {@link #TILE_ROWS} × {@link #TILE_COLUMNS} entries of g at a time (within L2 whatever n; the rows are read again
         * per tile).
         */
        static void lowerGram(double[] c, int rows, int n, double[] g) {
            lowerGram(c, rows, n, g, TILE_ROWS, TILE_COLUMNS);
        }

        /**
         * {@link #lowerGram(double[], int, int, double[])} with tiles of {@code tileRows} × {@code tileColumns}. In each
         * tile four rows of c at a time, so each load and store of g carries four fused multiply-adds, in an inner loop
         * over contiguous j that C2 vectorises. Every entry takes the same operations in the same order whatever the
         * tiles: g ← fma(c₃ᵢ, c₃ⱼ, fma(c₂ᵢ, c₂ⱼ, fma(c₁ᵢ, c₁ⱼ, fma(c₀ᵢ, c₀ⱼ, g)))) per group of four rows in order, then
         * g ← fma(cᵢ, cⱼ, g) for the remaining rows one by one.
         */
        static void lowerGram(double[] c, int rows, int n, double[] g, int tileRows, int tileColumns) {
            for (int i0 = 0; i0 < n; i0 += tileRows) {
                int i1 = Math.min(n, i0 + tileRows);
                for (int j0 = 0; j0 < i1; j0 += tileColumns) {
                    int j1 = Math.min(i1, j0 + tileColumns);
                    int from = Math.max(i0, j0);
                    int r = 0;
                    for (; r + 4 <= rows; r += 4) {
                        int o0 = r * n;
                        int o1 = o0 + n;
                        int o2 = o1 + n;
                        int o3 = o2 + n;
                        for (int i = from; i < i1; i++) {
                            double a0 = c[o0 + i];
                            double a1 = c[o1 + i];
                            double a2 = c[o2 + i];
                            double a3 = c[o3 + i];
                            int gi = i * n;
                            int end = Math.min(j1, i + 1);
                            for (int j = j0; j < end; j++) {
                                g[gi + j] = Math.fma(a3, c[o3 + j], Math.fma(a2, c[o2 + j], Math.fma(a1, c[o1 + j], Math.fma(a0, c[o0 + j], g[gi + j]))));
                            }
                        }
                    }
                    for (; r < rows; r++) {
                        int o = r * n;
                        for (int i = from; i < i1; i++) {
                            double a = c[o + i];
                            int gi = i * n;
                            int end = Math.min(j1, i + 1);
                            for (int j = j0; j < end; j++) {
                                g[gi + j] = Math.fma(a, c[o + j], g[gi + j]);
                            }
                        }
                    }
                }
            }
        }
    }
}
