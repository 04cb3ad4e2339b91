package dev.ghmm.belief;

/**
 * The one rule for computed next-symbol probabilities p = Σ<sub>i</sub> η<sub>i</sub>e<sub>i</sub> with e = T(x)|1⟩⟩.
 * The entries of a belief computed in t steps carry absolute errors of up to about t·S·ε·‖η‖<sub>1</sub> (each step adds
 * the rounding of one application of T(x) and one division; a GHMM's neutral directions, such as Tom Quantum's
 * rotations, let them accumulate), and the dot product adds γ<sub>S</sub> ≈ S·ε relative to its terms; so p is known
 * to about b = {@link #ROUND_OFF}·S·ε·(t + 1)·‖η‖<sub>1</sub>·max<sub>i</sub>|e<sub>i</sub>|. Then:
 * <ul>
 * <li>p &gt; b: p is kept;</li>
 * <li>p &lt; −b: negative beyond round-off, an error ({@link NegativeProbabilityException});</li>
 * <li>|p| ≤ b: exactly 0, unless every term η<sub>i</sub>e<sub>i</sub> is ≥ 0 (as in an HMM), when no cancellation
 * happened and p is accurate to a few ε relative to itself, so a small positive p is kept.</li>
 * </ul>
 */
public final class Predictions {
    /** Margin on S·ε·(t + 1)·‖η‖<sub>1</sub>·max|e<sub>i</sub>| for the errors of earlier steps and of the dot product. */
    public static final double ROUND_OFF = 64;

    /** {@link #ROUND_OFF}·ε, a power of two, so multiplying by it is exact. */
    private static final double ROUND_OFF_EPSILON = ROUND_OFF * Math.ulp(1.0);

    private Predictions() {
    }

    /**
     * The bound b divided by max|e<sub>i</sub>|, shared by every symbol at one step: {@link #ROUND_OFF}·S·ε·(t + 1)·‖η‖<sub>1</sub>.
     *
     * @param n        S
     * @param position t, the number of symbols read
     * @param l1       ‖η‖<sub>1</sub>
     * @return the bound per unit of max|e<sub>i</sub>|
     */
    static double boundScale(int n, int position, double l1) {
        return ROUND_OFF_EPSILON * n * (position + 1.0) * l1;
    }

    /**
     * The rule applied to a computed p = Σ<sub>i</sub> η<sub>i</sub>e<sub>i</sub> with bound b: p when p &gt; b, else 0,
     * an exception, or p when no term is negative (see the class comment).
     *
     * @param p        the computed probability
     * @param bound    b
     * @param belief   ⟨⟨η|, length S from index 0
     * @param e        holds T(x)|1⟩⟩ at {@code e[eOffset .. eOffset+n)}
     * @param eOffset  first index of T(x)|1⟩⟩ in e
     * @param n        S
     * @param where    prefix of the exception message
     * @param position the number of symbols read, for the exception
     * @param symbol   x, for the exception
     * @return Pr(x | η) ≥ 0
     * @throws NegativeProbabilityException if p &lt; −b
     */
    static double resolve(double p, double bound, double[] belief, double[] e, int eOffset, int n, String where, int position, int symbol) {
        if (p > bound) {
            return p;
        }
        if (p < -bound) {
            throw new NegativeProbabilityException(where, position, symbol, p);
        }
        if (p > 0.0) {
            double magnitude = 0.0;
            for (int i = 0; i < n; i++) {
                magnitude += Math.abs(belief[i] * e[eOffset + i]);
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
     * @param from the index of the first weight in w
     * @param length how many weights
     * @return the index drawn (counted from {@code from}), −1 when no weight is positive
     */
    static int invert(double u, double[] w, int from, int length) {
        // branch-free: k counts the partial sums ≤ u, so it is the first index whose partial sum exceeds u (never a
        // zero weight, whose partial sum equals the previous one); a draw is not a predictable branch
        double acc = 0;
        int k = 0;
        for (int x = 0; x < length; x++) {
            acc += w[from + x];
            k += u >= acc ? 1 : 0;
        }
        if (k < length) {
            return k;
        }
        // u at or above the total by round-off: the last positive weight
        for (int x = length - 1; x >= 0; x--) {
            if (w[from + x] > 0) {
                return x;
            }
        }
        return -1;
    }
}
