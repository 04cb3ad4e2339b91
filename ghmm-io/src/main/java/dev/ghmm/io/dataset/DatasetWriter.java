package dev.ghmm.io.dataset;

import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

/**
 * Writes a dataset directory in the layout {@code ghmm-dataset/1} ({@link DatasetLayout}; docs/guide.md): the files
 * of the chosen outputs and {@code meta.json}, sequences [first, first + count) of a {@link DatasetPlan}.
 *
 * <p>The dataset appears whole or not at all ({@link OutputFiles#writeDirectory}): it is written into a temporary
 * sibling directory, which a failure or SIGINT/SIGTERM removes, and renamed into place when complete; a previous
 * dataset stays whole until then, and two runs on one directory never mix. Each of {@code threads} {@link Shares} takes
 * blocks of sequences from one counter, generates them and writes their rows at their place in every file, and every
 * byte is the same whatever the number of threads.
 */
public final class DatasetWriter {
    /** Values generated per block, summed over the threads (about 32 MiB of doubles). */
    private static final long BLOCK_VALUES = 1L << 22;

    private final DatasetPlan plan;
    private final long first;
    private final long count;
    private final int threads;

    /**
     * A writer of sequences [first, first + count) of a dataset (a shard when first &gt; 0).
     *
     * @param plan    the dataset
     * @param first   K ≥ 0, the index of the first sequence in the whole dataset ({@code --first})
     * @param count   N ≥ 1 sequences ({@code --count})
     * @param threads T ≥ 1 generator threads (more than the processors only add switching)
     * @throws IllegalArgumentException on K &lt; 0, N &lt; 1, K + N past 2<sup>63</sup> − 1, T &lt; 1, or frozen
     *                                  factors when N is not a multiple of the number of groups
     */
    public DatasetWriter(DatasetPlan plan, long first, long count, int threads) {
        if (first < 0 || count < 1 || first > Long.MAX_VALUE - count) {
            throw new IllegalArgumentException("--first " + first + " and --count " + count + " must be >= 0 and >= 1 with a sum of at most "
                    + Long.MAX_VALUE);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " must be >= 1");
        }
        plan.requireWholeGroups("--count", count);
        this.plan = plan;
        this.first = first;
        this.count = count;
        this.threads = threads;
    }

    /**
     * Generates and writes the dataset into {@code out}, as {@link #write(Path, boolean, LongConsumer, Path...)}
     * without progress.
     *
     * @param out       the dataset directory
     * @param overwrite whether a non-empty directory is replaced whole
     * @param inputs    files the caller read (the process file), which the output directory must not hold
     * @throws IllegalArgumentException as {@link #write(Path, boolean, LongConsumer, Path...)}
     * @throws IOException              if writing fails; the previous state of the output directory is then unchanged
     */
    public void write(Path out, boolean overwrite, Path... inputs) throws IOException {
        write(out, overwrite, written -> { }, inputs);
    }

    /**
     * Generates and writes the dataset into {@code out}: absent, an empty directory, or (with {@code overwrite}) any
     * directory, replaced whole once the new dataset is complete.
     *
     * @param out       the dataset directory
     * @param overwrite whether a non-empty directory is replaced whole
     * @param progress  told the sequences written so far after each block, from the writing threads: calls may come
     *                  concurrently and out of order (the largest count is the progress)
     * @param inputs    files the caller read (the process file), which the output directory must not hold
     * @throws IllegalArgumentException on an unusable output directory (not empty without overwrite, parent missing,
     *                                  holding an input, not enough space, naming the bytes needed, being written by
     *                                  another run) or an invalid process; messages name {@code out} and {@code overwrite} as
     *                                  the command line does, {@code --out} and {@code --overwrite}
     * @throws IOException              if writing fails or the thread is interrupted ({@link InterruptedIOException});
     *                                  the previous state of the output directory is then unchanged
     */
    public void write(Path out, boolean overwrite, LongConsumer progress, Path... inputs) throws IOException {
        OutputFiles.writeDirectory(out, overwrite, () -> {
            long needed = 4096;
            try {
                for (DatasetLayout.File file : plan.layout.files(count)) {
                    needed = Math.addExact(needed, file.bytes());
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("--count " + count + " with --length " + plan.layout.length() + " would need more than "
                        + Long.MAX_VALUE + " bytes");
            }
            return needed;
        }, dir -> writeFiles(dir, progress), inputs);
    }

    private void writeFiles(Path dir, LongConsumer progress) throws IOException {
        long perSequence = plan.valuesPerSequence;
        int shareCount = (int) Math.min(Shares.affordable(threads, perSequence), count);
        // every share generates one block at a time: together about BLOCK_VALUES values, and at least one block per
        // share (a share that also takes the shorter last block keeps a buffer of that size too)
        int block = (int) Math.max(1, Math.min((count + shareCount - 1) / shareCount, BLOCK_VALUES / shareCount / perSequence));
        long blocks = (count + block - 1) / block;
        DatasetLayout.Writer files = plan.layout.new Writer(dir, count);
        try {
            // block b is sequences [b·block, …) of the files, each share writing its rows through a region of its own
            Shares shares = new Shares(plan, blocks, b -> first + b * block, b -> (int) Math.min(block, count - b * block), () -> { });
            AtomicLong finished = new AtomicLong();
            shares.run(shareCount, s -> {
                DatasetLayout.Writer.Rows rows = files.rows();
                return new Shares.Sink() {
                    @Override
                    public void put(long b, Datasets.Block generated) throws IOException {
                        rows.write(b * block, generated.count(), DatasetPlan.source(generated));
                        progress.accept(finished.addAndGet(generated.count()));
                    }

                    @Override
                    public void close() throws IOException {
                        rows.close();
                    }
                };
            });
        } catch (RuntimeException | IOException | Error e) {
            // the directory is discarded; closing half-written files must not hide why
            files.closeAll(e);
            throw e;
        }
        files.finish(plan.description, first);
    }
}
