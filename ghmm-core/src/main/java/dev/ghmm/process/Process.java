package dev.ghmm.process;

import dev.ghmm.Seeds;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FilterModel;
import dev.ghmm.belief.ZeroProbabilityException;
import java.util.Arrays;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.stream.Collectors;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A stochastic process over a finite alphabet with a finite-dimensional belief: a {@link Ghmm}, a direct sum
 * ({@link DirectSum}) or a factored process (in ghmm-factored). Every one assigns a word the probability
 * Pr(w) = ⟨⟨η(∅)|T(w)|1⟩⟩ (eq. 2.2) of an equivalent GHMM, its {@linkplain #joint() joint process}, but reads
 * words through its own {@link BeliefFilter}, which may keep the belief in parts and never form the joint.
 * Immutable and thread-safe; the derived operations below create a filter per call.
 */
public interface Process {

    /**
     * The name of a product of factors: the factors joined by {@code " x "}, a factor of several variants written
     * {@code {v0 | v1 | …}} (a coupled factor), and a factor that is itself a sum or a product in parentheses
     * ({@link #operand}): {@code "(A + B) x (C + D)"}.
     *
     * @param variantNames variantNames[f][k], the name of variant k of factor f
     * @return the product's name
     */
    static String productName(String[][] variantNames) {
        StringJoiner product = new StringJoiner(" x ");
        for (String[] variants : variantNames) {
            product.add(variants.length == 1 ? operand(variants[0])
                    : Arrays.stream(variants).map(Process::operand).collect(Collectors.joining(" | ", "{", "}")));
        }
        return product.toString();
    }

    /**
     * A name as an operand of {@code " x "}, {@code " + "} or {@code " | "}: in parentheses when it is itself a sum or
     * a product, so that {@code (A + B) x C} and {@code A + (B x C)} read differently.
     *
     * @param name a process name
     * @return the name, parenthesised if needed
     */
    static String operand(String name) {
        return name.contains(" x ") || name.contains(" + ") || name.contains(" | ") ? "(" + name + ")" : name;
    }

    /**
     * The name, for reports and files.
     *
     * @return the name
     */
    String name();

    /**
     * The alphabet 𝒳.
     *
     * @return the alphabet
     */
    Alphabet alphabet();

    /**
     * The dimension S of the joint belief.
     *
     * @return S
     */
    int states();

    /**
     * A new filter at the initial belief ⟨⟨η(∅)|; by default the filter of {@link #filterModel()}, one belief of the joint.
     *
     * @return the filter, for one thread
     */
    default BeliefFilter filter() {
        return filterModel().filter();
    }

    /**
     * What a filter of the joint process needs (its operators, |1⟩⟩, initial belief, and the blocks of a direct sum's
     * components): the description a factored process combines the variants of a factor from.
     *
     * @return the description, built once
     */
    FilterModel filterModel();

    /**
     * The equivalent GHMM on the joint state space, with the same word probabilities: for partition checks,
     * density matrices and everything that needs the operators T(x).
     *
     * @return the joint GHMM
     */
    Ghmm joint();

    /**
     * |1⟩⟩ of the joint belief, with ⟨⟨η|1⟩⟩ = 1 for every belief η (a copy); by default the {@linkplain #joint()
     * joint process's}.
     *
     * @return |1⟩⟩, length {@link #states()}
     */
    default double[] one() {
        return joint().one();
    }

    /**
     * |𝒳|.
     *
     * @return the number of symbols
     */
    default int symbols() {
        return alphabet().size();
    }

    /**
     * ln Pr(w), read symbol by symbol so that it neither underflows nor overflows; −∞ for an impossible word.
     *
     * @param word the word, as symbol indices
     * @return ln Pr(w)
     * @throws dev.ghmm.belief.NegativeProbabilityException if the process predicts a negative probability on the way
     */
    default double logProbability(int... word) {
        return filter().read(word);
    }

    /**
     * Pr(w) = ⟨⟨η(∅)|T(w)|1⟩⟩ (eq. 2.2); 0 for an impossible word.
     *
     * @param word the word, as symbol indices
     * @return Pr(w)
     */
    default double probability(int... word) {
        return Math.exp(logProbability(word));
    }

    /**
     * ⟨⟨η(w)|, the joint belief after the word (eq. 2.3), in a new array.
     *
     * @param word the word, as symbol indices
     * @return the belief after w
     * @throws ZeroProbabilityException if w is impossible, naming the position of its first impossible symbol
     */
    default double[] beliefAfter(int... word) {
        BeliefFilter filter = filter();
        for (int x : word) {
            filter.update(x);
        }
        return filter.belief();
    }

    /**
     * ⟨⟨η(w)| when w is possible, empty when some symbol of w has probability 0: {@link #beliefAfter} without the
     * exception, for exploring.
     *
     * @param word the word, as symbol indices
     * @return the belief after w, or empty
     */
    default Optional<double[]> findBeliefAfter(int... word) {
        BeliefFilter filter = filter();
        return filter.read(word) == Double.NEGATIVE_INFINITY ? Optional.empty() : Optional.of(filter.belief());
    }

    /**
     * A word of the given length drawn from the process: sequence 0 of the dataset with this seed ({@link Seeds}), the
     * tokens {@code Datasets.generate(process, outputs, 0, 1, length, seed, threads)} and {@code ghmm sample --seed}
     * give for it, whatever the outputs and threads. The same seed gives the same word.
     *
     * @param seed   the seed
     * @param length the length, ≥ 0
     * @return the word, as symbol indices ({@code alphabet().format(word)} prints it)
     */
    default int[] sample(long seed, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("length " + length + " < 0");
        }
        BeliefFilter filter = filter();
        UniformRandomProvider rng = Seeds.sequence(seed, 0);
        int[] word = new int[length];
        for (int t = 0; t < length; t++) {
            word[t] = filter.sample(rng);
        }
        return word;
    }

    /**
     * The beliefs along a word: row t is ⟨⟨η(x<sub>1:t</sub>)|, so row 0 is ⟨⟨η(∅)| and there are |w| + 1 rows.
     *
     * @param word the word, as symbol indices
     * @return the beliefs, in new arrays
     * @throws ZeroProbabilityException if w is impossible, naming the position of its first impossible symbol
     */
    default double[][] beliefs(int... word) {
        BeliefFilter filter = filter();
        double[][] rows = new double[word.length + 1][];
        rows[0] = filter.belief();
        for (int t = 0; t < word.length; t++) {
            filter.update(word[t]);
            rows[t + 1] = filter.belief();
        }
        return rows;
    }

    /**
     * Pr(· | η) for a joint belief η, in a new array.
     *
     * @param belief ⟨⟨η| with ⟨⟨η|1⟩⟩ = 1 (a product belief for a factored process)
     * @return the next-symbol distribution
     */
    default double[] nextSymbolDistribution(double[] belief) {
        BeliefFilter filter = filter();
        filter.reset(belief);
        return filter.nextSymbolDistribution();
    }
}
