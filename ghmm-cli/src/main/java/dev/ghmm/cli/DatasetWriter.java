package dev.ghmm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.DatasetLayout;
import dev.ghmm.io.Npy;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a dataset directory in the layout {@code ghmm-dataset/1} ({@link DatasetLayout}; docs/guide.md): the files
 * of the chosen outputs and {@code meta.json}.
 *
 * <p>The dataset appears whole or not at all: it is written into a temporary sibling directory, which a failure or
 * SIGINT/SIGTERM removes, and renamed into place when complete. Each of {@code threads} shares, run on the dataset
 * threads of the library ({@link Datasets#inParallel}), generates its own blocks of sequences and writes their rows
 * at their place in every file, and every byte is the same whatever the number of threads.
 */
public final class DatasetWriter {
    /** Values generated per block, summed over the threads (about 32 MiB of doubles). */
    private static final long BLOCK_VALUES = 1L << 22;

    /**
     * What to write.
     *
     * @param first     index of the first sequence in the whole dataset (a shard starts there)
     * @param count     N, the number of sequences
     * @param length    L, tokens per sequence (before BOS)
     * @param seed      the dataset seed
     * @param outputs   the outputs
     * @param dtype     the type of floating outputs, float32 or float64
     * @param bos       whether to prepend a BOS token of id |𝒳|
     * @param overwrite whether a non-empty output directory is replaced
     * @param threads   generator threads
     * @param simplexityNormalisation whether beliefs are written as Astera-org/simplexity normalises them
     *                  ({@link DatasetPlan#DatasetPlan})
     * @param eos       whether to append an EOS token ({@link DatasetLayout.Framing})
     * @param padTo     T &gt; 0 to pad every sequence with PAD tokens to T tokens, 0 for none
     * @param freeze    the frozen factors and groups; the count must then be a multiple of K
     */
    public record Options(long first, long count, int length, long seed, Set<DatasetLayout.Output> outputs, Npy.Dtype dtype, boolean bos,
                          boolean overwrite, int threads, boolean simplexityNormalisation, boolean eos, int padTo, Datasets.Freeze freeze) {
        /**
         * What to write, without EOS, padding or frozen factors.
         *
         * @param first     index of the first sequence in the whole dataset (a shard starts there)
         * @param count     N, the number of sequences
         * @param length    L, tokens per sequence (before BOS)
         * @param seed      the dataset seed
         * @param outputs   the outputs
         * @param dtype     the type of floating outputs, float32 or float64
         * @param bos       whether to prepend a BOS token of id |𝒳|
         * @param overwrite whether a non-empty output directory is replaced
         * @param threads   generator threads
         * @param simplexityNormalisation whether beliefs are written as Astera-org/simplexity normalises them
         */
        public Options(long first, long count, int length, long seed, Set<DatasetLayout.Output> outputs, Npy.Dtype dtype, boolean bos,
                       boolean overwrite, int threads, boolean simplexityNormalisation) {
            this(first, count, length, seed, outputs, dtype, bos, overwrite, threads, simplexityNormalisation, false, 0, Datasets.Freeze.NONE);
        }
    }

    private final DatasetPlan plan;
    private final Path out;
    private final Options o;
    private final PrintStream progress;

    /**
     * A writer of one dataset.
     *
     * @param process  the process
     * @param spec     its full specification, recorded in meta.json so the dataset can be regenerated
     * @param out      the output directory
     * @param options  what to write
     * @param progress where progress lines go
     * @throws IllegalArgumentException as {@link DatasetPlan#DatasetPlan}, and when factors are frozen and the count is
     *                                  not a multiple of the number of groups
     */
    public DatasetWriter(Process process, JsonNode spec, Path out, Options options, PrintStream progress) {
        this.plan = new DatasetPlan(process, spec, options.seed(), options.outputs(), options.length(),
                new DatasetLayout.Framing(options.bos(), options.eos(), options.padTo()), options.dtype(), options.simplexityNormalisation(),
                options.freeze());
        plan.requireWholeGroups("--count", options.count());
        this.out = out;
        this.o = options;
        this.progress = progress;
    }

    /**
     * Generates and writes the dataset into {@link #out}.
     *
     * @param inputs files the caller read (the process file), which the output directory must not hold
     * @throws IllegalArgumentException on an unusable output directory (not empty without overwrite, parent missing,
     *                                  holding an input, not enough space, naming the bytes needed) or an invalid process
     * @throws IOException if writing fails; the previous state of the output directory is then unchanged
     */
    public void write(Path... inputs) throws IOException {
        OutputFiles.writeDirectory(out, o.overwrite(), () -> {
            long needed = 4096;
            try {
                for (DatasetLayout.File file : plan.layout.files(o.count())) {
                    needed = Math.addExact(needed, file.bytes());
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("--count " + o.count() + " with --length " + o.length() + " would need more than "
                        + Long.MAX_VALUE + " bytes");
            }
            return needed;
        }, this::writeFiles, inputs);
    }

    private void writeFiles(Path dir) throws IOException {
        long perSequence = plan.valuesPerSequence;
        // each thread holds at least one sequence: no more threads than keep the buffers within two of the longest
        // sequences allowed (2 GiB of doubles), which bounds memory as a single generator with a double buffer did
        int threads = (int) Math.max(1, Math.min(Math.min(o.threads(), o.count()), 2 * DatasetPlan.MAX_SEQUENCE_VALUES / perSequence));
        // every worker holds one block: together about BLOCK_VALUES values, and at least one block per worker
        int block = (int) Math.max(1, Math.min((o.count() + threads - 1) / threads, BLOCK_VALUES / threads / perSequence));
        long blocks = (o.count() + block - 1) / block;
        DatasetLayout.Writer files = plan.layout.new Writer(dir, o.count());
        ProgressLine line = new ProgressLine(progress, "ghmm sample", "sequences", o.count());
        boolean done = false;
        try {
            Shares shares = new Shares(files, block, blocks, line);
            Datasets.inParallel(threads, w -> shares.run());
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while writing the dataset");
            }
            shares.rethrow();
            done = shares.finished.get() == o.count();
        } catch (RuntimeException | IOException | Error e) {
            // the directory is discarded; closing half-written files must not hide why
            files.closeAll(e);
            throw e;
        } finally {
            if (done) {
                line.finish(o.count());
            } else {
                line.abandon(); // a terminal's bar ends before the error line
            }
        }
        files.finish(plan.description, o.first());
    }

    /**
     * Shares that each take the next block of sequences no share has taken, generate it into a buffer of their own and
     * write its rows of every file at their place, so nothing is copied between threads and every byte lands where one
     * thread would put it. After a block fails, the blocks after it are skipped and those before it (taken earlier)
     * still run, so the failure reported is the first block's, as on one thread. Every share polls the calling
     * thread's interrupt flag before it takes a block, so an interrupt of that thread stops every share after its
     * current block; a share runs out only once every block is taken, so none is left to a share that would not see
     * the flag. Progress is reported after each whole block as the largest count of sequences written so far
     * ({@link ProgressLine#update} keeps it monotone when shares report out of order).
     */
    private final class Shares {
        private final DatasetLayout.Writer files;
        private final int block;
        private final long blocks;
        private final ProgressLine line;
        /** Sequences written. */
        final AtomicLong finished = new AtomicLong();
        /** The next block no share has taken. */
        private final AtomicLong untaken = new AtomicLong();
        /** The first failed block, or {@link Long#MAX_VALUE}. */
        private final AtomicLong failedBlock = new AtomicLong(Long.MAX_VALUE);
        private final Map<Long, Throwable> failures = new ConcurrentHashMap<>();
        /** The thread that writes the dataset: its interrupt stops every share. */
        private final Thread caller = Thread.currentThread();

        Shares(DatasetLayout.Writer files, int block, long blocks, ProgressLine line) {
            this.files = files;
            this.block = block;
            this.blocks = blocks;
            this.line = line;
        }

        /** Takes blocks until none is left, one before them failed or the caller is interrupted; one buffer, one region per file. */
        void run() {
            Datasets.Block buffer = null;
            DatasetLayout.Writer.Rows rows = files.rows();
            long b = -1; // the block being written, then the last written: a failure to flush its rows is its
            try {
                while (!caller.isInterrupted()) {
                    long taken = untaken.getAndIncrement();
                    if (taken >= blocks || taken >= failedBlock.get()) {
                        break;
                    }
                    b = taken;
                    long done = b * block;
                    int size = (int) Math.min(block, o.count() - done);
                    if (buffer == null || buffer.count() != size) {
                        buffer = Datasets.Block.allocate(plan.process, plan.recorded, size, o.length());
                    }
                    Datasets.generate(plan.process, plan.freeze, o.first() + done, o.seed(), 1, buffer, (block, from, to) -> {
                    });
                    plan.normalise(buffer, 0, size);
                    rows.write(done, size, DatasetPlan.source(buffer));
                    line.update(finished.addAndGet(size));
                }
                rows.close();
            } catch (RuntimeException | IOException | Error t) {
                failures.put(b, t);
                failedBlock.accumulateAndGet(b, Math::min);
            }
        }

        /** Throws the first failed block's error, if any. */
        void rethrow() throws IOException {
            Throwable t = failures.get(failedBlock.get());
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error error) {
                throw error; // out of memory in a worker is reported as in the caller
            }
        }
    }
}
