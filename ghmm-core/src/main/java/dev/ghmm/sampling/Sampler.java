package dev.ghmm.sampling;

import dev.ghmm.Checks;
import dev.ghmm.process.Ghmm;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.AliasMethodDiscreteSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;

/**
 * Draws sequences from a process. Immutable and thread-safe; every draw takes its generator.
 *
 * <p>Two paths. The HMM path (non-negative T(x), |1⟩⟩ = 𝟏, a probability vector as start) draws the hidden
 * state and symbol jointly from per-state alias tables of Pr(x, s' | s) = T(x)<sub>ss'</sub>: O(1) per token,
 * no belief arithmetic. The belief path (any GHMM, or when beliefs are wanted) draws each symbol from the
 * current belief's next-symbol distribution Pr(x | η) = ⟨⟨η|T(x)|1⟩⟩ by inversion and updates the belief
 * (eq. 2.3): one operator application per token, in the representation {@link Ghmm#optimised} picks. Neither
 * allocates per token.
 */
public final class Sampler {
    private final Ghmm process;
    /** The same process with the operators {@link Ghmm#optimised} picks, for the belief path. */
    private final Ghmm fast;
    /** For the HMM path: per state, an alias table over pairs (x, s') encoded as x·S + s'; null otherwise. */
    private final SharedStateDiscreteSampler[] transitions;
    private final int[][] pairs;

    /**
     * A sampler for {@code process}; builds the alias tables when it is an HMM.
     *
     * @param process the process
     */
    public Sampler(Ghmm process) {
        this.process = process;
        this.fast = process.optimised();
        int n = process.states();
        if (!process.isHmm()) {
            this.transitions = null;
            this.pairs = null;
            return;
        }
        int[][] codes = new int[n][];
        DoubleArrayList[] w = new DoubleArrayList[n];
        IntArrayList[] c = new IntArrayList[n];
        for (int s = 0; s < n; s++) {
            w[s] = new DoubleArrayList();
            c[s] = new IntArrayList();
        }
        for (int x = 0; x < process.symbols(); x++) {
            int symbol = x;
            process.transfer(x).forEachNonZero((i, j, v) -> {
                w[i].add(v);
                c[i].add(symbol * n + j);
            });
        }
        this.transitions = new SharedStateDiscreteSampler[n];
        for (int s = 0; s < n; s++) {
            codes[s] = c[s].toIntArray();
            // the generator is replaced per sequence by withUniformRandomProvider; this one is never used
            transitions[s] = AliasMethodDiscreteSampler.of(UNUSED, w[s].toDoubleArray());
        }
        this.pairs = codes;
    }

    private static final UniformRandomProvider UNUSED = () -> {
        throw new IllegalStateException("sampler used without a generator");
    };

    /**
     * The process sampled.
     *
     * @return the process sampled
     */
    public Ghmm process() {
        return process;
    }

    /**
     * Fills {@code tokens} with one sequence started from {@code initial}. Uses the HMM path when the process
     * is an HMM and {@code initial} is a probability vector, else the belief path.
     *
     * @param rng     the generator (advanced)
     * @param initial ⟨⟨η(∅)|, length S
     * @param tokens  (Output) the sequence; its length is the sequence length L
     */
    public void sample(UniformRandomProvider rng, double[] initial, int[] tokens) {
        Checks.requireLength("initial", initial, process.states());
        if (transitions != null && isDistribution(initial)) {
            sampleHidden(rng, initial, tokens);
        } else {
            sampleWithBeliefs(rng, initial, tokens, null, null, null, new double[workLength()], new double[process.symbols()]);
        }
    }

    private static boolean isDistribution(double[] v) {
        for (double p : v) {
            if (p < 0) {
                return false;
            }
        }
        return true;
    }

