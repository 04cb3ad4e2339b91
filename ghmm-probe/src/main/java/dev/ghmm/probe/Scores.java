package dev.ghmm.probe;

import java.util.Arrays;
import java.util.List;

/**
 * How well a probe predicts a belief on a set of rows with weights w: per dimension j,
 * R²<sub>j</sub> = 1 − SSE<sub>j</sub>/SST<sub>j</sub> and RMSE<sub>j</sub> = √(SSE<sub>j</sub>/W), with
 * SSE<sub>j</sub> = Σ w (y<sub>j</sub> − ŷ<sub>j</sub>)², SST<sub>j</sub> = Σ w (y<sub>j</sub> − ȳ<sub>j</sub>)² about the
 * set's own weighted mean and W = Σ w; pooled over the belief's k dimensions, R² = 1 − Σ SSE/Σ SST (the fraction of
 * the belief's variance explained) and RMSE = √(Σ SSE/(kW)). A dimension that does not vary has R² NaN; a set without
 * rows has every value NaN.
 *
 * @param r2         R² per dimension
 * @param rmse       RMSE per dimension
 * @param pooledR2   R² pooled over the dimensions
 * @param pooledRmse RMSE pooled over the dimensions
 * @param rows       the rows of the set (after merging prefixes)
 * @param weight     W, their total weight
 */
public record Scores(double[] r2, double[] rmse, double pooledR2, double pooledRmse, long rows, double weight) {
    /**
     * Defensive copies.
     *
     * @param r2         R² per dimension
     * @param rmse       RMSE per dimension
     * @param pooledR2   pooled R²
     * @param pooledRmse pooled RMSE
     * @param rows       rows
     * @param weight     total weight
     */
    public Scores {
        r2 = r2.clone();
        rmse = rmse.clone();
    }

    /**
     * R² per dimension (a copy).
     *
     * @return R² per dimension
     */
    @Override
    public double[] r2() {
        return r2.clone();
    }

    /**
     * RMSE per dimension (a copy).
     *
     * @return RMSE per dimension
     */
    @Override
    public double[] rmse() {
        return rmse.clone();
    }

    /** Equal when every component is, R² and RMSE per dimension by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Scores s && Arrays.equals(r2, s.r2) && Arrays.equals(rmse, s.rmse)
                && List.of(pooledR2, pooledRmse, rows, weight).equals(List.of(s.pooledR2, s.pooledRmse, s.rows, s.weight));
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(r2) + Arrays.hashCode(rmse)) + List.of(pooledR2, pooledRmse, rows, weight).hashCode();
    }

    @Override
    public String toString() {
        return "Scores[R2=" + Arrays.toString(r2) + ", RMSE=" + Arrays.toString(rmse) + ", pooled R2=" + pooledR2 + ", pooled RMSE=" + pooledRmse
                + ", rows=" + rows + ", weight=" + weight + "]";
    }
}
