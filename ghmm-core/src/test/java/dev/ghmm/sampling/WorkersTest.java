package dev.ghmm.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

class WorkersTest {
    private final Workers workers = new Workers("workers-test");

    @Test
    void runsEveryShareOnceShareZeroOnTheCaller() {
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        Thread[] threads = new Thread[5];
        workers.run(5, s -> {
            runs.incrementAndGet(s);
            threads[s] = Thread.currentThread();
        });
        for (int s = 0; s < 5; s++) {
            assertEquals(1, runs.get(s), "share " + s);
        }
        assertSame(Thread.currentThread(), threads[0]);
        for (int s = 1; s < 5; s++) {
            // a worker that has ended its share may take a later one of the same call
            assertTrue(threads[s] != threads[0] && threads[s].isDaemon() && threads[s].getName().equals("workers-test"), "share " + s);
        }
        assertEquals("shares 0 must be >= 1", assertThrows(IllegalArgumentException.class, () -> workers.run(0, s -> {
        })).getMessage());
    }

    @Test
    void returnsOnlyAfterEveryShareHasEnded() {
        boolean[] ended = new boolean[3];
        workers.run(3, s -> {
            if (s > 0) {
                sleep(50 * s);
            }
            ended[s] = true;
        });
        assertArrayEquals(new boolean[] {true, true, true}, ended);
        // also when the caller's own share fails at once
        boolean[] later = new boolean[2];
        assertThrows(IllegalStateException.class, () -> workers.run(2, s -> {
            if (s == 0) {
                throw new IllegalStateException("share 0");
            }
            sleep(100);
            later[s] = true;
        }));
        assertTrue(later[1], "share 1 ended before the failure of share 0 was thrown");
    }

    @Test
    void throwsTheLowestFailingSharesFailureWithTheOthersSuppressed() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> workers.run(4, s -> {
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
        assertEquals("share 0", assertThrows(IllegalStateException.class, () -> workers.run(2, s -> {
            throw new IllegalStateException("share " + s);
        })).getMessage());
        // errors pass through too
        assertEquals("share 1", assertThrows(AssertionError.class, () -> workers.run(2, s -> {
            if (s == 1) {
                throw new AssertionError("share 1");
            }
        })).getMessage());
    }

    @Test
    void oneFailureThrownByTwoSharesIsThrownOnceAndACheckedOneIsWrapped() {
        IllegalStateException shared = new IllegalStateException("shared");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> workers.run(4, s -> {
            if (s > 0) {
                throw shared;
            }
        }));
        assertSame(shared, thrown);
        assertEquals(0, thrown.getSuppressed().length);
        IOException checked = new IOException("checked");
        UndeclaredThrowableException wrapped = assertThrows(UndeclaredThrowableException.class, () -> workers.run(2, s -> {
            if (s == 1) {
                WorkersTest.<RuntimeException>sneakyThrow(checked);
            }
        }));
        assertSame(checked, wrapped.getCause());
    }

    @Test
    void callsOneAfterAnotherReuseTheSameThreads() {
        Set<Thread> seen = ConcurrentHashMap.newKeySet();
        for (int call = 0; call < 1000; call++) {
            workers.run(3, s -> {
                if (s > 0) {
                    seen.add(Thread.currentThread());
                }
            });
        }
        // each call returns after its workers are idle again, so the next finds them: no thread is started after the first call
        assertTrue(seen.size() <= 2, seen.size() + " worker threads used by 1000 calls of 3 shares");
    }

    @Test
    void idleWorkersEndAndCallsRacingTheirEndStillRunEveryShare() throws InterruptedException {
        Workers brief = new Workers("workers-brief", TimeUnit.MICROSECONDS.toNanos(20), TimeUnit.MICROSECONDS.toNanos(300));
        Queue<Thread> started = new ConcurrentLinkedQueue<>();
        SplittableRandom random = new SplittableRandom(17);
        for (int call = 0; call < 2000; call++) {
            int shares = 1 + random.nextInt(4);
            AtomicIntegerArray runs = new AtomicIntegerArray(shares);
            brief.run(shares, s -> {
                runs.incrementAndGet(s);
                if (s > 0) {
                    started.add(Thread.currentThread());
                }
            });
            for (int s = 0; s < shares; s++) {
                assertEquals(1, runs.get(s), "call " + call + " share " + s);
            }
            // gaps around the idle time, so that callers take workers just as they end
            LockSupport.parkNanos(random.nextInt(600_000));
        }
        for (Thread worker : started) {
            worker.join(TimeUnit.SECONDS.toMillis(5));
            assertFalse(worker.isAlive(), "an idle worker did not end");
        }
    }

    @Test
    void concurrentCallsEachGetTheirOwnShares() throws InterruptedException {
        int callers = 4;
        int shares = 3;
        AtomicIntegerArray runs = new AtomicIntegerArray(callers * shares);
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int c = 0; c < callers; c++) {
            int caller = c;
            Thread thread = new Thread(() -> {
                await(start);
                for (int call = 0; call < 50; call++) {
                    workers.run(shares, s -> runs.incrementAndGet(caller * shares + s));
                }
            });
            thread.setUncaughtExceptionHandler((t, e) -> failures.add(e));
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), "a caller did not return");
        }
        assertTrue(failures.isEmpty(), () -> "callers failed: " + failures);
        for (int i = 0; i < callers * shares; i++) {
            assertEquals(50, runs.get(i), "caller " + i / shares + " share " + i % shares);
        }
    }

    @Test
    void anInterruptedCallerStillWaitsForTheWorkersAndKeepsItsInterrupt() {
        boolean[] ended = new boolean[2];
        Thread caller = Thread.currentThread();
        workers.run(2, s -> {
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
    void aSharesInterruptOfItsOwnThreadDoesNotReachTheNextShare() {
        Workers single = new Workers("workers-single");
        single.run(2, s -> {
            if (s == 1) {
                Thread.currentThread().interrupt();
            }
        });
        boolean[] interrupted = {true, true};
        single.run(2, s -> interrupted[s] = Thread.currentThread().isInterrupted());
        assertFalse(interrupted[1]);
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

    private WeakReference<double[]> handToAWorker() {
        double[] block = new double[1 << 20];
        workers.run(2, s -> block[s] = s);
        return new WeakReference<>(block);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable e) throws T {
        throw (T) e;
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
