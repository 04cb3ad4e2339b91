package dev.ghmm.io.dataset;

import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The dataset as a stream of batches ({@code ghmm-stream/1}, docs/guide.md, "Stream"): one header line of JSON, then
 * batch k = K, K+1, … of rank r of W, which holds sequences [g·B, (g+1)·B), g = k·W + r, of the dataset {@code sample}
 * writes, as the complete {@code .npy} files of its outputs back to back.
 *
 * <p>A generator thread fills each batch through {@link Datasets#generate(dev.ghmm.process.Process, long, long, int,
 * Datasets.Block, Datasets.Filled)} on the shared dataset workers, each share putting its rows into the batch's bytes;
 * the caller writes complete batches. Two batch buffers go round: the generator runs at most two batches ahead of
 * the reader and waits when the reader is slow, so memory is one block of doubles and two batches of bytes.
 */
public final class BatchStream {
    /** Batch buffers in flight: one written while the next is filled. */
    private static final int BUFFERS = 2;

    private final DatasetPlan plan;
    private final int batch;
    private final int rank;
    private final int world;
    private final long startBatch;
    private final Long batches;
    private final int threads;
    private final int batchBytes;

    /**
     * A stream of a dataset.
     *
     * @param plan       the dataset
     * @param batch      B ≥ 1, sequences per batch
     * @param rank       r in [0, W)
     * @param world      W ≥ 1
     * @param startBatch K ≥ 0, the first batch
     * @param batches    N ≥ 1 batches, or null for an endless stream
     * @param threads    generator threads ≥ 1
     * @throws IllegalArgumentException on a value out of its range, if a batch holds more than 2<sup>31</sup> − 1 bytes
     *                                  or generated values, the first (with N, the last) batch passes sequence
     *                                  2<sup>63</sup> − 1, or factors are frozen and B is not a multiple of the number
     *                                  of groups
     */
    public BatchStream(DatasetPlan plan, int batch, int rank, int world, long startBatch, Long batches, int threads) {
        if (batch < 1) {
            throw new IllegalArgumentException("--batch " + batch + " must be >= 1");
        }
        if (world < 1) {
            throw new IllegalArgumentException("--world " + world + " must be >= 1");
        }
        if (rank < 0 || rank >= world) {
            throw new IllegalArgumentException("--rank " + rank + " must be in [0, --world " + world + ")");
        }
        if (startBatch < 0) {
            throw new IllegalArgumentException("--start-batch " + startBatch + " must be >= 0");
        }
        if (batches != null && batches < 1) {
            throw new IllegalArgumentException("--batches " + batches + " must be >= 1 (or null for an endless stream)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads " + threads + " must be >= 1");
        }
        this.plan = plan;
        this.batch = batch;
        this.rank = rank;
        this.world = world;
        this.startBatch = startBatch;
        this.batches = batches;
        this.threads = threads;
        plan.requireWholeGroups("--batch", batch);
        long bytes = plan.layout.batchBytes(batch);
        long values = Math.multiplyExact((long) batch, plan.valuesPerSequence);
        if (bytes > Integer.MAX_VALUE || values > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--batch " + batch + " with --length " + plan.layout.length() + " and these outputs holds " + bytes
                    + " bytes and generates " + values + " values per batch, more than 2147483647 of either; use a smaller --batch");
        }
        this.batchBytes = (int) bytes;
        first(startBatch);
        if (batches != null) {
            try {
                first(Math.addExact(startBatch, batches - 1));
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("--start-batch " + startBatch + " + --batches " + batches + " exceeds " + Long.MAX_VALUE);
            }
        }
    }

    /** The index of the first sequence of batch k: g·B, g = k·W + r; refused where a sequence index passes a long. */
    private long first(long k) {
        try {
            long g = Math.addExact(Math.multiplyExact(k, world), rank);
            Math.multiplyExact(Math.addExact(g, 1), batch);
            return g * batch;
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("batch " + k + " of rank " + rank + " of " + world + " would hold sequences past " + Long.MAX_VALUE
                    + ", the last index of a dataset");
        }
    }

    /** A filled batch, or the end: the failure that stopped the generator (null after the last batch). */
    private record Filled(ByteBuffer bytes, Throwable failure) {
    }

    /**
     * Writes the header line and the batches to {@code out}, the header only with the first batch, so a stream that
     * cannot start writes nothing.
     *
     * @param out where the stream goes; each batch is written whole
     * @throws IOException              if {@code out} cannot be written (the reader has gone); the generator stops
     * @throws IllegalArgumentException if the process turns invalid: the batches before are written, none after
     */
    public void write(WritableByteChannel out) throws IOException {
        stream(bytes -> writeFully(out, bytes));
    }

    private void stream(Sink out) throws IOException {
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(BUFFERS);
        BlockingQueue<Filled> filled = new ArrayBlockingQueue<>(BUFFERS + 1);
        for (int k = 0; k < BUFFERS; k++) {
            free.add(ByteBuffer.allocateDirect(batchBytes));
        }
        Thread generator = new Thread(() -> generate(free, filled), "ghmm-stream");
        generator.setDaemon(true);
        generator.start();
        try {
            ByteBuffer header = ByteBuffer.wrap(plan.layout.streamHeader(plan.description, batch, rank, world, startBatch, batches)
                    .getBytes(StandardCharsets.UTF_8));
            while (true) {
                Filled next = filled.take();
                if (next.bytes() == null) {
                    if (next.failure() instanceof Error e) {
                        throw e;
                    }
                    if (next.failure() != null) {
                        throw (RuntimeException) next.failure();
                    }
                    return;
                }
                if (header != null) {
                    out.write(header);
                    header = null;
                }
                out.write(next.bytes());
                free.add(next.bytes());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        } finally {
            generator.interrupt();
        }
    }

    /**
     * Writes the header line and the batches to {@code out}, as {@link #write(WritableByteChannel)}, and flushes it
     * after each batch.
     *
     * @param out where the stream goes
     * @throws IOException              if {@code out} cannot be written (the reader has gone); the generator stops
     * @throws IllegalArgumentException if the process turns invalid: the batches before are written, none after
     */
    public void write(OutputStream out) throws IOException {
        WritableByteChannel channel = Channels.newChannel(out);
        stream(bytes -> {
            writeFully(channel, bytes);
            out.flush();
        });
    }

    /** Where whole pieces of the stream go. */
    @FunctionalInterface
    private interface Sink {
        void write(ByteBuffer bytes) throws IOException;
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer bytes) throws IOException {
        bytes.rewind();
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /** Fills batches K, K+1, … into free buffers until the last, a failure, or an interrupt (the writer has stopped). */
    private void generate(BlockingQueue<ByteBuffer> free, BlockingQueue<Filled> filled) {
        try {
            try {
                Datasets.Block block = Datasets.Block.allocate(plan.process, plan.recorded, batch, plan.layout.length());
                for (long k = startBatch; batches == null || k - startBatch < batches; k++) {
                    ByteBuffer bytes = free.take();
                    long first = first(k);
                    Datasets.generate(plan.process, plan.freeze, first, plan.options().seed(), threads, block, (b, from, to) -> {
                        plan.normalise(b, from, to);
                        plan.layout.encode(bytes.duplicate().clear(), batch, DatasetPlan.source(b), from, to);
                    });
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    filled.put(new Filled(bytes, null));
                }
                filled.put(new Filled(null, null));
            } catch (RuntimeException | Error e) {
                // the writer reports it once the batches before are out
                filled.put(new Filled(null, e));
            }
        } catch (InterruptedException e) {
            // the writer has stopped
        }
    }
}
