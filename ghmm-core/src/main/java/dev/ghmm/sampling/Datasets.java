package dev.ghmm.sampling;

import dev.ghmm.Seeds;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.belief.ProductFilter;
import dev.ghmm.process.Process;
import java.util.Arrays;
import java.util.Set;
import java.util.function.IntConsumer;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * Training datasets: N sequences of length L, sequence i drawn through a {@link BeliefFilter} of the process from
 * its own generator derived from (seed, i), so the dataset is the same whatever the number of threads or which
 * outputs are recorded, and any block of sequences can be generated alone. With {@linkplain Freeze frozen factors},
 * sequence i is in group i mod K and its frozen factors draw from the group's generator, {@link Seeds#group}.
 */
public final class Datasets {
    /** The threads of every {@link #generate} and {@link #inParallel} call, shared: the one pool of ghmm. */
    private static final Workers WORKERS = new Workers("ghmm-datasets");

    private Datasets() {
    }

    /** What a dataset records besides the tokens. */
    public enum Output {
        /** The joint belief before every token and after the last: (L+1)·S values per sequence. */
        BELIEFS,
        /** Each part's belief (a factor's, a direct-sum component's): (L+1)·d<sub>p</sub> values per sequence and part. */
        PART_BELIEFS,
        /** Pr(· | η(x<sub>1:t</sub>)) for t = 0 … L−1, the distribution token t+1 is drawn from: L·|𝒳| values. */
        NEXT,
        /**
         * The entropy in nats of each NEXT row, the expected loss of an optimal predictor: L values, from
         * {@link BeliefFilter#nextSymbolEntropy} (factor by factor for independent factors and chains).
         */
        LOSS,
        /** ln Pr(x<sub>1:t</sub>) for t = 1 … L: L values. */
        LOGPROB,
        /**
         * After t = 0 … L symbols, the factor gap ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> and D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>)
         * in nats ({@link BeliefFilter#factorGap}, {@link BeliefFilter#factorDivergence}; NaN where undefined): (L+1)·2
         * values per sequence.
         */
        FACTOR_GAP
    }

    /**
     * Frozen factors of a factored process (vary-one datasets): sequence i is in group g = i mod K, and within a group
     * every frozen factor follows one symbol path, drawn from the generator {@link Seeds#group}(seed, g), while the
     * other factors are drawn per sequence from {@link Seeds#sequence}(seed, i). At each position the factors are drawn
     * one by one, parents first, each from its distribution given the sequence's belief and the symbols drawn before
     * it ({@link ProductFilter#sample(UniformRandomProvider, UniformRandomProvider, boolean[])}); the frozen set must be
     * upstream-closed ({@link dev.ghmm.belief.ProductModel#frozenMask}), so the frozen path follows the frozen
     * sub-process's own law and the varying factors are drawn given it. Every recorded output is the filter's reading
     * of the sequence's joint symbols, the exact posterior given what the sequence saw.
     *
     * @param factors the frozen factors, strictly increasing indices ≥ 0 (none: nothing frozen)
     * @param groups  K ≥ 1
     */
    public record Freeze(int[] factors, int groups) {
        /** Nothing frozen: every factor drawn per sequence, the dataset of the seed as without this record. */
        public static final Freeze NONE = new Freeze(new int[0], 1);

        /**
         * Frozen factors.
         *
         * @param factors the frozen factors, strictly increasing indices ≥ 0 (none: nothing frozen)
         * @param groups  K ≥ 1
         * @throws IllegalArgumentException when K &lt; 1 or the factors are not strictly increasing indices ≥ 0
         */
        public Freeze {
            factors = factors.clone();
            if (groups < 1) {
                throw new IllegalArgumentException("groups " + groups + " must be >= 1");
            }
            for (int k = 0; k < factors.length; k++) {
                if (factors[k] < 0 || k > 0 && factors[k] <= factors[k - 1]) {
                    throw new IllegalArgumentException("frozen factors " + Arrays.toString(factors) + " must be strictly increasing indices >= 0");
                }
            }
        }

