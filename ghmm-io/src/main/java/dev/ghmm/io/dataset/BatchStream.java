package dev.ghmm.io.dataset;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * The dataset as a stream of batches ({@code ghmm-stream/1}, docs/guide.md, "Stream"): one header line of JSON, then
 * batch k = K, K+1, … of rank r of W, which holds sequences [g·B, (g+1)·B), g = k·W + r, of the dataset {@code sample}
 * writes, as the complete {@code .npy} files of its outputs back to back.
 *
 * <p>A generator thread runs the {@link Shares} of the stream on the shared dataset workers: every batch is cut into
 * chunks of c = max(⌈B / 2T⌉, ⌊2<sup>18</sup> / values⌋, 1) sequences (at most B; two chunks per thread and batch, or
 * 2<sup>18</sup> generated values where that is more: a chunk costs about 0.4 ms of its own), and each thread takes the
 * next chunk of the whole stream from one counter, generates it into a block of its own and converts its rows into
 * the batch's bytes, so a thread done with its part of batch k goes on with batch k+1 instead of waiting for the other
 * threads. The caller writes each batch whole once all its chunks are in, in order. Three batch buffers go round: one
 * being written while the next two are filled, so the generator runs at most three batches of bytes ahead of the
 * reader (and, with more threads than chunks per batch, holds chunks of later batches among its doubles) and waits
 * when the reader is slow. Memory is three batches of bytes and, per thread, at most two blocks of c sequences:
 * one batch of doubles over all T threads, or 4 MiB of doubles per thread where that is more (two sequences' where one
 * sequence holds more than 2<sup>18</sup> values).
 */
public final class BatchStream {
    /** Batch buffers in flight: one written while the next two are filled. */
    private static final int BUFFERS = 3;
    /** Generated values per chunk, at least where a batch allows (2 MiB of doubles, unless one sequence holds more). */
    private static final long CHUNK_VALUES = 1L << 18;

    private final DatasetPlan plan;
    private final int batch;
    private final int rank;
    private final int world;
    private final long startBatch;
    private final Long batches;
    private final int threads;
    private final int batchBytes;
    /** c, the sequences of a chunk, and the chunks per batch, ⌈B / c⌉ (the last may hold fewer). */
    private final int chunk;
    private final int chunks;

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
        long half = (batch + 2L * threads - 1) / (2L * threads);
        this.chunk = (int) Math.min(batch, Math.max(1, Math.max(half, CHUNK_VALUES / plan.valuesPerSequence)));
        this.chunks = (batch + chunk - 1) / chunk;
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

    /**
     * Writes the header line and the batches to {@code out}, the header only with the first batch, so a stream that
     * cannot start writes nothing.
     *
     * @param out where the stream goes; each batch is written whole
     * @throws IOException              if {@code out} cannot be written (the reader has gone), or
     *                                  {@link InterruptedIOException} if the caller is interrupted; either way the
     *                                  generating threads have ended (after at most their current chunk) when it is
     *                                  thrown
     * @throws IllegalArgumentException if the process turns invalid: the batches before are written, none after
     */
    public void write(WritableByteChannel out) throws IOException {
        stream(bytes -> writeFully(out, bytes));
    }

