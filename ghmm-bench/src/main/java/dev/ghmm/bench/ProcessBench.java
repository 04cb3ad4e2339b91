package dev.ghmm.bench;

import dev.ghmm.Seeds;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.rng.UniformRandomProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Belief filters, sampling, datasets and long-word log-probabilities on catalogue processes: plain GHMMs (Mess3,
 * Z1R′×Z1R′ as one joint GHMM) and factored processes read factor by factor (Z1R′⊗Z1R′, Mess3³, the five-factor chain).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProcessBench {
    /** Instantiated by JMH. */
    public ProcessBench() {
    }

    /** A process, its filter, a sampler and one sequence's buffer. */
    @State(Scope.Thread)
    public static class Run {
        /** The process (see {@link Fixtures#process}). */
        @Param({"mess3", "z1r-x-z1r", "z1r-prime-squared", "mess3-cubed", "shai-chain"})
        public String process;

        /** Tokens per sampled sequence. */
        public static final int LENGTH = 1024;

        Process p;
        BeliefFilter filter;
        UniformRandomProvider rng;
        int[] tokens;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            p = Fixtures.process(process);
            filter = p.filter();
            rng = Seeds.sequence(1, 0);
            tokens = new int[LENGTH];
        }
    }

    /**
     * One token drawn and read by the process's filter (the belief path: next-symbol distribution, draw, update), in
     * sequences of {@link Run#LENGTH} tokens from the initial belief.
     *
     * @param r the inputs
     * @return the symbol
     */
    @Benchmark
    public int filterStep(Run r) {
        if (r.filter.position() == Run.LENGTH) {
            r.filter.reset();
        }
        return r.filter.sample(r.rng);
    }

    /**
     * A sequence of {@link Run#LENGTH} tokens drawn through the process's filter from its initial belief, as
     * {@code Process.sample} and datasets draw them: divide by LENGTH for per-token cost.
     *
     * @param r the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void sampleTokens(Run r, Blackhole bh) {
        r.filter.reset();
        for (int t = 0; t < Run.LENGTH; t++) {
            r.tokens[t] = r.filter.sample(r.rng);
        }
        bh.consume(r.tokens);
    }

    /**
     * A sequence of {@link Run#LENGTH} tokens with joint beliefs and per-token losses (entropies of the next-symbol
     * distribution), as one dataset block of one sequence: the workload of the numpy peer's sampleWithBeliefs.
     *
     * @param r the inputs
     * @return the block
     */
    @Benchmark
    public Datasets.Block sampleWithBeliefs(Run r) {
        return Datasets.generate(r.p, EnumSet.of(Datasets.Output.BELIEFS, Datasets.Output.LOSS), 0, 1, Run.LENGTH, 7, 1);
    }

    /**
     * A dataset block of 256 sequences of 256 tokens, on 1 or 2 threads, with tokens only, with part beliefs, or with
     * part beliefs and the loss floor or the next-symbol distributions.
     */
    @State(Scope.Benchmark)
    public static class Dataset {
        /** The process (see {@link Fixtures#process}). */
        @Param({"mess3", "z1r-prime-squared", "mess3-cubed", "shai-chain"})
        public String process;

        /** Worker threads. */
        @Param({"1", "2"})
        public int threads;

        /**
         * What is recorded besides the tokens: nothing, each part's (factor's) belief, and with them the entropy of each
         * next-symbol distribution (LOSS) or the distribution itself (NEXT).
         */
        @Param({"tokens", "part-beliefs", "part-beliefs+loss", "part-beliefs+next"})
        public String outputs;

        /** Sequences per block. */
        public static final int COUNT = 256;
        /** Tokens per sequence. */
        public static final int LENGTH = 256;

        Process p;
        Datasets.Block block;

        /** Builds the inputs and the block the benchmark fills again and again. */
        @Setup
        public void setUp() {
            p = Fixtures.process(process);
            Set<Datasets.Output> recorded = switch (outputs) {
                case "tokens" -> EnumSet.noneOf(Datasets.Output.class);
                case "part-beliefs" -> EnumSet.of(Datasets.Output.PART_BELIEFS);
                case "part-beliefs+loss" -> EnumSet.of(Datasets.Output.PART_BELIEFS, Datasets.Output.LOSS);
                case "part-beliefs+next" -> EnumSet.of(Datasets.Output.PART_BELIEFS, Datasets.Output.NEXT);
                default -> throw new IllegalArgumentException("outputs " + outputs);
            };
            block = Datasets.Block.allocate(p, recorded, COUNT, LENGTH);
        }
    }

    /**
     * {@link Dataset#COUNT} × {@link Dataset#LENGTH} tokens into a block allocated once: divide by 65 536 for the time
     * per token; the ratio of 1 to 2 threads is the parallel speed-up (the worker threads are pooled across blocks).
     *
     * @param d the inputs
     * @return the block
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Datasets.Block dataset(Dataset d) {
        return Datasets.generate(d.p, 0, 7, d.threads, d.block);
    }

    /** A next-symbol distribution of the five-factor chain (432 positive entries), for the cost of one entropy term. */
    @State(Scope.Thread)
    public static class Row {
        double[] distribution;

        /** Builds the inputs: the chain's distribution after 20 tokens. */
        @Setup
        public void setUp() {
            BeliefFilter filter = Fixtures.process("shai-chain").filter();
            UniformRandomProvider rng = Seeds.sequence(3, 0);
            for (int t = 0; t < 20; t++) {
                filter.sample(rng);
            }
            distribution = filter.nextSymbolDistribution();
        }
    }

    /**
     * H(p) of a 432-entry distribution by {@link dev.ghmm.Entropy#of}: divide by 432 for the cost of one term −p ln p,
     * the unit of the arithmetic limit of a loss floor.
     *
     * @param r the distribution
     * @return its entropy in nats
     */
    @Benchmark
    public double entropyOfRow(Row r) {
        return dev.ghmm.Entropy.of(r.distribution, dev.ghmm.Entropy.Unit.NATS);
    }

    /** ln Pr of a fixed word of length 10⁶. */
    @State(Scope.Benchmark)
    public static class LongWord {
        Ghmm mess;
        int[] word;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            mess = dev.ghmm.process.Catalogue.mess3(0.15, 0.6);
            word = new int[1_000_000];
            java.util.Random random = new java.util.Random(5);
            for (int k = 0; k < word.length; k++) {
                word[k] = random.nextInt(3);
            }
        }
    }

    /**
     * ln Pr(w) for |w| = 10⁶.
     *
     * @param w the word
     * @return ln Pr(w)
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public double longWordLogProbability(LongWord w) {
        return w.mess.logProbability(w.word);
    }
}