        /** {@return the frozen factors, in a new array} */
        @Override
        public int[] factors() {
            return factors.clone();
        }

        /** {@return whether no factor is frozen} */
        public boolean isNone() {
            return factors.length == 0;
        }

        /**
         * The group of a sequence.
         *
         * @param sequence its index i ≥ 0 in the whole dataset
         * @return i mod K
         */
        public long group(long sequence) {
            return sequence % groups;
        }

        /**
         * Per factor of the process whether it is frozen, checked.
         *
         * @param process the process
         * @return the mask, or null when nothing is frozen
         * @throws IllegalArgumentException when factors are frozen and the process is not factored, or as
         *                                  {@link dev.ghmm.belief.ProductModel#frozenMask}
         */
        public boolean[] mask(Process process) {
            if (isNone()) {
                return null;
            }
            BeliefFilter any = process.filter();
            if (!(any instanceof ProductFilter filter)) {
                throw new IllegalArgumentException(NoisyChannel.channelOf(any)
                        .map(channel -> "frozen factors need the factored filter, which a factored process has clean or through a"
                                + " channel over factors with sent updates (" + process.name() + " is " + channel + ")")
                        .orElse(any.parts() > 1 ? process.name() + " keeps a joint belief of its factors (fully conditional): its factors"
                                + " are drawn together, so none can be frozen"
                                : process.name() + " is not a factored process: only the factors of a factored process can be frozen"));
            }
            return filter.model().frozenMask(factors);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Freeze f && groups == f.groups && Arrays.equals(factors, f.factors);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(factors) + groups;
        }

        @Override
        public String toString() {
            return "Freeze[factors=" + Arrays.toString(factors) + ", groups=" + groups + "]";
        }
    }

    /**
     * Sequences [first, first + count) of a dataset, row-major per sequence; arrays of outputs not asked for are null.
     *
     * <p>A buffer, not a value (so a class, not a record): {@link #generate(Process, long, long, int, Block)} fills its
     * arrays in place, every accessor returns the block's own array, not a copy, and two blocks are equal only when
     * they are the same object. Read the arrays; do not share them across datasets.
     */
    public static final class Block {
        private final long first;
        private final int count;
        private final int length;
        private final int[] tokens;
        private final double[] beliefs;
        private final double[][] parts;
        private final double[] next;
        private final double[] loss;
        private final double[] logprob;
        private final double[] gap;

        private Block(long first, int count, int length, int[] tokens, double[] beliefs, double[][] parts, double[] next, double[] loss,
                      double[] logprob, double[] gap) {
            this.first = first;
            this.count = count;
            this.length = length;
            this.tokens = tokens;
            this.beliefs = beliefs;
            this.parts = parts;
            this.next = next;
            this.loss = loss;
            this.logprob = logprob;
            this.gap = gap;
        }

        /** This block's arrays as sequences [first, first + count). */
        private Block at(long start) {
            return new Block(start, count, length, tokens, beliefs, parts, next, loss, logprob, gap);
        }

        /** {@return the index of the first sequence} */
        public long first() {
            return first;
        }

        /** {@return the number of sequences} */
        public int count() {
            return count;
        }

        /** {@return L} */
        public int length() {
            return length;
        }

        /** {@return count·L symbol indices} */
        public int[] tokens() {
            return tokens;
        }

        /** {@return count·(L+1)·S joint beliefs, or null} */
        public double[] beliefs() {
            return beliefs;
        }

        /** {@return per part p, count·(L+1)·d<sub>p</sub> beliefs, or null} */
        public double[][] parts() {
            return parts;
        }

        /** {@return count·L·|𝒳| next-symbol distributions, or null} */
        public double[] next() {
            return next;
        }

        /** {@return count·L entropies in nats, or null} */
        public double[] loss() {
            return loss;
        }

