package dev.ghmm.probe;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Weighted first and second moments of rows z = [x, y], accumulated a block at a time: the total weight W, the mean
 * μ = Σ w z / W and the centred co-moment C = Σ w (z − μ)(z − μ)ᵀ, so that Σ<sub>xx</sub> = C<sub>xx</sub>/W and
 * Σ<sub>xy</sub> = C<sub>xy</sub>/W are the normal equations of a least-squares fit with intercept. Each block is
 * centred on its own mean and merged with the pairwise rule C = C<sub>a</sub> + C<sub>b</sub> + (W<sub>a</sub>W<sub>b</sub>/W) δδᵀ
 * (δ = μ<sub>b</sub> − μ<sub>a</sub>; Chan, Golub and LeVeque), which keeps the cancellation of Σ w z zᵀ − W μμᵀ out.
 * Memory is O(D²) for D = dim z, whatever the number of rows. Also tracks each column's minimum.
 */
final class Moments {
    private final int dimension;
    private long rows;
    private double weight;
    private final double[] mean;
    private final DMatrixRMaj comoment;
    private final double[] min;
    /** Block scratch: centred, √w-scaled rows, and the block's co-moment. */
    private final DMatrixRMaj centred = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj blockComoment;
    private final double[] blockMean;

    Moments(int dimension) {
        this.dimension = dimension;
        this.mean = new double[dimension];
        this.comoment = new DMatrixRMaj(dimension, dimension);
        this.blockComoment = new DMatrixRMaj(dimension, dimension);
        this.blockMean = new double[dimension];
        this.min = new double[dimension];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
    }

    int dimension() {
        return dimension;
    }

    /**
     * Adds {@code count} rows of {@code z} (row-major, {@code dimension} values each) with weights {@code w}; rows of
     * weight 0 count for nothing.
     */
    void add(double[] z, double[] w, int count) {
        double bw = 0;
        Arrays.fill(blockMean, 0);
        int used = 0;
        for (int r = 0; r < count; r++) {
            if (w[r] == 0) {
                continue;
            }
            used++;
            bw += w[r];
            int o = r * dimension;
            for (int j = 0; j < dimension; j++) {
                blockMean[j] += w[r] * z[o + j];
                min[j] = Math.min(min[j], z[o + j]);
            }
        }
        if (used == 0) {
            return;
        }
        for (int j = 0; j < dimension; j++) {
            blockMean[j] /= bw;
        }
        centred.reshape(used, dimension);
        double[] c = centred.data;
        for (int r = 0, k = 0; r < count; r++) {
            if (w[r] == 0) {
                continue;
            }
            double s = Math.sqrt(w[r]);
            int o = r * dimension;
            for (int j = 0; j < dimension; j++) {
                c[k++] = s * (z[o + j] - blockMean[j]);
            }
        }
        CommonOps_DDRM.multInner(centred, blockComoment);
        double total = weight + bw;
        double f = weight * bw / total;
        double[] cm = comoment.data;
        double[] bm = blockComoment.data;
        for (int i = 0; i < dimension; i++) {
            double di = blockMean[i] - mean[i];
            int o = i * dimension;
            for (int j = 0; j < dimension; j++) {
                cm[o + j] += bm[o + j] + f * di * (blockMean[j] - mean[j]);
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] += (bw / total) * (blockMean[j] - mean[j]);
        }
        weight = total;
        rows += used;
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
}
