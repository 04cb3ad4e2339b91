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
