package dev.ghmm.belief;

/**
 * Thrown when a belief is updated on a symbol of probability zero: eq. 2.3 divides by
 * ⟨⟨η|T(x)|1⟩⟩ = 0 and no predictive vector exists.
 */
public final class ZeroProbabilityException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The symbol index. */
    private final int symbol;
    /** The position in the word, or −1. */
    private final int position;
    /** The computed probability. */
    private final double probability;

    /**
     * The arguments in the order of {@link NegativeProbabilityException}'s: position, symbol, probability.
     *
     * @param position    the position of x in its word, or −1 for a single update
     * @param symbol      the symbol index x
     * @param probability the computed ⟨⟨η|T(x)|1⟩⟩ (zero, or negative round-off)
     */
    public ZeroProbabilityException(int position, int symbol, double probability) {
        super("symbol " + symbol + (position >= 0 ? " at position " + position : "")
                + " has probability " + probability + " given the belief: the belief cannot be updated on it (eq. 2.3)");
        this.symbol = symbol;
        this.position = position;
        this.probability = probability;
    }

    /** {@return the symbol index} */
    public int symbol() {
        return symbol;
    }

    /** {@return the position in the word, or −1} */
    public int position() {
        return position;
    }

    /** {@return the computed probability} */
    public double probability() {
        return probability;
    }
}