        /** {@return count·L prefix log-probabilities, or null} */
        public double[] logprob() {
            return logprob;
        }

        /** {@return count·(L+1)·2 factor gaps and divergences, or null} */
        public double[] gap() {
            return gap;
        }

        @Override
        public String toString() {
            return "Block[first=" + first + ", count=" + count + ", length=" + length + "]";
        }

        /**
         * Arrays for {@code count} sequences of length L with the given outputs, to be filled by
         * {@link #generate(Process, long, long, int, Block)} as often as wanted: generating into a block allocates nothing.
         *
         * @param process the process
         * @param outputs what to record besides the tokens
         * @param count   sequences per block, ≥ 0
         * @param length  L ≥ 0
         * @return an empty block (first = 0)
         * @throws IllegalArgumentException on a negative count or length, or a block too large for one array
         */
        public static Block allocate(Process process, Set<Output> outputs, int count, int length) {
            if (count < 0 || length < 0) {
                throw new IllegalArgumentException("count " + count + " and length " + length + " must be >= 0");
            }
            BeliefFilter probe = process.filter();
            double[][] parts = null;
            if (outputs.contains(Output.PART_BELIEFS)) {
                parts = new double[probe.parts()][];
                for (int p = 0; p < parts.length; p++) {
                    parts[p] = new double[checkedSize(count, length + 1, probe.partDimension(p))];
                }
            }
            return new Block(0, count, length, new int[checkedSize(count, length, 1)],
                    outputs.contains(Output.BELIEFS) ? new double[checkedSize(count, length + 1, probe.dimension())] : null, parts,
                    outputs.contains(Output.NEXT) ? new double[checkedSize(count, length, probe.symbols())] : null,
                    outputs.contains(Output.LOSS) ? new double[checkedSize(count, length, 1)] : null,
                    outputs.contains(Output.LOGPROB) ? new double[checkedSize(count, length, 1)] : null,
                    outputs.contains(Output.FACTOR_GAP) ? new double[checkedSize(count, length + 1, 2)] : null);
        }
    }

    /**
     * Generates sequences [first, first + count) on {@code threads} threads into a new block (a convenience over
     * {@link Block#allocate} and {@link #generate(Process, long, long, int, Block)}).
     *
     * @param process the process, read through one filter per thread
     * @param outputs what to record besides the tokens
     * @param first   index of the first sequence, ≥ 0
     * @param count   number of sequences, ≥ 0
     * @param length  L ≥ 0
     * @param seed    the dataset seed
     * @param threads ≥ 1
     * @return the block
     * @throws IllegalArgumentException on a negative count, length or first, threads &lt; 1, a block too large for one
     *                                  array, or an invalid process (naming the sequence)
     */
    public static Block generate(Process process, Set<Output> outputs, long first, int count, int length, long seed, int threads) {
        return generate(process, Freeze.NONE, outputs, first, count, length, seed, threads);
    }

    /**
     * {@link #generate(Process, Set, long, int, int, long, int)} with frozen factors ({@link Freeze}).
     *
     * @param process the process, read through one filter per thread
     * @param freeze  the frozen factors
     * @param outputs what to record besides the tokens
     * @param first   index of the first sequence, ≥ 0
     * @param count   number of sequences, ≥ 0
     * @param length  L ≥ 0
     * @param seed    the dataset seed
     * @param threads ≥ 1
     * @return the block
     * @throws IllegalArgumentException as {@link #generate(Process, Set, long, int, int, long, int)}, and on frozen
     *                                  factors the process cannot freeze ({@link Freeze#mask})
     */
    public static Block generate(Process process, Freeze freeze, Set<Output> outputs, long first, int count, int length, long seed,
                                 int threads) {
        return generate(process, freeze, first, seed, threads, Block.allocate(process, outputs, count, length), (block, from, to) -> {
        });
    }

