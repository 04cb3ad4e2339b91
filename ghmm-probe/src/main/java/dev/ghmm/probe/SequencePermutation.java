package dev.ghmm.probe;

/**
 * A seeded pseudo-random permutation π of {0, …, n − 1}, computed index by index in O(1) memory: a four-round
 * Feistel network on the smallest even number of bits 2h with 2<sup>2h</sup> ≥ n, keyed by SplitMix64 of the seed,
 * with cycle walking (apply the network again until the value falls below n; fewer than four steps on average, since
 * 2<sup>2h</sup> &lt; 4n). A Feistel network is a bijection of the 2h-bit words whatever its round function, and
 * cycle walking restricts a bijection to a bijection of [0, n). The shuffled baseline pairs sequence i's activations
 * with sequence π(i)'s beliefs without holding a permutation array of n entries.
 */
final class SequencePermutation {
    private static final int ROUNDS = 4;
    private final long n;
    private final int half;
    private final long mask;
    private final long[] keys = new long[ROUNDS];

    SequencePermutation(long n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("a permutation of " + n + " elements");
        }
        this.n = n;
        int bits = 64 - Long.numberOfLeadingZeros(Math.max(1, n - 1));
        this.half = Math.max(1, (bits + 1) / 2);
        this.mask = (1L << half) - 1;
        long s = seed;
        for (int r = 0; r < ROUNDS; r++) {
            s += 0x9E3779B97F4A7C15L;
            keys[r] = mix(s);
        }
    }

    /** π(i) for 0 ≤ i &lt; n. */
    long apply(long i) {
        long v = i;
        do {
            v = feistel(v);
        } while (v >= n);
        return v;
    }

    private long feistel(long v) {
        long left = v >>> half;
        long right = v & mask;
        for (int r = 0; r < ROUNDS; r++) {
            long next = left ^ (mix(right ^ keys[r]) & mask);
            left = right;
            right = next;
        }
        return (left << half) | right;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
