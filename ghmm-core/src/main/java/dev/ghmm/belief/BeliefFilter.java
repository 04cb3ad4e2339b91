package dev.ghmm.belief;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A belief ⟨⟨η| of one process, read symbol by symbol (eq. 2.3). Created by a process, starting at its initial
 * belief; mutable and for one thread; it owns its work arrays, so reading, sampling and writing into caller arrays
 * allocate nothing (only the conveniences returning a new array do).
 *
 * <p>Every probability it reports follows the rule of {@link Predictions}: round-off is exactly 0, a negative
 * prediction beyond round-off throws {@link NegativeProbabilityException}. A method that throws leaves the belief
 * as it was.
 *
 * <p>The <i>parts</i> of a belief are the beliefs of the process's parts, each normalised with its own |1⟩⟩: one
 * per factor of a factored process (the joint belief is their Kronecker product), one per component of a direct
 * sum (the joint belief is the block vector of the parts times their {@linkplain #partWeight weights}, the
 * posterior over components), and the belief itself for any other process.
 */
public interface BeliefFilter {

    /**
     * |𝒳|, the number of symbols.
     *
     * @return the alphabet size
     */
    int symbols();

    /**
     * The dimension S of the joint belief (Π<sub>f</sub> d<sub>f</sub> for a factored process).
     *
     * @return S
     */
    int dimension();

    /**
     * The number of symbols read since the last reset.
     *
     * @return the position t of the next symbol
     */
    int position();

    /** Returns to the process's initial belief ⟨⟨η(∅)| at position 0. */
    void reset();

    /**
     * Starts from the given joint belief at position 0. A factored process's filter accepts a product belief
     * only.
     *
     * @param belief ⟨⟨η|, length S, with ⟨⟨η|1⟩⟩ = 1
     * @throws IllegalArgumentException if the length is wrong, an entry is not finite, ⟨⟨η|1⟩⟩ is not 1 within
     *                                  round-off, or the filter cannot hold this belief
     */
    void reset(double[] belief);

    /**
     * Pr(x | η) = ⟨⟨η|T(x)|1⟩⟩ for every symbol x, written at {@code out[offset + x]}.
     *
     * @param out    (Output) the distribution
     * @param offset first index written; {@code out} holds |𝒳| entries from it
     * @throws NegativeProbabilityException if a prediction is negative beyond round-off
     */
    void nextSymbolDistribution(double[] out, int offset);

    /**
     * Pr(x | η) = ⟨⟨η|T(x)|1⟩⟩ for every symbol x, from index 0.
     *
     * @param out (Output) length ≥ |𝒳|
     * @throws NegativeProbabilityException if a prediction is negative beyond round-off
     */
    default void nextSymbolDistribution(double[] out) {
        nextSymbolDistribution(out, 0);
    }

    /**
     * H[X | η] = −Σ<sub>x</sub> Pr(x | η) ln Pr(x | η) in nats, the expected loss of an optimal predictor of the next
     * symbol (terms with Pr(x | η) = 0 contribute 0). Equal, to round-off, to the entropy of
     * {@link #nextSymbolDistribution}; a filter computes it from the structure of its process where it can (a
     * factored process by the chain rule over its factors, without the joint distribution), and a process with its
     * own structure (a noisy channel, say) brings a filter that does the same.
     *
     * @return the entropy in nats, ≥ 0 up to round-off
     * @throws NegativeProbabilityException if a prediction is negative beyond round-off
     */
    double nextSymbolEntropy();

    /**
     * Pr(x | η) = ⟨⟨η|T(x)|1⟩⟩.
     *
     * @param x the symbol
     * @return the probability, ≥ 0
     * @throws NegativeProbabilityException if it is negative beyond round-off
     */
    double probability(int x);

    /**
     * Reads x: the belief becomes ⟨⟨η|T(x)/⟨⟨η|T(x)|1⟩⟩ (eq. 2.3).
     *
     * @param x the symbol
     * @return Pr(x | η) &gt; 0 before the update
     * @throws ZeroProbabilityException     if Pr(x | η) is 0 (the word is impossible)
     * @throws NegativeProbabilityException if Pr(x | η) is negative beyond round-off
     */
    double update(int x);

    /**
     * Draws x from Pr(· | η) and reads it; {@link #lastProbability} then holds Pr(x | η). A process draws one
     * uniform double per factor (one for a process without factors).
     *
     * @param rng the generator (advanced)
     * @return the symbol drawn
     * @throws NegativeProbabilityException if a prediction on the way is negative beyond round-off
     */
    int sample(UniformRandomProvider rng);

    /**
     * Pr(x | η) of the last symbol read by {@link #update} or {@link #sample}; NaN-free, 1 after a reset.
     *
     * @return the probability of the last symbol
     */
    double lastProbability();

    /**
     * Writes the joint belief ⟨⟨η| (length S).
     *
     * @param out    (Output) the belief
     * @param offset first index written
     */
    void belief(double[] out, int offset);

    /**
     * The number of parts of the belief (see the class comment).
     *
     * @return at least 1
     */
    int parts();

    /**
     * The dimension of part p.
     *
     * @param part the part index
     * @return d<sub>p</sub>
     */
    int partDimension(int part);

    /**
     * Writes the belief of part p, normalised with its own |1⟩⟩ (zeros for a direct-sum component of weight 0).
     *
     * @param part   the part index
     * @param out    (Output) the belief
     * @param offset first index written
     */
    void part(int part, double[] out, int offset);

    /**
     * The weight of part p: 1 for a factor, the posterior Pr(k | w) for a direct-sum component.
     *
     * @param part the part index
     * @return the weight
     */
    double partWeight(int part);

    /**
     * The factor gap ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> of the joint belief and the product of its parts
     * (docs/math.md, "The factor gap"): 0 for a filter that keeps its belief as a product (a factored process, any
     * process without factors); positive where the factors' marginals lose information, as under a noisy channel over
     * the joint alphabet.
     *
     * @return the gap, ≥ 0
     */
    default double factorGap() {
        return 0.0;
    }

    /**
     * D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>) in nats, the information the product of the parts throws away (the total
     * correlation of the joint belief): 0 where {@link #factorGap} is 0; NaN where it is not and some factor is not an
     * HMM (its beliefs are then not probability vectors).
     *
     * @return the divergence, ≥ 0, or NaN
     */
    default double factorDivergence() {
        return 0.0;
    }

    /**
     * The joint belief in a new array (a convenience over {@link #belief(double[], int)}).
     *
     * @return ⟨⟨η|
     */
    default double[] belief() {
        double[] out = new double[dimension()];
        belief(out, 0);
        return out;
    }

    /**
     * Pr(· | η) in a new array (a convenience over {@link #nextSymbolDistribution(double[])}).
     *
     * @return the next-symbol distribution
     */
    default double[] nextSymbolDistribution() {
        double[] out = new double[symbols()];
        nextSymbolDistribution(out);
        return out;
    }

    /**
     * Reads a whole word from the current belief and returns ln Pr(w | η) = Σ<sub>t</sub> ln Pr(x<sub>t</sub> | η(x<sub>1:t−1</sub>)),
     * or −∞ when some symbol has probability 0 (the belief is then the one before that symbol).
     *
     * @param word the symbols
     * @return ln Pr(w | η)
     * @throws NegativeProbabilityException if a prediction on the way is negative beyond round-off
     */
    default double read(int... word) {
        double log = 0.0;
        try {
            for (int x : word) {
                log += Math.log(update(x));
            }
        } catch (ZeroProbabilityException impossible) {
            // update leaves the belief as it was: the one before the impossible symbol
            return Double.NEGATIVE_INFINITY;
        }
        return log;
    }
}
