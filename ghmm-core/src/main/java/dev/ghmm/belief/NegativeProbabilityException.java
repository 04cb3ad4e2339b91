package dev.ghmm.belief;

/**
 * Thrown when a process predicts a probability below zero beyond round-off (see {@link Predictions}): no valid
 * GHMM does that from a reachable belief, so the process or its initial belief is invalid. The command line
 * reports it with exit code 2.
 */
public final class NegativeProbabilityException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The number of symbols read before the prediction. */
    private final int position;
    /** The symbol index. */
    private final int symbol;
    /** The computed probability. */
    private final double probability;

    /**
     * @param where       what predicted it ("" for a whole process, "factor 2: " for a factor)
     * @param position    the number of symbols read before the prediction
     * @param symbol      the symbol index
     * @param probability the computed ⟨⟨η|T(x)|1⟩⟩
     */
    public NegativeProbabilityException(String where, int position, int symbol, double probability) {
        super(where + "symbol " + symbol + " has predicted probability " + probability + " < 0 at position " + position
                + ": the process is not a valid GHMM from this belief");
        this.position = position;
        this.symbol = symbol;
        this.probability = probability;
    }

    /**
     * The number of symbols read before the negative prediction (0 for the initial belief).
     *
     * @return the position
     */
    public int position() {
        return position;
    }

    /**
     * The symbol whose probability is negative.
     *
     * @return the symbol index
     */
    public int symbol() {
        return symbol;
    }

    /**
     * The computed, negative probability.
     *
     * @return the probability
     */
    public double probability() {
        return probability;
    }
}
