package dev.ghmm.belief;

/**
 * The one rule for computed next-symbol probabilities p = Σ<sub>i</sub> η<sub>i</sub>e<sub>i</sub> with
 * e = T(x)|1⟩⟩. The rounding error of a dot product of length S is at most γ<sub>S</sub>Σ|η<sub>i</sub>e<sub>i</sub>|
 * with γ<sub>S</sub> ≈ S·ε, and the belief itself carries the error of earlier steps; {@link #ROUND_OFF} gives
 * that bound a margin. Within the bound p is exactly 0; below it p is an error; above it p is kept.
 */
public final class Predictions {
    /** Margin on S·ε·Σ|η<sub>i</sub>e<sub>i</sub>|: a computed |p| up to this multiple of it is round-off. */
    public static final double ROUND_OFF = 64;

    private Predictions() {
    }

    /**
     * Pr(x | η) = ⟨⟨η|e⟩⟩ under the rule: exactly 0 within round-off, the computed value above it.
     *
     * @param belief   ⟨⟨η|, read from {@code belief[offset .. offset+e.length)}
     * @param offset   first index of the belief
     * @param e        T(x)|1⟩⟩
     * @param l1       Σ|η<sub>i</sub>| (an upper bound on it will do), so that the exact bound is computed only for
     *                 values near 0
     * @param maxAbs   max<sub>i</sub>|e<sub>i</sub>|
     * @param where    prefix of the exception message
     * @param position the number of symbols read, for the exception
     * @param symbol   x, for the exception
     * @return Pr(x | η) ≥ 0
     * @throws NegativeProbabilityException if p is negative beyond round-off
     */
    static double resolve(double[] belief, int offset, double[] e, double l1, double maxAbs, String where, int position,
                          int symbol) {
        int n = e.length;
        double p = 0.0;
        for (int i = 0; i < n; i++) {
            p += belief[offset + i] * e[i];
        }
        double scale = ROUND_OFF * n * Math.ulp(1.0);
        if (p > scale * l1 * maxAbs) {
            return p;
        }
        double magnitude = 0.0;
        for (int i = 0; i < n; i++) {
            magnitude += Math.abs(belief[offset + i] * e[i]);
        }
        if (Math.abs(p) <= scale * magnitude) {
            return 0.0;
        }
        if (p < 0) {
            throw new NegativeProbabilityException(where, position, symbol, p);
        }
        return p;
    }

    /**
     * Σ<sub>i</sub>|v<sub>i</sub>| over {@code v[offset .. offset+n)}.
     */
    static double l1(double[] v, int offset, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(v[offset + i]);
        }
        return s;
    }

    /**
     * The smallest k with u &lt; Σ<sub>j≤k</sub> w<sub>j</sub> among positive weights (inversion of a discrete
     * distribution); the last positive weight when round-off leaves u at the total.
     *
     * @param u uniform in [0, Σ w)
     * @param w the weights, ≥ 0
     * @param length how many weights
     * @return the index drawn, −1 when no weight is positive
     */
    public static int invert(double u, double[] w, int length) {
        double acc = 0;
        int last = -1;
        for (int k = 0; k < length; k++) {
            if (w[k] > 0) {
                acc += w[k];
                last = k;
                if (u < acc) {
                    return k;
                }
            }
        }
        return last;
    }
}
