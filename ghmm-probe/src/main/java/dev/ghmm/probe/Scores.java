package dev.ghmm.probe;

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
}
