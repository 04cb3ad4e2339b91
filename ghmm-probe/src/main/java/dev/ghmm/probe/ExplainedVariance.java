package dev.ghmm.probe;

import java.util.Arrays;

/**
 * The cumulative explained variance (CEV) of a covariance spectrum λ<sub>1</sub> ≥ … ≥ λ<sub>n</sub> ≥ 0:
 * <blockquote>
 * CEV(k) = (λ<sub>1</sub> + … + λ<sub>k</sub>) / (λ<sub>1</sub> + … + λ<sub>n</sub>),   NC@p = min { k : CEV(k) ≥ p },
 * </blockquote>
 * the share of the total variance the first k principal components carry, and the number of components that carry a
 * share p of it (the paper's NC@90 and NC@95). Applied to the activations and, as baselines, to the concatenated factor
 * beliefs (the factored hypothesis: Σ(d<sub>f</sub> − 1) non-zero eigenvalues at most) and to the joint belief
 * (Π d<sub>f</sub> − 1). Immutable.
 */
public final class ExplainedVariance {
    /** Eigenvalues below this multiple of the largest (in absolute value) are round-off: taken as 0 when negative. */
    public static final double ROUND_OFF = 1e-9;

    private final double[] spectrum;
    private final double[] cumulative;

    private ExplainedVariance(double[] spectrum) {
        this.spectrum = spectrum;
        this.cumulative = new double[spectrum.length + 1];
        double total = 0;
        for (double v : spectrum) {
            total += v;
        }
        double sum = 0;
        for (int k = 1; k <= spectrum.length; k++) {
            sum += spectrum[k - 1];
            cumulative[k] = total > 0 ? Math.min(1, sum / total) : 1;
        }
        if (spectrum.length > 0) {
            cumulative[spectrum.length] = 1;
        }
    }

    /**
     * The CEV of the eigenvalues of a covariance, in any order.
     *
     * @param eigenvalues finite; negatives only as round-off (above −{@link #ROUND_OFF} times the largest magnitude)
     * @return the explained variance of the spectrum sorted largest first, round-off negatives as 0
     * @throws IllegalArgumentException naming the index of a value that is not finite or is clearly negative
     */
    public static ExplainedVariance of(double[] eigenvalues) {
        double max = 0;
        for (int i = 0; i < eigenvalues.length; i++) {
            if (!Double.isFinite(eigenvalues[i])) {
                throw new IllegalArgumentException("eigenvalue " + i + " = " + eigenvalues[i] + " is not finite");
            }
            max = Math.max(max, Math.abs(eigenvalues[i]));
        }
        double[] s = new double[eigenvalues.length];
        for (int i = 0; i < s.length; i++) {
            if (eigenvalues[i] < -ROUND_OFF * max) {
                throw new IllegalArgumentException("eigenvalue " + i + " = " + eigenvalues[i] + " < 0: not a covariance spectrum");
            }
            s[i] = Math.max(0, eigenvalues[i]);
        }
        Arrays.sort(s);
        for (int i = 0, j = s.length - 1; i < j; i++, j--) {
            double t = s[i];
            s[i] = s[j];
            s[j] = t;
        }
        return new ExplainedVariance(s);
    }

    /** {@return n, the number of eigenvalues} */
    public int size() {
        return spectrum.length;
    }

    /** {@return the eigenvalues, largest first} */
    public double[] spectrum() {
        return spectrum.clone();
    }

    /** {@return the total variance Σλ} */
    public double total() {
        double total = 0;
        for (double v : spectrum) {
            total += v;
        }
        return total;
    }

    /**
     * CEV(k).
     *
     * @param k components, 0 ≤ k ≤ n
     * @return the share of the variance of the first k components: 0 at k = 0, 1 at k = n (and for a spectrum of zeros
     *         at every k ≥ 1)
     * @throws IllegalArgumentException if k is out of range
     */
    public double cumulative(int k) {
        if (k < 0 || k > spectrum.length) {
            throw new IllegalArgumentException("k = " + k + " is out of range [0, " + spectrum.length + "]");
        }
        return cumulative[k];
    }

    /** {@return the curve CEV(1), …, CEV(n)} */
    public double[] curve() {
        return Arrays.copyOfRange(cumulative, 1, cumulative.length);
    }

    /**
     * NC@p: the fewest leading components whose CEV reaches p.
     *
     * @param p the share, 0 &lt; p ≤ 1
     * @return the smallest k ≥ 1 with CEV(k) ≥ p (n for p = 1 up to round-off in the sums)
     * @throws IllegalArgumentException if p is outside (0, 1] or the spectrum is empty
     */
    public int componentsFor(double p) {
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("share " + p + " is outside (0, 1]");
        }
        if (spectrum.length == 0) {
            throw new IllegalArgumentException("an empty spectrum has no components");
        }
        for (int k = 1; k <= spectrum.length; k++) {
            // a relative 1e-12 keeps the last component from being missed by round-off in the partial sums
            if (cumulative[k] >= p - 1e-12) {
                return k;
            }
        }
        return spectrum.length;
    }

    /**
     * Checks shares p of NC@p.
     *
     * @param shares the shares
     * @return the largest share
     * @throws IllegalArgumentException (one line) if there is none or one is outside (0, 1]
     */
    public static double largestLevel(double... shares) {
        if (shares.length == 0) {
            throw new IllegalArgumentException("no explained-variance level");
        }
        double largest = 0;
        for (double p : shares) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("explained-variance level " + p + " is outside (0, 1]");
            }
            largest = Math.max(largest, p);
        }
        return largest;
    }

    /**
     * NC@p at each of several shares, as {@link #componentsFor(double)}.
     *
     * @param shares the shares p, each in (0, 1]
     * @return NC@p per share, in their order
     * @throws IllegalArgumentException as {@link #componentsFor(double)}
     */
    public int[] componentsFor(double[] shares) {
        int[] n = new int[shares.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = componentsFor(shares[i]);
        }
        return n;
    }

    @Override
    public String toString() {
        return spectrum.length == 0 ? "ExplainedVariance[empty]"
                : "ExplainedVariance[n=" + spectrum.length + ", NC@0.9=" + componentsFor(0.9) + ", NC@0.95=" + componentsFor(0.95) + "]";
    }
}
