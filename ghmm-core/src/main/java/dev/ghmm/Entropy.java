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

    private Entropy() {
    }

    /**
     * −p ln p in nats, 0 for p ≤ 0.
     *
     * @param p a probability
     * @return its term of the entropy
     */
    public static double term(double p) {
        return p > 0 ? -p * Math.log(p) : 0.0;
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
