package dev.ghmm;

/**
 * The tolerance of checks on numbers a user gives (matrices, vectors, weights, beliefs): 10<sup>−9</sup>, relative to
 * the scale of the quantity checked where it has one. Such numbers are typed or computed elsewhere with about ten
 * significant digits (0.333333333 for 1/3), so a row sum, T|1⟩⟩ = |1⟩⟩, a mixture weight sum, a product belief or a
 * density matrix's trace is accepted within it. Tolerances of algorithms (a null space, a merge grid, a numerical
 * rank) and the round-off rule of predictions ({@code dev.ghmm.belief.Predictions}) are stated where they are used.
 */
public final class Tolerances {
    /** Absolute (or relative to the checked quantity's scale) tolerance of checks on given numbers. */
    public static final double INPUT = 1e-9;

    private Tolerances() {
    }

    /**
     * Checks a tolerance argument.
     *
     * @param tolerance a tolerance
     * @return the tolerance
     * @throws IllegalArgumentException unless it is finite and ≥ 0
     */
    public static double require(double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance " + tolerance + " must be finite and >= 0");
        }
        return tolerance;
    }
}
