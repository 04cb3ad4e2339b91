package dev.ghmm.sampling;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Daemon threads ("ghmm-datasets") that run the shares of a call beside the calling thread. Every wait (a worker's for
 * its next share, the caller's for the workers) spins for up to {@link #SPIN_NANOS} before the thread parks, so calls
 * made block after block hand over without waking a parked thread, which costs tens of microseconds on a virtual
 * machine (measured here, median of 1000 blocks of 256×256 Mess3 with part beliefs: 2 threads went from 1.83× to
 * 1.98× one thread). Threads are created when
 * a call needs more than are idle, and end after {@link #IDLE_NANOS} idle.
 */
final class Workers {
    /** How long a waiting thread spins before it parks: a few wake-ups of a parked thread. */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    /** How long an idle worker thread waits for a share before it ends. */
    static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** Idle workers, the most recently idle first (its caches are the warmest). */
    private static final ConcurrentLinkedDeque<Worker> IDLE = new ConcurrentLinkedDeque<>();

    private Workers() {
    }

    /**
     * Runs {@code share.accept(s)} for s = 0 … shares−1, share 0 on the calling thread and the others on worker threads,
     * and returns once every share has ended, so nothing runs on the caller's data afterwards (an interrupt is kept
     * for the caller, not acted upon).
     *
     * @param shares ≥ 1
     * @param share  what share s does
     * @throws RuntimeException the failure of the lowest failing share, with the others' suppressed
     * @throws Error            likewise, if the lowest failing share threw an error
     */
    static void run(int shares, IntConsumer share) {
        Call call = new Call(shares, share);
        int handed = 1;
        try {
            for (; handed < shares; handed++) {
                Worker worker = IDLE.pollFirst();
                if (worker == null) {
                    worker = new Worker();
                    worker.start();
                }
                call.unfinished.incrementAndGet();
                worker.hand(call, handed);
            }
        } catch (OutOfMemoryError e) {
            // no more threads can be started: the shares not handed over run here
        }
        call.run(0);
        for (int s = handed; s < shares; s++) {
            call.run(s);
        }
        call.await();
    }

    /** One call's shares, their failures and the number of shares handed to workers and not yet ended. */
    private static final class Call {
        private final IntConsumer share;
        private final Throwable[] failures;
        private final AtomicInteger unfinished;
        private final Thread caller = Thread.currentThread();

        Call(int shares, IntConsumer share) {
            this.share = share;
            this.failures = new Throwable[shares];
            this.unfinished = new AtomicInteger();
        }

        void run(int s) {
            try {
                share.accept(s);
            } catch (RuntimeException | Error e) {
                failures[s] = e;
            }
        }

        /** Marks a worker share as ended (its failure, if any, was stored before: the decrement publishes it). */
        void finished() {
            if (unfinished.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }

        void await() {
            boolean interrupted = false;
            long start = System.nanoTime();
            while (unfinished.get() > 0) {
                if (System.nanoTime() - start < SPIN_NANOS) {
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
                if (failure == null) {
                    continue;
                }
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error e) {
                throw e;
            }
        }
    }

    /** A thread that runs the shares handed to it, one at a time. */
    private static final class Worker extends Thread {
        private volatile Call call;
        private int share;

        Worker() {
            super("ghmm-datasets");
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

        /** Waits for a share and runs it; false once ended idle. */
        private boolean runNext() {
            Call next = await();
            if (next == null) {
                return false;
            }
            int s = share;
            call = null;
            next.run(s);
            // idle again before the caller can return, so a call right after this one finds this thread
            IDLE.offerFirst(this);
            next.finished();
            return true;
        }

        /** The next call handed over, or null once idle for {@link #IDLE_NANOS} and no longer to be found idle. */
        private Call await() {
            long start = System.nanoTime();
            while (true) {
                Call next = call;
                if (next != null) {
                    return next;
                }
                long waited = System.nanoTime() - start;
                if (waited < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else if (waited < IDLE_NANOS) {
                    LockSupport.parkNanos(this, IDLE_NANOS - waited);
                } else if (IDLE.remove(this)) {
                    return null;
                } else {
                    // a caller has taken this worker and is about to hand it a share
                    LockSupport.parkNanos(this, SPIN_NANOS);
                }
            }
        }
    }
}
