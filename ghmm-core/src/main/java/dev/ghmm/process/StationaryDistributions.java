package dev.ghmm.process;

import java.util.Arrays;
import java.util.List;

/**
 * The stationary vectors of a process: left eigenvectors ⟨⟨π| of the net operator T with eigenvalue 1,
 * normalised so ⟨⟨π|1⟩⟩ = 1.
 *
 * <p>For an HMM there is exactly one stationary distribution per closed communicating class of the state
 * graph, supported on that class; {@code classes.get(k)} lists its states and {@code periods[k]} its period
 * (1 for an aperiodic class). For a GHMM with negative entries there are no classes: the vectors are a
 * basis of the left eigenvalue-1 eigenspace, and {@code classes} and {@code periods} are empty.
 *
 * @param distributions the stationary vectors, each of length S
 * @param classes       for an HMM the closed class of each distribution, else empty
 * @param periods       for an HMM the period of each closed class, else empty
 */
public record StationaryDistributions(List<double[]> distributions, List<int[]> classes, int[] periods) {

    /**
     * Defensive copies.
     *
     * @param distributions the stationary vectors
     * @param classes the closed classes
     * @param periods the periods of the classes
     */
    public StationaryDistributions {
        distributions = distributions.stream().map(double[]::clone).toList();
        classes = classes.stream().map(int[]::clone).toList();
        periods = periods.clone();
    }

    /**
     * The stationary vectors, each of length S (copies).
     *
     * @return the stationary vectors
     */
    @Override
    public List<double[]> distributions() {
        return distributions.stream().map(double[]::clone).toList();
    }

    /**
     * For an HMM the closed class of each distribution, else empty (copies).
     *
     * @return the classes
     */
    @Override
    public List<int[]> classes() {
        return classes.stream().map(int[]::clone).toList();
    }

    /**
     * For an HMM the period of each closed class, else empty (a copy).
     *
     * @return the periods
     */
    @Override
    public int[] periods() {
        return periods.clone();
    }

    /** Equal when the vectors, classes and periods are, by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof StationaryDistributions d && Arrays.deepEquals(distributions.toArray(), d.distributions.toArray())
                && Arrays.deepEquals(classes.toArray(), d.classes.toArray()) && Arrays.equals(periods, d.periods);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.deepHashCode(distributions.toArray()) + Arrays.deepHashCode(classes.toArray())) + Arrays.hashCode(periods);
    }

    @Override
    public String toString() {
        return "StationaryDistributions" + distributions.stream().map(Arrays::toString).toList() + ", classes "
                + classes.stream().map(Arrays::toString).toList() + ", periods " + Arrays.toString(periods);
    }

    /** {@return whether the stationary vector is unique} */
    public boolean isUnique() {
        return distributions.size() == 1;
    }

    /**
     * {@return whether closed class k is periodic (period &gt; 1)}
     *
     * @param k the index k
     */
    public boolean isPeriodic(int k) {
        return periods[k] > 1;
    }
}
