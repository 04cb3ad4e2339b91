package dev.ghmm.io.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import java.io.ByteArrayOutputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The stream's threads, called directly so that more threads than this machine's cores are exercised: a slow reader
 * holds the generator at three batches, an interrupt of the writing thread stops every share, and a failure ends the
 * stream after the batches before it whatever the number of threads.
 */
class BatchStreamTest {
    /**
     * Batches of 2 sequences of L = 100 000 tokens of mess3 (3·100 001 generated values each, more than a chunk's
     * 2<sup>18</sup>: a chunk per sequence, two per batch) to a reader that never takes the first batch: the threads
     * generate batches 0, 1 and 2 and at most one chunk each beyond, then wait; each makes one filter to size its
     * buffer and one per chunk. The writing thread's interrupt then ends the stream, and no chunk starts after it.
     */
    @Test
    void aSlowReaderHoldsTheGeneratorAtThreeBatchesAndAnInterruptStopsIt() throws Exception {
        Ghmm mess3 = Catalogue.mess3(0.15, 0.6);
        AtomicBoolean streaming = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger filters = new AtomicInteger();
        AtomicInteger afterInterrupt = new AtomicInteger();
        Process p = DatasetWriterTest.watched(mess3, () -> {
            if (streaming.get()) {
                filters.incrementAndGet();
                if (interrupted.get()) {
                    afterInterrupt.incrementAndGet();
                }
            }
        });
        int threads = 3;
        BatchStream stream = new BatchStream(new DatasetPlan(p, TextNode.valueOf("mess3"), DatasetOptions.of(1, 100_000, DatasetPlan.outputs("tokens"))),
                2, 0, 1, 0, null, threads);
        CountDownLatch never = new CountDownLatch(1);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                stream.write(new WritableByteChannel() {
                    @Override
                    public int write(ByteBuffer src) throws InterruptedIOException {
                        try {
                            never.await();
                        } catch (InterruptedException e) {
                            throw new InterruptedIOException("the reader was interrupted");
                        }
                        return 0;
                    }

                    @Override
                    public boolean isOpen() {
                        return true;
                    }

                    @Override
                    public void close() {
                    }
                });
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        streaming.set(true);
        writer.start();
        // wait until no filter has been made for a second
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int seen = -1;
        while (filters.get() != seen) {
            seen = filters.get();
            Thread.sleep(1000);
            assertTrue(System.nanoTime() < deadline, "the generator never stopped: " + filters.get() + " filters");
        }
        assertTrue(seen >= 3 * 2, "batches 0, 1 and 2 are generated: " + seen + " filters");
        assertTrue(seen <= 3 * 2 + 2 * threads, "three batches, then a chunk per thread: " + seen + " filters");
        interrupted.set(true);
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(30));
        assertTrue(ended.get() instanceof InterruptedIOException, String.valueOf(ended.get()));
        Thread.sleep(500);
        assertEquals(0, afterInterrupt.get(), "chunks started after the interrupt");
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("ghmm-stream"))) {
            assertTrue(System.nanoTime() < deadline, "the generator thread never ended");
            Thread.sleep(50);
        }
    }

    /**
     * An invalid process (valid at (1, 0); after "a" Pr(a) = −0.25) streamed in batches of one sequence: the stream
     * holds the batches before the first failing sequence and ends with its failure, the same on 1 to 4 threads.
     */
    @Test
    void aFailureEndsTheStreamAfterTheBatchesBeforeItWhateverTheThreads() throws Exception {
        Ghmm invalid = Ghmm.builder().symbol("a", new double[][] {{0, 0.5}, {-0.25, 0}}).symbol("b", new double[][] {{0.5, 0}, {0, 1.25}})
                .initial(new double[] {1, 0}).build();
        DatasetPlan plan = new DatasetPlan(invalid, TextNode.valueOf("invalid"), DatasetOptions.of(10, 3, DatasetPlan.outputs("tokens")));
        byte[] first = null;
        String message = null;
        for (int threads = 1; threads <= 4; threads++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BatchStream stream = new BatchStream(plan, 1, 0, 1, 0, null, threads);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stream.write(out));
            if (first == null) {
                first = out.toByteArray();
                message = e.getMessage();
                assertTrue(message.startsWith("sequence "), message);
                assertTrue(first.length > 0, "seed 10 fails after its first batch");
            }
            assertArrayEquals(first, out.toByteArray(), threads + " threads");
            assertEquals(message, e.getMessage(), threads + " threads");
        }
    }

    /**
     * A process that fails rarely (ε = 5·10⁻⁷: after "b" from state 1, Pr(a) = −0.25), streamed with L = 20 000 in
     * batches of 16, so each batch is two chunks (13 and 3 sequences) and the threads work on later batches when the
     * failure comes: seed 5 fails at sequence 139, so the stream holds exactly batches 0–7 and the failure, the same on
     * 1 to 4 threads.
     */
    @Test
    void aFailureInsideABatchOfChunksEndsTheStreamAfterTheBatchesBeforeIt() throws Exception {
        double eps = 5e-7;
        Ghmm rare = Ghmm.builder().symbol("a", new double[][] {{1 - eps, 0}, {-0.25, 0}}).symbol("b", new double[][] {{0, eps}, {1.25, 0}})
                .initial(new double[] {1, 0}).build();
        DatasetPlan plan = new DatasetPlan(rare, TextNode.valueOf("rare"), DatasetOptions.of(5, 20_000, DatasetPlan.outputs("tokens")));
        byte[] first = null;
        for (int threads = 1; threads <= 4; threads++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            BatchStream stream = new BatchStream(plan, 16, 0, 1, 0, null, threads);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> stream.write(out));
            assertTrue(e.getMessage().startsWith("sequence 139"), e.getMessage());
            byte[] bytes = out.toByteArray();
            int header = 0;
            while (bytes[header] != '\n') {
                header++;
            }
            assertEquals(8 * plan.layout.batchBytes(16), bytes.length - header - 1, threads + " threads: batches 0-7");
            if (first == null) {
                first = bytes;
            }
            assertArrayEquals(first, bytes, threads + " threads");
        }
    }
}
