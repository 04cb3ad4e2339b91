package dev.ghmm.probe;

import java.util.Arrays;

/**
 * Rows merged by prefix: a trie of the prefixes seen (node = (parent node, symbol), the root is the empty prefix), and
 * per node the sum of weights and the weighted sum of rows. Merging keeps one row per distinct prefix, their weighted
 * mean with the summed weight, so memory grows with the number of distinct prefixes, (dim z + 1) doubles each.
 */
final class PrefixTable {
    private static final int CHUNK = 1 << 12;
    private final int dimension;
    private long[] keys = new long[1 << 10];
    private int[] values = new int[1 << 10];
    private int entries;
    private double[][] sums = new double[1][];
    private double[][] weights = new double[1][];
    private int nodes = 1;

    PrefixTable(int dimension) {
        this.dimension = dimension;
        Arrays.fill(keys, -1);
        sums[0] = new double[CHUNK * dimension];
        weights[0] = new double[CHUNK];
    }

    /** The root: the empty prefix. */
    static int root() {
        return 0;
    }

    /** The node of prefix (prefix of {@code parent}) followed by {@code symbol}, created if new. */
    int child(int parent, int symbol) {
        long key = ((long) parent << 32) | (symbol & 0xffffffffL);
        int mask = keys.length - 1;
        int slot = (int) (mix(key) & mask);
        while (keys[slot] != -1) {
            if (keys[slot] == key) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
        int node = nodes++;
        keys[slot] = key;
        values[slot] = node;
        entries++;
        int chunk = node / CHUNK;
        if (chunk == sums.length) {
            sums = Arrays.copyOf(sums, 2 * chunk);
            weights = Arrays.copyOf(weights, 2 * chunk);
        }
        if (sums[chunk] == null) {
            sums[chunk] = new double[CHUNK * dimension];
            weights[chunk] = new double[CHUNK];
        }
        if (2 * entries > keys.length) {
            grow();
        }
        return node;
    }

    /** Adds row {@code z[offset … offset + dimension)} with weight w to node's sums. */
    void add(int node, double[] z, int offset, double w) {
        if (w == 0) {
            return;
        }
        double[] s = sums[node / CHUNK];
        int o = (node % CHUNK) * dimension;
        for (int j = 0; j < dimension; j++) {
            s[o + j] += w * z[offset + j];
        }
        weights[node / CHUNK][node % CHUNK] += w;
    }

    /** Receives rows a batch at a time. */
    interface Sink {
        /** Takes {@code count} rows of z (row-major) with weights w; the arrays are reused after the call. */
        void add(double[] z, double[] w, int count);
    }

    /** Gives one row per node of positive weight, its weighted mean with the summed weight, to {@code moments}. */
    void emit(Sink moments) {
        int batch = 256;
        double[] z = new double[batch * dimension];
        double[] w = new double[batch];
        int filled = 0;
        for (int node = 0; node < nodes; node++) {
            double total = weights[node / CHUNK][node % CHUNK];
            if (total == 0) {
                continue;
            }
            double[] s = sums[node / CHUNK];
            int o = (node % CHUNK) * dimension;
            for (int j = 0; j < dimension; j++) {
                z[filled * dimension + j] = s[o + j] / total;
            }
            w[filled++] = total;
            if (filled == batch) {
                moments.add(z, w, filled);
                filled = 0;
            }
        }
        if (filled > 0) {
            moments.add(z, w, filled);
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        keys = new long[2 * oldKeys.length];
        values = new int[2 * oldKeys.length];
        Arrays.fill(keys, -1);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] == -1) {
                continue;
            }
            int slot = (int) (mix(oldKeys[i]) & mask);
            while (keys[slot] != -1) {
                slot = (slot + 1) & mask;
            }
            keys[slot] = oldKeys[i];
            values[slot] = oldValues[i];
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
