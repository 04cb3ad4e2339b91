package dev.ghmm.belief;

/**
 * The one rule for computed next-symbol probabilities p = Σ<sub>i</sub> η<sub>i</sub>e<sub>i</sub> with e = T(x)|1⟩⟩.
 * The entries of a computed belief carry absolute errors of order ε·‖η‖<sub>1</sub> from the steps that made it, and
 * the dot product adds γ<sub>S</sub> ≈ S·ε relative to its terms; so p is known to about
 * b = {@link #ROUND_OFF}·S·ε·‖η‖<sub>1</sub>·max<sub>i</sub>|e<sub>i</sub>|. Then:
 * <ul>
 * <li>p &gt; b: p is kept;</li>
 * <li>p &lt; −b: negative beyond round-off, an error ({@link NegativeProbabilityException});</li>
 * <li>|p| ≤ b: exactly 0, unless every term η<sub>i</sub>e<sub>i</sub> is ≥ 0 (as in an HMM), when no cancellation
 * happened and p is accurate to a few ε relative to itself, so a small positive p is kept.</li>
 * </ul>
 */
public final class Predictions {
    /** Margin on S·ε·‖η‖<sub>1</sub>·max|e<sub>i</sub>| for the errors of earlier steps and of the dot product. */
    public static final double ROUND_OFF = 64;

    private Predictions() {
    }

    /**
     * Pr(x | η) = ⟨⟨η|e⟩⟩ under the rule.
     *
     * @param belief   ⟨⟨η|, read from {@code belief[offset .. offset+e.length)}
     * @param offset   first index of the belief
     * @param e        T(x)|1⟩⟩
     * @param l1       ‖η‖<sub>1</sub> = Σ|η<sub>i</sub>|
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
        double bound = ROUND_OFF * n * Math.ulp(1.0) * l1 * maxAbs;
        if (p > bound) {
            return p;
        }
        if (p < -bound) {
            throw new NegativeProbabilityException(where, position, symbol, p);
        }
        if (p > 0.0) {
            double magnitude = 0.0;
            for (int i = 0; i < n; i++) {
                magnitude += Math.abs(belief[offset + i] * e[i]);
            }
            if (magnitude == p) {
                return p;
            }
        }
        return 0.0;
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
