package dev.ghmm.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.dataset.BatchStream;
import dev.ghmm.io.dataset.DatasetOptions;
import dev.ghmm.io.dataset.DatasetPlan;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
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
 * {@code ghmm stream} against the generator it feeds on: batches of B = 25 000 sequences of L = 9 tokens of the
 * five-factor chain with every factor's belief in float32 (225 000 tokens and 16.6 MB per batch), generated into a
 * block in memory, or streamed (generated, converted into the batch's .npy bytes and written) to a channel that
 * discards them. Both per batch: divide 225 000 by the time for tokens per second.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StreamBench {
    /** Sequences per batch. */
    public static final int BATCH = 25_000;
    /** Tokens per sequence. */
    public static final int LENGTH = 9;
    /** Batches per streamed run: the time of one benchmark call is divided by this. */
    public static final int BATCHES = 8;

    /** Instantiated by JMH. */
    public StreamBench() {
    }

    /** The chain, its block and its stream, on 1 or 2 threads. */
    @State(Scope.Benchmark)
    public static class Chain {
        /** Generator threads. */
        @Param({"1", "2"})
        public int threads;

        FactoredProcess chain;
        Datasets.Block block;
        BatchStream stream;
        long next;

        /** Instantiated by JMH. */
        public Chain() {
        }

        /** Builds the block and the stream. */
        @Setup
        public void setUp() {
            chain = FactoredCatalogue.shaiChain();
            block = Datasets.Block.allocate(chain, EnumSet.of(Datasets.Output.PART_BELIEFS), BATCH, LENGTH);
            DatasetPlan plan = new DatasetPlan(chain, JsonNodeFactory.instance.textNode("shai-chain"), DatasetOptions.of(1, LENGTH,
                    EnumSet.of(DatasetLayout.Output.TOKENS, DatasetLayout.Output.FACTOR_BELIEFS)));
            stream = new BatchStream(plan, BATCH, 0, 1, 0, (long) BATCHES, threads);
        }
    }

    /** A channel that takes every byte and keeps none. */
    static final class Discard implements WritableByteChannel {
        long bytes;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            bytes += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    /**
     * One batch generated into the block (a new range of sequences each call).
     *
     * @param c the state
     * @return the block
     */
    @Benchmark
    public Datasets.Block generate(Chain c) {
        c.next += BATCH;
        return Datasets.generate(c.chain, c.next, 1, c.threads, c.block);
    }

    /**
     * {@link #BATCHES} batches streamed to a discarding channel, header line included.
     *
     * @param c the state
     * @return the bytes written
     * @throws IOException never: the channel discards
     */
    @Benchmark
    public long stream(Chain c) throws IOException {
        Discard out = new Discard();
        c.stream.write(out);
        return out.bytes;
    }
}