    private void stream(Sink out) throws IOException {
        InFlight inFlight = new InFlight();
        // N batches of chunks: N·⌈B / c⌉ ≤ N·B, which the constructor checked to fit
        long blocks = batches == null ? Long.MAX_VALUE : batches * chunks;
        Shares shares = new Shares(plan, blocks, b -> first(startBatch + b / chunks) + b % chunks * chunk,
                b -> (int) Math.min(chunk, batch - b % chunks * chunk), inFlight::wake);
        Thread generator = new Thread(() -> generate(inFlight, shares, blocks), "ghmm-stream");
        generator.setDaemon(true);
        generator.start();
        try {
            ByteBuffer header = ByteBuffer.wrap(plan.layout.streamHeader(plan.description, batch, rank, world, startBatch, batches)
                    .getBytes(StandardCharsets.UTF_8));
            for (long i = 0; batches == null || i < batches; i++) {
                ByteBuffer bytes = inFlight.filled(i);
                if (header != null) {
                    out.write(header);
                    header = null;
                }
                out.write(bytes);
                inFlight.written(i);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while streaming");
        } finally {
            // the shares stop after their current chunk, and those that wait for a buffer are woken to see it; the
            // stream returns once they have ended (at most one chunk each), as Workers' callers do
            shares.stop();
            inFlight.wake();
            joinUninterruptibly(generator);
        }
    }

    /** Waits for t to end, keeping (and restoring) an interrupt of the caller. */
    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes the header line and the batches to {@code out}, as {@link #write(WritableByteChannel)}, and flushes it
     * after each batch.
     *
     * @param out where the stream goes
     * @throws IOException              if {@code out} cannot be written (the reader has gone), or
     *                                  {@link InterruptedIOException} if the caller is interrupted; either way the
     *                                  generating threads have ended (after at most their current chunk) when it is
     *                                  thrown
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

    /**
     * The batches in flight: batch i of the stream (k = K + i) is filled into buffer i mod {@link #BUFFERS} once batch
     * i − BUFFERS is written, and written once its {@link #chunks} chunks are in. Guarded by its monitor, which every
     * change notifies.
     */
    private final class InFlight {
        private final ByteBuffer[] buffers = new ByteBuffer[BUFFERS];
        /** Per buffer, the chunks of its batch put so far. */
        private final int[] put = new int[BUFFERS];
        /** Batches written. */
        private long written;
        /** Whether the generator has ended, and the failure that ended it before the last batch (null: none). */
        private boolean ended;
        private Throwable failure;

        InFlight() {
            for (int k = 0; k < BUFFERS; k++) {
                buffers[k] = ByteBuffer.allocateDirect(batchBytes);
            }
        }

        /** The buffer of batch i once free, or null once chunk b is skipped ({@link Shares#skips}) while it waits. */
        synchronized ByteBuffer free(long i, long b, Shares shares) throws InterruptedIOException {
            while (i >= written + BUFFERS) {
                if (shares.skips(b)) {
                    return null;
                }
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while streaming");
                }
            }
            return buffers[(int) (i % BUFFERS)];
        }

        /** One more chunk of batch i is in its buffer. */
        synchronized void put(long i) {
            if (++put[(int) (i % BUFFERS)] == chunks) {
                notifyAll();
            }
        }

        /**
         * Batch i once all its chunks are in.
         *
         * @throws IllegalArgumentException (or what else the generator failed with) if it ended before
         */
        synchronized ByteBuffer filled(long i) throws InterruptedException, IOException {
            int slot = (int) (i % BUFFERS);
            while (put[slot] < chunks) {
                if (ended) {
                    if (failure instanceof IOException io) {
                        throw io;
                    }
                    if (failure instanceof RuntimeException r) {
                        throw r;
                    }
                    if (failure instanceof Error e) {
                        throw e;
                    }
                    throw new IllegalStateException("the generator ended before batch " + (startBatch + i), failure);
                }
                wait();
            }
            return buffers[slot];
        }

        /** Batch i is written: its buffer is free for batch i + BUFFERS. */
        synchronized void written(long i) {
            put[(int) (i % BUFFERS)] = 0;
            written++;
            notifyAll();
        }

        /** The generator has ended, with its failure or null. */
        synchronized void end(Throwable failure) {
            this.ended = true;
            this.failure = failure;
            notifyAll();
        }

        /** Wakes whoever waits, to look again (a share whose chunk is now skipped). */
        synchronized void wake() {
            notifyAll();
        }
    }

    /**
     * Fills batches K, K+1, … chunk by chunk on the shares until the last, a failure, or the writer stops them; chunk b
     * of the stream (block b of the shares) is chunk b mod {@link #chunks} of batch i = b / chunks (k = K + i).
     */
    private void generate(InFlight inFlight, Shares shares, long blocks) {
        Throwable failure = null;
        try {
            shares.run((int) Math.min(Shares.affordable(threads, plan.valuesPerSequence), blocks), s -> (b, generated) -> {
                long i = b / chunks;
                ByteBuffer bytes = inFlight.free(i, b, shares);
                if (bytes != null) {
                    plan.layout.encode(bytes.duplicate().clear(), batch, (int) (b % chunks) * chunk, generated.count(),
                            DatasetPlan.source(generated));
                    inFlight.put(i);
                }
            });
        } catch (RuntimeException | IOException | Error e) {
            // the writer reports it once the batches before are out
            failure = e;
        }
        inFlight.end(failure);
    }
}
