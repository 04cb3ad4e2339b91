package dev.ghmm.operator;

/**
 * A per-thread work array of fixed length, so that an immutable operator shared between threads can
 * apply itself without allocating: the array is created once per thread and reused.
 */
final class Scratch {
    private final ThreadLocal<double[]> local;

    Scratch(int length) {
        this.local = ThreadLocal.withInitial(() -> new double[length]);
    }

    double[] get() {
        return local.get();
    }
}
