package dev.ghmm.bench;

import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The five-factor chain through a noisy channel of ε = 0.1 (docs/math.md, "Noisy channels"), as a dataset block that
 * records the exact factor beliefs (marginals) and the factor gap, on one thread: the clean chain beside the four
 * channels. The joint channel with sent updates keeps the joint belief (S = 243) and costs, per token, ⟨⟨η|T(x)
 * (S·Σ<sub>f</sub>d<sub>f</sub> = 3 645 multiply-adds), ⟨⟨η|T carrying one parent symbol between factors with the
 * factors merged into the levels {0, 1}, {2}, {3, 4} (243·(27 + 27 + 27) = 19 683; one factor at a time it was
 * 243·(9 + 27 + 27 + 36 + 12) = 26 973), the draw along the drawn prefix (777; all 432 probabilities by prefixes were
 * 4 455), the marginals (S·F = 1 215), the gap (606) and the update's sums (2S): 26 412 multiply-adds per token
 * (37 380 before), the arithmetic limit the measured time is compared with (docs/performance.md, "Noisy channels"). The
 * other channels keep one belief per factor, Σ<sub>f</sub>(|𝒳<sub>f</sub>| + d<sub>f</sub>)·d<sub>f</sub> = 93
 * multiply-adds per token as the clean chain.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class NoisyBench {
    /** Instantiated by JMH. */
    public NoisyBench() {
    }

    /** A block of the chain through one channel. */
    @State(Scope.Benchmark)
    public static class Block {
        /** The channel: none, or over-updates. */
        @Param({"clean", "joint-sent", "joint-received", "factors-sent", "factors-received"})
        public String channel;

        /**
         * Tokens per sequence: 256 (a block of 4 096 tokens); another length shows what is allocated per block and
         * what per token (-prof gc).
         */
        @Param({"256"})
        public int length;

        /** Sequences per block. */
        public static final int COUNT = 16;

        Process p;
        Datasets.Block block;

        /** Builds the process and the block the benchmark fills again and again. */
        @Setup
        public void setUp() {
            p = process(channel);
            block = Datasets.Block.allocate(p, EnumSet.of(Datasets.Output.PART_BELIEFS, Datasets.Output.FACTOR_GAP), COUNT, length);
        }
    }

    /**
     * The chain through a channel of ε = 0.1 named over-updates ("joint-sent", …), or the clean chain.
     *
     * @param channel the name
     * @return the process
     */
    static Process process(String channel) {
        FactoredProcess chain = FactoredCatalogue.shaiChain();
        if (channel.equals("clean")) {
            return chain;
        }
        String[] parts = channel.split("-");
        return NoisyProcess.of(chain, new NoisyChannel(0.1, NoisyChannel.Over.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)),
                NoisyChannel.Updates.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT))));
    }

    /**
     * {@link Block#COUNT} × {@link Block#length} tokens with factor beliefs and gaps: divide by 4 096 (length 256) for
     * the time per token.
     *
     * @param b the inputs
     * @return the block
     */
    @Benchmark
    public Datasets.Block dataset(Block b) {
        return Datasets.generate(b.p, 0, 7, 1, b.block);
    }
}
