package dev.ghmm.bench;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.sampling.Sampler;
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

/** Belief updates, sampling and long-word log-probabilities on catalogue processes. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProcessBench {
    /** Instantiated by JMH. */
    public ProcessBench() {
    }

    /** A process, a belief, and a sampler with one sequence's buffers. */
    @State(Scope.Thread)
    public static class Run {
        /** The catalogue process. */
        @Param({"mess3", "z1r-x-z1r"})
        public String process;

        /** Tokens per sampled sequence. */
        public static final int LENGTH = 1024;

        Ghmm g;
        Sampler sampler;
        UniformRandomProvider rng;
        double[] belief;
        double[] next;
        double[] workspace;
        int[] tokens;
        double[] beliefs;
        double[] loss;
        double[] work;
        double[] dist;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            g = Catalogue.byName(process);
            sampler = new Sampler(g);
            rng = Datasets.stream(1, 0);
            belief = g.initial();
            next = new double[g.states()];
            workspace = new double[g.workspaceLength()];
            tokens = new int[LENGTH];
            beliefs = new double[(LENGTH + 1) * g.states()];
            loss = new double[LENGTH];
            work = new double[sampler.workLength()];
            dist = new double[g.symbols()];
        }
    }

    /**
     * One belief update (eq. 2.3) on symbol 0 from a fixed belief.
     *
     * @param r the inputs
     * @return Pr(x | η)
     */
    @Benchmark
    public double beliefUpdate(Run r) {
        return r.g.update(r.belief, 0, r.next, r.workspace);
    }

    /**
     * A sequence of {@link Run#LENGTH} tokens, hidden-state path: divide by LENGTH for per-token cost.
     *
     * @param r the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void sampleTokens(Run r, Blackhole bh) {
        r.sampler.sample(r.rng, r.belief, r.tokens);
        bh.consume(r.tokens);
    }

    /**
     * A sequence of {@link Run#LENGTH} tokens with beliefs and losses.
     *
     * @param r the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void sampleWithBeliefs(Run r, Blackhole bh) {
        r.sampler.sampleWithBeliefs(r.rng, r.belief, r.tokens, r.beliefs, null, r.loss, r.work, r.dist);
        bh.consume(r.beliefs);
    }

    /** A dataset block of 256 sequences of 256 tokens, on 1 or 2 threads, with or without beliefs. */
    @State(Scope.Benchmark)
    public static class Dataset {
        /** The catalogue process. */
        @Param({"mess3", "z1r-x-z1r"})
        public String process;

        /** Worker threads. */
        @Param({"1", "2"})
        public int threads;

        /** Whether beliefs, next-symbol distributions and losses are recorded (the belief path). */
        @Param({"false", "true"})
        public boolean beliefs;

        /** Sequences per block. */
        public static final int COUNT = 256;
        /** Tokens per sequence. */
        public static final int LENGTH = 256;

        Sampler sampler;
        double[] initial;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            Ghmm g = Catalogue.byName(process);
            sampler = new Sampler(g);
            initial = g.initial();
        }
    }

    /**
     * {@link Dataset#COUNT} × {@link Dataset#LENGTH} tokens: divide by 65 536 for the time per token; the
     * ratio of 1 to 2 threads is the parallel speed-up (the output arrays are allocated per block, not per token).
     *
     * @param d the inputs
     * @return the block
     */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Datasets.Block dataset(Dataset d) {
        return Datasets.generate(d.sampler, d.initial, 0, Dataset.COUNT, Dataset.LENGTH, 7, d.beliefs, d.threads);
    }

    /** ln Pr of a fixed word of length 10⁶. */
    @State(Scope.Benchmark)
    public static class LongWord {
        Ghmm mess;
        int[] word;

        /** Builds the inputs. */
        @Setup
        public void setUp() {
            mess = Catalogue.mess3(0.15, 0.6);
            word = new int[1_000_000];
            java.util.Random random = new java.util.Random(5);
            for (int k = 0; k < word.length; k++) {
                word[k] = random.nextInt(3);
            }
        }
    }

    /**
     * A sequence of {@link Run#LENGTH} tokens with beliefs only: the belief path without the per-token entropy.
     *
     * @param r  the inputs
     * @param bh JMH blackhole
     */
    @Benchmark
    public void sampleWithBeliefsOnly(Run r, Blackhole bh) {
        r.sampler.sampleWithBeliefs(r.rng, r.belief, r.tokens, r.beliefs, null, null, r.work, r.dist);
        bh.consume(r.beliefs);
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
