package dev.ghmm.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @Test
    void runsEveryShareOnceShareZeroOnTheCaller() {
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        Thread[] threads = new Thread[5];
        Workers.run(5, s -> {
            runs.incrementAndGet(s);
            threads[s] = Thread.currentThread();
        });
        for (int s = 0; s < 5; s++) {
            assertEquals(1, runs.get(s), "share " + s);
        }
        assertSame(Thread.currentThread(), threads[0]);
        for (int s = 1; s < 5; s++) {
            // a worker that has ended its share may take a later one of the same call
            assertTrue(threads[s] != threads[0] && threads[s].isDaemon() && threads[s].getName().equals("ghmm-datasets"), "share " + s);
        }
    }

    @Test
    void returnsOnlyAfterEveryShareHasEnded() {
        boolean[] ended = new boolean[3];
        Workers.run(3, s -> {
            if (s > 0) {
                sleep(50 * s);
            }
            ended[s] = true;
        });
        assertArrayEquals(new boolean[] {true, true, true}, ended);
    }

    @Test
    void throwsTheLowestFailingSharesFailureWithTheOthersSuppressed() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> Workers.run(4, s -> {
            if (s == 2) {
                throw new IllegalArgumentException("share 2");
            }
            if (s == 3) {
                throw new IllegalStateException("share 3");
            }
        }));
        assertEquals("share 2", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals("share 3", thrown.getSuppressed()[0].getMessage());
        // the caller's own failure is the lowest
        assertEquals("share 0", assertThrows(IllegalStateException.class, () -> Workers.run(2, s -> {
            throw new IllegalStateException("share " + s);
        })).getMessage());
        // errors pass through too
        assertEquals("share 1", assertThrows(AssertionError.class, () -> Workers.run(2, s -> {
            if (s == 1) {
                throw new AssertionError("share 1");
            }
        })).getMessage());
    }

    @Test
    void callsOneAfterAnotherReuseTheSameThreads() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 1000; call++) {
            Workers.run(3, s -> {
                if (s > 0) {
                    seen.add(Thread.currentThread());
                }
            });
        }
        // each call returns after its workers are idle again, so the next finds them: no thread is started after the first call
        assertTrue(seen.size() <= 2, seen.size() + " worker threads used by 1000 calls of 3 shares");
    }

    @Test
    void concurrentCallsEachGetTheirOwnShares() throws InterruptedException {
        int callers = 4;
        int shares = 3;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * shares);
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Thread thread = new Thread(() -> {
                await(start);
                for (int call = 0; call < 50; call++) {
                    Workers.run(shares, s -> runs.incrementAndGet(caller * shares + s));
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (int i = 0; i < callers * shares; i++) {
            assertEquals(50, runs.get(i), "caller " + i / shares + " share " + i % shares);
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForTheWorkersAndKeepsItsInterrupt() {
        boolean[] ended = new boolean[2];
        Thread caller = Thread.currentThread();
        Workers.run(2, s -> {
            if (s == 1) {
                caller.interrupt();
                sleep(100);
            }
            ended[s] = true;
        });
        assertTrue(Thread.interrupted(), "the interrupt is kept (and cleared here)");
        assertArrayEquals(new boolean[] {true, true}, ended);
    }

    @Test
    void anIdleWorkerHoldsNoReferenceToTheDataOfItsLastCall() throws InterruptedException {
        WeakReference<double[]> data = handToAWorker();
        for (int attempt = 0; attempt < 20 && data.get() != null; attempt++) {
            System.gc();
            Thread.sleep(10);
        }
        assertTrue(data.get() == null, "the last call's block is still reachable from an idle worker");
    }

    private static WeakReference<double[]> handToAWorker() {
        double[] block = new double[1 << 20];
        Workers.run(2, s -> block[s] = s);
        return new WeakReference<>(block);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