    /**
     * Generates sequences [first, first + into.count()) into the arrays of {@code into}: worker w of T (worker 0 on
     * the calling thread) fills the contiguous sequences [w·N/T, (w+1)·N/T) through a filter of its own, straight into
     * the block, so nothing is copied, and nothing is allocated per token or per block beyond the workers' filters. The
     * worker threads are daemons shared by all calls, started only when more are needed than are idle and ended after a
     * minute idle; between calls they spin for 200 µs before they sleep, so blocks generated one after another are
     * handed over without waking a sleeping thread.
     *
     * @param process the process the block was allocated for
     * @param first   index of the first sequence, ≥ 0
     * @param seed    the dataset seed
     * @param threads ≥ 1
     * @param into    the arrays to fill (their old content is overwritten)
     * @return a block over the same arrays with {@code first}
     * @throws IllegalArgumentException on a negative first, threads &lt; 1, or an invalid process (naming the sequence)
     */
    public static Block generate(Process process, long first, long seed, int threads, Block into) {
        return generate(process, first, seed, threads, into, (block, from, to) -> {
        });
    }

    /** What a share of {@link #generate(Process, long, long, int, Block, Filled)} does with the sequences it filled. */
    @FunctionalInterface
    public interface Filled {
        /**
         * Called once per share, on the thread that filled sequences [from, to) of the block, right after it filled them.
         *
         * @param block the block being generated
         * @param from  the share's first sequence in the block
         * @param to    the end of its sequences
         */
        void accept(Block block, int from, int to);
    }

    /**
     * {@link #generate(Process, long, long, int, Block)}, and each share then hands its sequences [from, to) to
     * {@code then} on its own thread, so that work on the rows (converting, copying them out) runs on the threads that
     * generated them. The calls for the shares run at the same time: each must touch only what its range owns. A
     * share that fails does not call {@code then}.
     *
     * @param process the process the block was allocated for
     * @param first   index of the first sequence, ≥ 0
     * @param seed    the dataset seed
     * @param threads ≥ 1
     * @param into    the arrays to fill (their old content is overwritten)
     * @param then    what each share does with its sequences
     * @return a block over the same arrays with {@code first}
     * @throws IllegalArgumentException on a negative first, threads &lt; 1, or an invalid process (naming the sequence)
     */
    public static Block generate(Process process, long first, long seed, int threads, Block into, Filled then) {
        return generate(process, Freeze.NONE, first, seed, threads, into, then);
    }

    /**
     * {@link #generate(Process, long, long, int, Block, Filled)} with frozen factors: sequence i's frozen factors draw
     * from group i mod K's generator ({@link Freeze}). With {@link Freeze#NONE} the same sequences as without.
     *
     * @param process the process the block was allocated for
     * @param freeze  the frozen factors
     * @param first   index of the first sequence, ≥ 0
     * @param seed    the dataset seed
     * @param threads ≥ 1
     * @param into    the arrays to fill (their old content is overwritten)
     * @param then    what each share does with its sequences
     * @return a block over the same arrays with {@code first}
     * @throws IllegalArgumentException on a negative first, threads &lt; 1, frozen factors the process cannot freeze
     *                                  ({@link Freeze#mask}), or an invalid process (naming the sequence)
     */
    public static Block generate(Process process, Freeze freeze, long first, long seed, int threads, Block into, Filled then) {
        if (first < 0 || threads < 1) {
            throw new IllegalArgumentException("first " + first + " and threads " + threads + " must be >= 0 and >= 1");
        }
        boolean[] frozen = freeze.mask(process);
        Block block = into.at(first);
        int count = block.count();
        int workers = Math.max(1, Math.min(threads, count));
        // worker w fills [w·N/T, (w+1)·N/T) and creates its filter on its own thread, so the filters' work arrays come
        // from that thread's allocation buffer and no two threads write one cache line; the failure reported is the
        // lowest worker's, which holds the first failing sequence, as on one thread
        WORKERS.run(workers, w -> {
            int from = (int) ((long) w * count / workers);
            int to = (int) ((long) (w + 1) * count / workers);
            fill(block, process, seed, freeze, frozen, from, to);
            then.accept(block, from, to);
        });
        return block;
    }

