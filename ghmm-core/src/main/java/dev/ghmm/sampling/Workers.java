package dev.ghmm.sampling;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Daemon threads that run the shares of a call beside the calling thread. Every wait (a worker's for its next share,
 * the caller's for the workers) spins for up to a set time before the thread parks, so calls made one after another
 * hand over without waking a parked thread, which costs tens of microseconds on a virtual machine: with a 200 µs
 * spin, {@link Datasets#generate(dev.ghmm.process.Process, long, long, int, Datasets.Block)} on 256×256 blocks went
 * from 1.61–1.92× to 1.87–2.00× one thread's throughput on 2 threads (docs/performance.md, before and after). The
 * price is up to that spin of processor time per worker and call, taken from other threads only when there are more
 * busy threads than cores. Threads are created when a call needs more than are idle, and end after a set time idle.
 */
final class Workers {
    /** How long a waiting thread spins before it parks by default: a few wake-ups of a parked thread. */
    private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How long an idle worker thread waits for a share before it ends by default. */
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final long spinNanos;
    private final long idleNanos;
    /** Idle workers, the most recently idle first (its caches are the warmest). */
    private final ConcurrentLinkedDeque<Worker> idle = new ConcurrentLinkedDeque<>();

    /**
     * Workers that spin for {@link #SPIN_NANOS} and end after {@link #IDLE_NANOS} idle.
     *
     * @param name the name of their threads
     */
    Workers(String name) {
        this(name, SPIN_NANOS, IDLE_NANOS);
    }

    /**
     * Workers with the given waits.
     *
     * @param name      the name of their threads
     * @param spinNanos how long a waiting thread spins before it parks, ≥ 0
     * @param idleNanos how long an idle worker waits for a share before it ends, ≥ spinNanos
     */
    Workers(String name, long spinNanos, long idleNanos) {
        this.name = name;
        this.spinNanos = spinNanos;
        this.idleNanos = idleNanos;
    }

    /**
     * Runs {@code share.accept(s)} for s = 0 … shares−1 at the same time, so the shares must write disjoint data:
     * share 0 on the calling thread, the others on worker threads (a worker may take more than one share of a call,
     * and shares that no thread could be started for run on the caller after share 0). Returns only once every share
     * has ended, so nothing runs on the caller's data afterwards; an interrupt of the caller is kept for it, not acted
     * upon.
     *
     * @param shares ≥ 1
     * @param share  what share s does
     * @throws IllegalArgumentException if shares &lt; 1
     * @throws RuntimeException         the failure of the lowest failing share, the later shares' distinct failures
     *                                  added to it as suppressed (an {@link UndeclaredThrowableException} around a
     *                                  checked exception); likewise an {@link Error}
     */
    void run(int shares, IntConsumer share) {
        if (shares < 1) {
            throw new IllegalArgumentException("shares " + shares + " must be >= 1");
        }
        Call call = new Call(shares, share);
        int handed = 1;
        try {
            for (; handed < shares; handed++) {
                Worker worker = idle.pollFirst();
                if (worker == null) {
                    worker = new Worker();
                    worker.start();
                }
                call.unfinished.incrementAndGet();
                worker.hand(call, handed);
            }
        } catch (RuntimeException | Error e) {
            // no more threads could be started: the shares not handed over run here
        }
        call.run(0);
        for (int s = handed; s < shares; s++) {
            call.run(s);
        }
        call.await();
    }

    /** One call's shares, their failures and the number of shares handed to workers and not yet ended. */
    private final class Call {
        private final IntConsumer share;
        private final Throwable[] failures;
        private final AtomicInteger unfinished = new AtomicInteger();
        private final Thread caller = Thread.currentThread();

        Call(int shares, IntConsumer share) {
            this.share = share;
            this.failures = new Throwable[shares];
        }

        /** Runs share s, keeping whatever it throws. */
        void run(int s) {
            try {
                share.accept(s);
            } catch (Throwable e) {
                failures[s] = e;
            }
        }

        /** Marks a worker's share as ended (its failure, if any, was stored before: the decrement publishes it). */
        void finished() {
            if (unfinished.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }

        void await() {
            boolean interrupted = false;
            long start = System.nanoTime();
            while (unfinished.get() > 0) {
                if (System.nanoTime() - start < spinNanos) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                    interrupted |= Thread.interrupted();
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            Throwable first = null;
            for (Throwable failure : failures) {
                if (first == null) {
                    first = failure;
                } else if (failure != null && failure != first && !Arrays.asList(first.getSuppressed()).contains(failure)) {
                    first.addSuppressed(failure);
                }
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error e) {
                throw e;
            }
            if (first != null) {
                throw new UndeclaredThrowableException(first);
            }
        }
    }

    /** A thread that runs the shares handed to it, one at a time. */
    private final class Worker extends Thread {
        private volatile Call call;
        private int share;

        Worker() {
            super(name);
            setDaemon(true);
        }

        /** Hands share s of the call to this idle worker. */
        void hand(Call call, int s) {
            this.share = s;
            this.call = call;
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (runNext()) {
                // each share in a frame of its own, so an idle worker holds no reference to its last call's data
            }
        }

        /** Waits for a share and runs it; false once this thread is to end. */
        private boolean runNext() {
            Call next = await();
            if (next == null) {
                return false;
            }
            int s = share;
            call = null;
            next.run(s);
            // a share's interrupt is not the next one's
            Thread.interrupted();
            // idle again before the caller can return, so a call right after this one finds this thread
            boolean listed;
            try {
                idle.offerFirst(this);
                listed = true;
            } catch (OutOfMemoryError e) {
                // not listed as idle, so no caller can find it: this thread ends
                listed = false;
            }
            next.finished();
            return listed;
        }

        /** The next call handed over, or null once idle for the idle time and no longer to be found idle. */
        private Call await() {
            long start = System.nanoTime();
            while (true) {
                Call next = call;
                if (next != null) {
                    return next;
                }
                long waited = System.nanoTime() - start;
                if (waited < spinNanos) {
                    Thread.onSpinWait();
                } else if (waited < idleNanos) {
                    LockSupport.parkNanos(this, idleNanos - waited);
                } else if (idle.remove(this)) {
                    return null;
                } else {
                    // a caller has taken this worker and is about to hand it a share
                    LockSupport.parkNanos(this, spinNanos);
                }
            }
        }
    }
}
