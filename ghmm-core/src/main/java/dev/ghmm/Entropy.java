package dev.ghmm;

/**
 * Shannon entropy H(p) = −Σ<sub>i</sub> p<sub>i</sub> log p<sub>i</sub> over the positive entries (0 log 0 = 0), in bits or
 * nats: the one definition every measure of ghmm uses (block entropies, entropy rates, statistical complexity, the
 * per-token loss of a dataset, von Neumann entropies from eigenvalues).
 */
public final class Entropy {
    /** The unit of an entropy: the base of its logarithm. */
    public enum Unit {
        /** log base 2. */
        BITS(Math.log(2)),
        /** natural log. */
        NATS(1.0);

        private final double lnBase;

        Unit(double lnBase) {
            this.lnBase = lnBase;
        }

        /**
         * Converts a value in nats to this unit.
         *
         * @param nats an information quantity in nats
         * @return the same quantity in this unit
         */
        public double fromNats(double nats) {
            return nats / lnBase;
        }
    }

    /** Bits of the mantissa that choose the sub-interval of {@link #ln}: 128 per binade. */
    private static final int MANTISSA_BITS = 7;
    /** The binades [2<sup>−b</sup>, 2<sup>1−b</sup>), b = 1 … 31, that {@link #ln} takes from its table. */
    private static final int BINADES = 31;
    /** A double's bits shifted right by this are its exponent and top mantissa bits: the key of its sub-interval. */
    private static final int SHIFT = 52 - MANTISSA_BITS;
    /** The key of 2<sup>−31</sup>, the first sub-interval of the table. */
    private static final int FIRST_KEY = (1023 - BINADES) << MANTISSA_BITS;
    /** Sub-intervals in the table: they cover [2<sup>−31</sup>, 1 + 2<sup>−7</sup>). */
    private static final int INTERVALS = (BINADES << MANTISSA_BITS) + 1;
    /**
     * The length of {@link #TABLE}: a power of two at least 2·{@link #INTERVALS} (else its initialisation fails), so
     * an index masked by TABLE_LENGTH − 2 needs no bounds check (measured: 2.3 against 2.5–3.4 ns a term).
     */
    private static final int TABLE_LENGTH = 8192;
    /**
     * Per sub-interval i, at 2i: 1/c<sub>i</sub> rounded, for its centre c<sub>i</sub> (1 for the two that touch 1);
     * at 2i + 1: −ln of that stored 1/c<sub>i</sub> by {@link StrictMath#log} (under 1 ulp). Side by side, so one
     * logarithm reads one cache line.
     */
    private static final double[] TABLE = new double[TABLE_LENGTH];

    static {
        for (int i = 0; i < INTERVALS; i++) {
            long lowBits = (long) (FIRST_KEY + i) << SHIFT;
            double low = Double.longBitsToDouble(lowBits);
            double high = Double.longBitsToDouble(lowBits + (1L << SHIFT));
            // both ends are multiples of the interval's width below 2^1, so their mean is exact
            double centre = high == 1.0 || low == 1.0 ? 1.0 : 0.5 * (low + high);
            TABLE[2 * i] = 1.0 / centre;
            TABLE[2 * i + 1] = 0.0 - StrictMath.log(TABLE[2 * i]);  // +0, not −0, where c = 1
        }
    }

    private Entropy() {
    }

    /**
     * −p ln p in nats, 0 for p ≤ 0 (and for NaN, which is not checked here).
     *
     * @param p a probability
     * @return its term of the entropy
     */
    public static double term(double p) {
        int i = interval(p);
        if (i < 0 || i >= INTERVALS) {
            return p > 0 ? -p * Math.log(p) : 0.0;
        }
        return -p * ln(p, i);
    }