    /**
     * Runs {@code share.accept(s)} for s = 0 … shares − 1 at the same time on the threads of {@link #generate} (share 0
     * on the calling thread), the one pool of the library and the command line: a caller that generates blocks of its
     * own on several threads (the dataset writer, each share its own blocks, calling {@code generate} with one
     * thread) uses these threads rather than starting others. The shares must write disjoint data. Returns once every
     * share has ended; an interrupt of the caller is kept for it, not acted upon.
     *
     * @param shares ≥ 1
     * @param share  what share s does
     * @throws IllegalArgumentException if shares &lt; 1
     * @throws RuntimeException         the failure of the lowest failing share (an
     *                                  {@link java.lang.reflect.UndeclaredThrowableException} around a checked
     *                                  exception), the others' added to it as suppressed; likewise an {@link Error}
     */
    public static void inParallel(int shares, IntConsumer share) {
        WORKERS.run(shares, share);
    }

    private static int checkedSize(int count, int rows, int width) {
        long size = (long) count * rows * width;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a block of " + count + " sequences of " + rows + " rows of " + width
                    + " values is too large for one array: generate fewer sequences at a time");
        }
        return (int) size;
    }

    /**
     * Sequences [from, to) of the block, through one new filter; allocates only the filter and the part dimensions. The
     * filter writes each next-symbol distribution straight into the block and computes each loss from the structure of
     * the process ({@link BeliefFilter#nextSymbolEntropy}), not from that row. With frozen factors ({@code frozen}
     * not null) each sequence re-creates its group's generator, so all the sequences of a group draw it alike.
     */
    private static void fill(Block b, Process process, long seed, Freeze freeze, boolean[] frozen, int from, int to) {
        BeliefFilter filter = process.filter();
        ProductFilter product = frozen == null ? null : (ProductFilter) filter;
        int length = b.length;
        int n = filter.dimension();
        int symbols = filter.symbols();
        int[] partDimensions = new int[filter.parts()];
        for (int p = 0; p < partDimensions.length; p++) {
            partDimensions[p] = filter.partDimension(p);
        }
        for (int k = from; k < to; k++) {
            UniformRandomProvider rng = Seeds.sequence(seed, b.first + k);
            UniformRandomProvider shared = frozen == null ? null : Seeds.group(seed, freeze.group(b.first + k));
            filter.reset();
            double log = 0.0;
            for (int t = 0; t <= length; t++) {
                record(b, filter, k, t, n, partDimensions);
                if (t == length) {
                    break;
                }
                int row = k * length + t;
                if (b.next != null) {
                    filter.nextSymbolDistribution(b.next, row * symbols);
                }
                if (b.loss != null) {
                    b.loss[row] = filter.nextSymbolEntropy();
                }
                try {
                    b.tokens[row] = product == null ? filter.sample(rng) : product.sample(rng, shared, frozen);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sequence " + (b.first + k) + ": " + e.getMessage(), e);
                }
                if (b.logprob != null) {
                    log += Math.log(filter.lastProbability());
                    b.logprob[row] = log;
                }
            }
        }
    }

    /** The beliefs after t symbols of sequence k: row t of its joint beliefs, of each part's and of the factor gap. */
    private static void record(Block b, BeliefFilter filter, int k, int t, int n, int[] partDimensions) {
        int row = k * (b.length + 1) + t;
        if (b.beliefs != null) {
            filter.belief(b.beliefs, row * n);
        }
        if (b.parts != null) {
            for (int p = 0; p < b.parts.length; p++) {
                filter.part(p, b.parts[p], row * partDimensions[p]);
            }
        }
        if (b.gap != null) {
            b.gap[2 * row] = filter.factorGap();
            b.gap[2 * row + 1] = filter.factorDivergence();
        }
    }
}