    private void sampleHidden(UniformRandomProvider rng, double[] initial, int[] tokens) {
        int n = process.states();
        int state = inverse(rng.nextDouble(), initial, n);
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

    /**
     * The length of the {@code work} array of {@link #sampleWithBeliefs} that lets it allocate nothing: two beliefs
     * (2S) plus the workspace of the operators {@link Ghmm#optimised} picks.
     *
     * @return 2S + the operators' workspace length
     */
    public int workLength() {
        return 2 * process.states() + fast.workspaceLength();
    }

    /**
     * The belief path, with optional outputs. Allocates nothing when {@code work} holds {@link #workLength()}
     * doubles: the caller passes the work arrays.
     *
     * @param rng      the generator (advanced)
     * @param initial  ⟨⟨η(∅)|, length S
     * @param tokens   (Output) the sequence, length L
     * @param beliefs  (Output, nullable) the belief before every token and after the last, (L+1)·S values
     *                 row-major, so row t is ⟨⟨η(x<sub>1:t</sub>)|
     * @param distributions (Output, nullable) for every position t the next-symbol distribution
     *                 Pr(· | η(x<sub>1:t</sub>)), L·|𝒳| values row-major
     * @param loss     (Output, nullable) for every position t the entropy in nats of Pr(· | η(x<sub>1:t</sub>)): the
     *                 expected cross-entropy of an optimal predictor
     * @param work     work array of length at least 2S; with fewer than {@link #workLength()} doubles, the
     *                 operators' workspace is allocated once per call
     * @param next     work array of length |𝒳|
     */
    public void sampleWithBeliefs(UniformRandomProvider rng, double[] initial, int[] tokens, double[] beliefs, double[] distributions,
                                  double[] loss, double[] work, double[] next) {
        int n = process.states();
        // the operators' workspace is work[0 .. reserved), the two beliefs follow it
        int reserved = fast.workspaceLength();
        boolean room = work.length >= workLength();
        double[] workspace = reserved == 0 ? null : room ? work : new double[reserved];
        int bOffset = room ? reserved : 0;
        int uOffset = bOffset + n;
        System.arraycopy(initial, 0, work, bOffset, n);
        for (int t = 0; t < tokens.length; t++) {
            if (beliefs != null) {
                System.arraycopy(work, bOffset, beliefs, t * n, n);
            }
            fast.nextSymbolDistribution(work, bOffset, next);
            double total = 0;
            for (int x = 0; x < next.length; x++) {
                // a valid GHMM never predicts a negative probability; clamp round-off
                next[x] = Math.max(next[x], 0.0);
                total += next[x];
            }
            if (distributions != null) {
                for (int x = 0; x < next.length; x++) {
                    distributions[t * next.length + x] = next[x] / total;
                }
            }
            if (loss != null) {
                double h = 0;
                for (double p : next) {
                    if (p > 0) {
                        h -= (p / total) * Math.log(p / total);
                    }
                }
                loss[t] = h;
            }
            int x = inverse(rng.nextDouble() * total, next, next.length);
            fast.transfer(x).leftApply(work, bOffset, work, uOffset, workspace);
            double scale = 1 / next[x];
            for (int i = 0; i < n; i++) {
                work[uOffset + i] *= scale;
            }
            tokens[t] = x;
            int swap = bOffset;
            bOffset = uOffset;
            uOffset = swap;
        }
        if (beliefs != null) {
            System.arraycopy(work, bOffset, beliefs, tokens.length * n, n);
        }
    }

    /** The smallest k with u &lt; Σ<sub>j≤k</sub> w<sub>j</sub>, skipping zero weights; u in [0, Σ w). */
    private static int inverse(double u, double[] w, int length) {
        double acc = 0;
        int last = -1;
        for (int k = 0; k < length; k++) {
            if (w[k] > 0) {
                acc += w[k];
                last = k;
                if (u < acc) {
                    return k;
                }
            }
        }
        if (last < 0) {
            throw new IllegalStateException("no symbol has positive probability");
        }
        return last;
    }
}