    /**
     * ln p for p &gt; 0, within 7·10<sup>−16</sup> relative (0 exactly at p = 1), about three times as fast as
     * {@link Math#log} on independent arguments, where a loss floor takes dozens per token (docs/performance.md). For
     * p ∈ [2<sup>−31</sup>, 1 + 2<sup>−7</sup>), with c the centre of p's sub-interval (128 per binade; c = 1 for
     * [1 − 2<sup>−8</sup>, 1) and [1, 1 + 2<sup>−7</sup>)) and v = 1/c as stored: ln p = −ln v + log1p(r) with
     * r = pv − 1 rounded once (one fused multiply-add, exact when c = 1), and log1p(r) = r − r²/2 + … + r⁷/7. Every
     * other p (large, tiny, subnormal, ≤ 0, infinite or NaN) goes to {@link Math#log}.
     *
     * <p>The bound, with u = 2<sup>−53</sup>: |p/c − 1| ≤ 2<sup>−8</sup> (half the width of a sub-interval over its
     * low end; 2<sup>−7</sup> in [1, 1 + 2<sup>−7</sup>)), so |r| ≤ ρ = 2<sup>−8</sup>(1 + 2<sup>−43</sup>)
     * (2<sup>−7</sup>) and the series' remainder is below ρ<sup>8</sup>/(8(1 − ρ)), under 2·10<sup>−18</sup>
     * (2.3·10<sup>−16</sup>) of |log1p(r)|; rounding r and evaluating the polynomial add under 1.01u each, relative to
     * log1p(r). When c = 1 that is the result (the table gives 0), within 3.1u. Otherwise p &lt; 1 − 2<sup>−8</sup>,
     * so |ln p| &gt; 2<sup>−8</sup> ≥ |log1p(r)|/1.005 and the stored −ln v, off by under 2u of itself (under 1 ulp),
     * is at most 1.502|ln p| (the sub-interval below [1 − 2<sup>−8</sup>, 1) is the worst: −ln v ≈ 1.5·2<sup>−8</sup> at
     * ln p ≈ −2<sup>−8</sup>): 2u·1.502 + 2.02u·1.005 + u (the last addition) &lt; 6.1u = 6.8·10<sup>−16</sup> of
     * |ln p|. {@link Math#log} is within 1 ulp.
     *
     * @param p the argument
     * @return ln p
     */
    static double ln(double p) {
        int i = interval(p);
        return i < 0 || i >= INTERVALS ? Math.log(p) : ln(p, i);
    }

    /** The sub-interval of p in the table of {@link #ln}: in [0, {@link #INTERVALS}) if there is one. */
    private static int interval(double p) {
        return (int) (Double.doubleToRawLongBits(p) >>> SHIFT) - FIRST_KEY;
    }

    /** ln p for p in sub-interval i of the table (see {@link #ln(double)}). */
    private static double ln(double p, int i) {
        int at = (i << 1) & (TABLE_LENGTH - 2);
        double r = Math.fma(p, TABLE[at], -1.0);
        double r2 = r * r;
        // −1/2 + r/3 − r²/4 + r³/5 − r⁴/6 + r⁵/7 by Estrin's scheme: independent pairs, fewer dependent steps than
        // Horner's
        double pairs = Math.fma(r2, Math.fma(r, 1.0 / 7, -1.0 / 6), Math.fma(r, 0.2, -0.25));
        double tail = Math.fma(r2, pairs, Math.fma(r, 1.0 / 3, -0.5));
        return TABLE[at + 1] + Math.fma(r2, tail, r);
    }

    /**
     * H in nats of the entries p[from … from + n), entries ≤ 0 contributing 0, the terms −p ln p summed in index order:
     * the entropy of one of a factored process's conditional distributions, as the loss floor's chain rule takes them.
     *
     * @param p    the probabilities
     * @param from the first
     * @param n    how many
     * @return the entropy in nats
     */
    public static double of(double[] p, int from, int n) {
        // written out for n ≤ 4 (a factor's alphabet), where a loop costs more in set-up than in work: 2.9 against
        // 3.4 ns a term
        switch (n) {
            case 2 -> {
                return term(p[from]) + term(p[from + 1]);
            }
            case 3 -> {
                return term(p[from]) + term(p[from + 1]) + term(p[from + 2]);
            }
            case 4 -> {
                return term(p[from]) + term(p[from + 1]) + term(p[from + 2]) + term(p[from + 3]);
            }
            default -> {
                // the loop below
            }
        }
        double h = 0.0;
        for (int i = from; i < from + n; i++) {
            h += term(p[i]);
        }
        return h;
    }

    /**
     * H(p) of a distribution, in the given unit; entries ≤ 0 contribute 0. The entries are used as given (they should sum
     * to 1).
     *
     * @param p    the probabilities
     * @param unit bits or nats
     * @return the entropy
     */
    public static double of(double[] p, Unit unit) {
        double h = 0.0;
        for (double v : p) {
            h += term(v);
        }
        return unit.fromNats(h);
    }
}
