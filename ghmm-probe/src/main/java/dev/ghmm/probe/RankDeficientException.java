package dev.ghmm.probe;

/**
 * A design whose activation covariance is singular, refused without a ridge or an SVD cut-off.
 */
public final class RankDeficientException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    /** The numerical rank of Σ<sub>xx</sub>. */
    private final int rank;
    /** A ridge that makes the design solvable. */
    private final double suggestedRidge;

    RankDeficientException(String message, int rank, double suggestedRidge) {
        super(message);
        this.rank = rank;
        this.suggestedRidge = suggestedRidge;
    }

    /**
     * The numerical rank of the activation covariance, less than d.
     *
     * @return the rank
     */
    public int rank() {
        return rank;
    }

    /**
     * A ridge λ that makes the design solvable: 10<sup>−6</sup> of the mean activation variance.
     *
     * @return λ
     */
    public double suggestedRidge() {
        return suggestedRidge;
    }
}
