package dev.ghmm.sampling;

import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.Predictions;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;

/**
 * Draws token sequences from a process. Immutable and thread-safe; every draw takes its generator.
 *
 * <p>Two paths. The hidden-state path, for a {@link Ghmm} that is an HMM with a probability vector as initial
 * belief, draws the hidden state and symbol jointly from per-state alias tables of Pr(x, s' | s) = T(x)<sub>ss'</sub>:
 * O(1) per token, no belief arithmetic. Every other process is read through its {@link BeliefFilter}, drawing each
 * symbol from the current belief (the path {@link Datasets} always takes, so its tokens do not depend on which
 * outputs are recorded). The two paths use the generator differently: the same seed gives different sequences.
 */
public final class Sampler {
    private final Process process;
    /** For the hidden-state path: per state, an alias table over pairs (x, s') encoded as x·S + s'; null otherwise. */
    private final SharedStateDiscreteSampler[] transitions;
    private final int[][] pairs;
    private final double[] initial;

    /**
     * A sampler for {@code process}; builds the alias tables when it is an HMM with a probability vector as initial
     * belief.
     *
     * @param process the process
     */
    public Sampler(Process process) {
        this.process = process;
        if (!(process instanceof Ghmm g) || !g.isHmm() || !Vectors.isNonNegative(g.initial())) {
            this.transitions = null;
            this.pairs = null;
            this.initial = null;
            return;
        }
        int n = g.states();
        this.initial = g.initial();
        DoubleArrayList[] w = new DoubleArrayList[n];
        IntArrayList[] c = new IntArrayList[n];
        for (int s = 0; s < n; s++) {
            w[s] = new DoubleArrayList();
            c[s] = new IntArrayList();
        }
        for (int x = 0; x < g.symbols(); x++) {
            int symbol = x;
            g.transfer(x).forEachNonZero((i, j, v) -> {
                w[i].add(v);
                c[i].add(symbol * n + j);
            });
        }
        this.transitions = new SharedStateDiscreteSampler[n];
        this.pairs = new int[n][];
        for (int s = 0; s < n; s++) {
            pairs[s] = c[s].toIntArray();
            // the generator is replaced per sequence by withUniformRandomProvider; this one is never used
            transitions[s] = AliasMethodDiscreteSampler.of(UNUSED, w[s].toDoubleArray());
        }
    }

    private static final UniformRandomProvider UNUSED = () -> {
        throw new IllegalStateException("sampler used without a generator");
    };

    /** {@return the process sampled} */
    public Process process() {
        return process;
    }

    /**
     * Whether draws take the hidden-state path.
     *
     * @return true for an HMM with a probability vector as initial belief
     */
    public boolean isHiddenStatePath() {
        return transitions != null;
    }

    /**
     * Fills {@code tokens} with one sequence from the initial belief.
     *
     * @param rng    the generator (advanced)
     * @param tokens (Output) the sequence; its length is the sequence length L
     * @throws dev.ghmm.belief.NegativeProbabilityException if the process predicts a negative probability on the way
     */
    public void sample(UniformRandomProvider rng, int[] tokens) {
        if (transitions != null) {
            sampleHidden(rng, tokens);
            return;
        }
        BeliefFilter filter = process.filter();
        for (int t = 0; t < tokens.length; t++) {
            tokens[t] = filter.sample(rng);
        }
    }

    private void sampleHidden(UniformRandomProvider rng, int[] tokens) {
        int n = initial.length;
        int state = Predictions.invert(rng.nextDouble(), initial, n);
        SharedStateDiscreteSampler[] local = new SharedStateDiscreteSampler[n];
        for (int t = 0; t < tokens.length; t++) {
            if (local[state] == null) {
                local[state] = transitions[state].withUniformRandomProvider(rng);
            }
            int code = pairs[state][local[state].sample()];
            tokens[t] = code / n;
            state = code % n;
        }
    }
}
