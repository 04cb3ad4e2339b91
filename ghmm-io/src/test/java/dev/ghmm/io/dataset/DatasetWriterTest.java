package dev.ghmm.io.dataset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FilterModel;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's threads, called directly so that more threads than this machine's cores are exercised: each thread
 * writes its own blocks at their place, and the files are the same bytes whatever the number of threads.
 */
class DatasetWriterTest {
    @TempDir
    Path tmp;

    private Path write(Process p, String name, long count, int length, String outputs, int threads) throws IOException {
        Path out = tmp.resolve(name + "-" + threads);
        DatasetOptions o = DatasetOptions.of(3, length, DatasetPlan.outputs(outputs)).withFraming(new DatasetLayout.Framing(true, false, 0));
        new DatasetWriter(new DatasetPlan(p, TextNode.valueOf(name), o), 5, count, threads).write(out, false);
        return out;
    }

    private static void assertSameFiles(Path a, Path b) throws IOException {
        try (var files = Files.list(a)) {
            for (Path f : files.toList()) {
                assertArrayEquals(Files.readAllBytes(f), Files.readAllBytes(b.resolve(f.getFileName())), f.toString());
            }
        }
    }

    /** 100 sequences of 10 000 tokens with every output: blocks of 15 sequences on 3 threads (worker 0 writes blocks 0, 3, 6). */
    @Test
    void severalBlocksPerThreadMakeTheBytesOfOneThread() throws IOException {
        Process mess3 = Catalogue.mess3(0.15, 0.6);
        String all = "tokens,beliefs,next,loss,logprob";
        Path one = write(mess3, "mess3", 100, 10_000, all, 1);
        Path three = write(mess3, "mess3", 100, 10_000, all, 3);
        assertSameFiles(one, three);
        Process factored = FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.z1r());
        assertSameFiles(write(factored, "factored", 61, 5_000, "tokens,factor-beliefs", 1),
                write(factored, "factored", 61, 5_000, "tokens,factor-beliefs", 3));
    }

    /**
     * One pool for the library and the command line: the writer's shares run on the caller and on the library's
     * dataset threads ({@code ghmm-datasets}), each share making its filter on its own thread, and on no pool of its own.
     */
    @Test
    void theWriterRunsOnTheLibrarysDatasetThreads() throws IOException {
        Ghmm mess3 = Catalogue.mess3(0.15, 0.6);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Process watched = watched(mess3, () -> threads.add(Thread.currentThread().getName()));
        assertSameFiles(write(mess3, "mess3", 100, 10_000, "tokens", 1), write(watched, "mess3", 100, 10_000, "tokens", 3));
        threads.remove(Thread.currentThread().getName());
        assertEquals(Set.of("ghmm-datasets"), threads);
    }

    /**
     * mess3 whose {@link Process#filter()} first runs {@code onFilter}: the writer's shares call it once to size their
     * buffer, then once per block they generate.
     */
    static Process watched(Ghmm mess3, Runnable onFilter) {
        return new Process() {
            @Override
            public String name() {
                return mess3.name();
            }

            @Override
            public Alphabet alphabet() {
                return mess3.alphabet();
            }

            @Override
            public int states() {
                return mess3.states();
            }

            @Override
            public BeliefFilter filter() {
                onFilter.run();
                return mess3.filter();
            }

            @Override
            public FilterModel filterModel() {
                return mess3.filterModel();
            }

            @Override
            public Ghmm joint() {
                return mess3;
            }
        };
    }

    /**
     * An interrupt of the writing thread stops every share after its current block, also when it comes while that
     * thread, done with its own blocks, waits for the others. 4 sequences of 400 000 tokens are one block each (about
     * 2<sup>22</sup> values over two threads); the other share's first block waits until the caller has generated two
     * blocks and is parked, then interrupts it: no block may start after that. Before the fix, share 0 alone polled the
     * flag, after each of its own blocks 0 and 2, and share 1 went on to block 3.
     */
    @Test
    void anInterruptStopsEveryShareAfterItsCurrentBlock() throws Exception {
        Ghmm mess3 = Catalogue.mess3(0.15, 0.6);
        Thread caller = Thread.currentThread();
        AtomicBoolean writing = new AtomicBoolean();
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicInteger callerFilters = new AtomicInteger();
        AtomicInteger otherFilters = new AtomicInteger();
        AtomicInteger startedAfterInterrupt = new AtomicInteger();
        Process p = watched(mess3, () -> {
            if (!writing.get()) {
                return; // the plan's own filter
            }
            if (interrupted.get()) {
                startedAfterInterrupt.incrementAndGet();
            }
            if (Thread.currentThread() == caller) {
                callerFilters.incrementAndGet();
            } else if (otherFilters.incrementAndGet() == 2) { // its first block, after sizing its buffer
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (callerFilters.get() < 3 || caller.getState() != Thread.State.WAITING) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the caller never waited for this share");
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                interrupted.set(true);
                caller.interrupt();
            }
        });
        DatasetWriter writer = new DatasetWriter(new DatasetPlan(p, TextNode.valueOf("mess3"), DatasetOptions.of(3, 400_000, DatasetPlan.outputs("tokens"))),
                0, 4, 2);
        writing.set(true);
        try {
            assertThrows(InterruptedIOException.class, () -> writer.write(tmp.resolve("out"), false));
        } finally {
            Thread.interrupted();
        }
        assertEquals(2, otherFilters.get(), "the other share's buffer and blocks");
        assertEquals(0, startedAfterInterrupt.get(), "blocks started after the interrupt");
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    /** Valid at (1, 0), where Pr(a) = Pr(b) = 1/2; after "a" the belief is (0, 1) and Pr(a) = −0.25. */
    @Test
    void theFailureReportedIsTheFirstSequencesWhateverTheThreads() {
        Ghmm invalid = Ghmm.builder().symbol("a", new double[][] {{0, 0.5}, {-0.25, 0}}).symbol("b", new double[][] {{0.5, 0}, {0, 1.25}})
                .initial(new double[] {1, 0}).build();
        String[] messages = new String[4];
        for (int threads = 1; threads <= 4; threads++) {
            int t = threads;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> write(invalid, "invalid", 400, 4, "tokens", t));
            messages[t - 1] = e.getMessage();
            assertFalse(Files.exists(tmp.resolve("invalid-" + t)), "nothing is written");
        }
        assertTrue(messages[0].startsWith("sequence "), messages[0]);
        for (String m : messages) {
            assertEquals(messages[0], m);
        }
    }
}
