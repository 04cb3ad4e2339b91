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

    /** Bits of the mantissa that index the table of {@link #ln}: 512 sub-intervals. */
    private static final int TABLE_BITS = 9;
    /** The bit pattern of 0.6875 = 11/16: the reduced argument z of {@link #ln} lies in [0.6875, 1.375). */
    private static final long OFFSET = 0x3fe6000000000000L;
    /** ln 2 split so that k·LN2_HIGH is exact for every exponent k of a double. */
    private static final double LN2_HIGH = 0x1.62e42fefa3800p-1;
    private static final double LN2_LOW = 0x1.ef35793c76730p-45;
    /** Per sub-interval i of [0.6875, 1.375): 1/c<sub>i</sub> for its centre c<sub>i</sub> (1 for the two that touch 1). */
    private static final double[] INVERSE_CENTRE = new double[1 << TABLE_BITS];
    /** ln c<sub>i</sub> = −ln(1/c<sub>i</sub>) of the stored 1/c<sub>i</sub>, correctly rounded to within an ulp. */
    private static final double[] LN_CENTRE = new double[1 << TABLE_BITS];

    static {
        for (int i = 0; i < INVERSE_CENTRE.length; i++) {
            double low = Double.longBitsToDouble(OFFSET + ((long) i << (52 - TABLE_BITS)));
            double high = Double.longBitsToDouble(OFFSET + ((long) (i + 1) << (52 - TABLE_BITS)));
            // the two sub-intervals that touch 1 use c = 1, so that near 1 ln p = log1p(p − 1) keeps its relative accuracy
            double centre = low == 1.0 || high == 1.0 ? 1.0 : 0.5 * (low + high);
            INVERSE_CENTRE[i] = 1.0 / centre;
            LN_CENTRE[i] = -StrictMath.log(INVERSE_CENTRE[i]);
        }
    }

    private Entropy() {
    }

    /**
     * −p ln p in nats, 0 for p ≤ 0.
     *
     * @param p a probability
     * @return its term of the entropy
     */
    public static double term(double p) {
        return p > 0 ? -p * ln(p) : 0.0;
    }

    /**
     * ln p for p &gt; 0, within 5·10<sup>−16</sup> relative (about 2 ulp; 0 exactly at p = 1), about twice as fast as
     * {@link Math#log} where a loss floor takes dozens per token. With p = 2<sup>k</sup>z, z ∈ [0.6875, 1.375), and c the
     * centre of z's sub-interval (512 of them): ln p = k ln 2 + ln c + log1p(r) with r = z/c − 1 rounded once (one fused
     * multiply-add with the stored 1/c, whose own logarithm is tabulated), |r| ≤ 2<sup>−9</sup>, and
     * log1p(r) = r − r²/2 + r³/3 − … − r⁶/6, truncated below 2<sup>−56</sup>|r|. Subnormal, infinite and NaN p go to
     * {@link Math#log}.
     *
     * @param p the argument
     * @return ln p
     */
    static double ln(double p) {
        long bits = Double.doubleToRawLongBits(p);
        if (bits < 0x0010000000000000L || bits >= 0x7ff0000000000000L) {
            return Math.log(p);
        }
        long shifted = bits - OFFSET;
        int i = (int) (shifted >>> (52 - TABLE_BITS)) & ((1 << TABLE_BITS) - 1);
        long k = shifted >> 52;
        double z = Double.longBitsToDouble(bits - (shifted & (0xfffL << 52)));
        double r = Math.fma(z, INVERSE_CENTRE[i], -1.0);
        double r2 = r * r;
        // −1/2 + r/3 − r²/4 + r³/5 − r⁴/6 by Estrin's scheme: independent pairs, fewer dependent steps than Horner's
        double tail = (-0.5 + r * (1.0 / 3)) + r2 * ((-0.25 + r * 0.2) + r2 * (-1.0 / 6));
        return k * LN2_HIGH + LN_CENTRE[i] + (r + r2 * tail) + k * LN2_LOW;
    }

    /**
     * The terms −p ln p of many probabilities at once (a loss floor's few dozen per token), with work arrays of its
     * own: mutable, for one thread. For at least {@link #VECTOR_MINIMUM} entries in two passes: the exponent split
     * p = 2<sup>k</sup>z, z ∈ [√½, √2), of each p (bit operations, one at a time), then the logarithms and products,
     * arithmetic only over arrays indexed alike from 0, which the JIT runs several entries at a time: no table, so
     * ln z = 2 artanh s with f = z − 1 (exact) and s = f/(2 + f), |s| ≤ 0.172, as f − (f²/2 − s(f²/2 + R)),
     * R = Σ<sub>n=1…9</sub> 2s<sup>2n</sup>/(2n + 1) truncated below 2<sup>−58</sup>|s|, within 5·10<sup>−16</sup>
     * of ln p relative like {@link #ln}. 49 terms took 190 ns by it against 340 ns by {@link #term} (thread CPU time, a
     * loaded machine, docs/performance.md); below {@link #VECTOR_MINIMUM} entries, where the set-up of the vector
     * loop costs more than it saves, and for entries that are not normal positive doubles, the terms are {@link #term}'s.
     */
    public static final class Terms {
        /** The fewest entries taken in two passes. */
        static final int VECTOR_MINIMUM = 16;
        /** The bit pattern of √½ rounded down: the reduced argument z lies in [√½, √2). */
        private static final long SQRT_HALF = 0x3fe6a09e667f3bcdL;
        private static final long MIN_NORMAL_BITS = 0x0010000000000000L;
        private static final long INFINITY_BITS = 0x7ff0000000000000L;

        private final double[] exponents;
        private final double[] mantissas;
        private final double[] values;

        /**
         * Work arrays for up to {@code capacity} probabilities.
         *
         * @param capacity the most probabilities of one call of {@link #of}
         */
        public Terms(int capacity) {
            exponents = new double[capacity];
            mantissas = new double[capacity];
            values = new double[capacity];
        }

        /**
         * −p[i] ln p[i] for i &lt; n (0 for p[i] ≤ 0), in an array of this object's, overwritten by the next call.
         *
         * @param p the probabilities, from index 0
         * @param n how many, at most the capacity
         * @return the terms at [0, n)
         */
        public double[] of(double[] p, int n) {
            double[] t = values;
            if (n < VECTOR_MINIMUM) {
                for (int i = 0; i < n; i++) {
                    t[i] = term(p[i]);
                }
                return t;
            }
            double[] k = exponents;
            double[] z = mantissas;
            boolean abnormal = false;
            for (int i = 0; i < n; i++) {
                long bits = Double.doubleToRawLongBits(p[i]);
                long e = (bits - SQRT_HALF) >> 52;
                k[i] = e;
                z[i] = Double.longBitsToDouble(bits - (e << 52));
                // +0 splits into k = −1023, z = 1, so its term −0·ln 2^−1023 is +0, as term(0)
                abnormal |= !(isNormalPositive(bits) | bits == 0L);
            }
            // separate arrays, all indexed by i alone: an offset, or an array both read and written, here stops the
            // JIT's vectorisation (measured: 1.1 against 5 ns a term)
            for (int i = 0; i < n; i++) {
                t[i] = -p[i] * ln(k[i], z[i]);
            }
            if (abnormal) {
                // p < 0, −0, subnormal, infinite or NaN, whose split above means nothing: only those entries are redone
                for (int i = 0; i < n; i++) {
                    long bits = Double.doubleToRawLongBits(p[i]);
                    if (!(isNormalPositive(bits) | bits == 0L)) {
                        t[i] = term(p[i]);
                    }
                }
            }
            return t;
        }

        /** Whether the bits are those of a normal positive double (both comparisons evaluated: no branch). */
        private static boolean isNormalPositive(long bits) {
            return bits >= MIN_NORMAL_BITS & bits < INFINITY_BITS;
        }

        /** k ln 2 + ln z for z ∈ [√½, √2) (see the class comment). */
        private static double ln(double k, double z) {
            double f = z - 1.0;
            double s = f / (2.0 + f);
            double s2 = s * s;
            double r = 2.0 / 19;
            r = Math.fma(r, s2, 2.0 / 17);
            r = Math.fma(r, s2, 2.0 / 15);
            r = Math.fma(r, s2, 2.0 / 13);
            r = Math.fma(r, s2, 2.0 / 11);
            r = Math.fma(r, s2, 2.0 / 9);
            r = Math.fma(r, s2, 2.0 / 7);
            r = Math.fma(r, s2, 2.0 / 5);
            r = Math.fma(r, s2, 2.0 / 3);
            r *= s2;
            double halfSquare = 0.5 * f * f;
            return k * LN2_HIGH - ((halfSquare - (s * (halfSquare + r) + k * LN2_LOW)) - f);
        }
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
