package dev.ghmm.belief;

import dev.ghmm.Entropy;

/**
 * H[X | η] in nats of a forest of factors (independent, chain, tree) by the chain rule, in topological order
 * (docs/math.md, "The loss floor"): H = Σ<sub>f</sub> Σ<sub>j</sub> Pr(x<sub>g</sub> = j) H[X<sub>f</sub> | η<sub>f</sub>,
 * table<sub>f</sub>[j]] over the symbols j of f's parent g (one term for a factor without parent), where the parent's
 * marginal is Σ<sub>j'</sub> Pr(x<sub>g'</sub> = j') Pr(x<sub>g</sub> | η<sub>g</sub>, table<sub>g</sub>[j']), from the
 * distributions of every factor under every used variant, tabulated at {@link ProductModel#start}: one entropy
 * ({@link Entropy#of(double[], int, int)}) per used variant, Σ<sub>f</sub> K<sub>f</sub>|𝒳<sub>f</sub>| logarithms in
 * all, none depending on another, so the processor overlaps them. The home of the
 * chain rule for the factored filter and the received-symbol filter (on the blurred distributions). For one thread.
 */
final class ChainRuleEntropy {
    /** The marginal a factor without parent is weighted by: one "parent symbol" of probability 1. */
    private static final double[] NO_PARENT = {1.0};

    private final int[] order;
    /** Per factor, its parent, or −1. */
    private final int[] parent;
    private final int[] radix;
    /** Per factor, whether some factor has it as parent (its symbol marginal is then needed). */
    private final boolean[] hasChildren;
    /** Per used variant of every factor (a slot), where its distribution starts in the table, and its size. */
    private final int[] slotStart;
    private final int[] slotRadix;
    /**
     * Per factor and parent symbol j (the one entry 0 without parent), the slot and the start of the variant
     * table<sub>f</sub>[j]: the chain rule reads no control table or variant index per token.
     */
    private final int[][] slotBySymbol;
    private final int[][] startBySymbol;
    /** Per slot, H[X<sub>f</sub> | η<sub>f</sub>, k] in nats. */
    private final double[] slotEntropies;
    /** Per factor with children, the marginal distribution of its symbol. */
    private final double[][] symbolMarginals;

    /**
     * Work space for a forest of factors.
     *
     * @param product the description, a forest
     */
    ChainRuleEntropy(ProductModel product) {
        int count = product.factors.length;
        this.order = product.order;
        this.radix = product.radix;
        this.hasChildren = product.hasChildren;
        this.parent = new int[count];
        int[][] slotOf = new int[count][];
        int slots = 0;
        for (int f = 0; f < count; f++) {
            parent[f] = product.parents[f].length == 0 ? -1 : product.parents[f][0];
            slotOf[f] = new int[product.start[f].length];
            for (int k = 0; k < slotOf[f].length; k++) {
                slotOf[f][k] = product.start[f][k] >= 0 ? slots++ : -1;
            }
        }
        this.slotStart = new int[slots];
        this.slotRadix = new int[slots];
        this.slotBySymbol = new int[count][];
        this.startBySymbol = new int[count][];
        this.symbolMarginals = new double[count][];
        for (int f = 0; f < count; f++) {
            for (int k = 0; k < slotOf[f].length; k++) {
                if (slotOf[f][k] >= 0) {
                    slotStart[slotOf[f][k]] = product.start[f][k];
                    slotRadix[slotOf[f][k]] = radix[f];
                }
            }
            int[] table = product.tables[f];
            slotBySymbol[f] = new int[table.length];
            startBySymbol[f] = new int[table.length];
            for (int j = 0; j < table.length; j++) {
                slotBySymbol[f][j] = slotOf[f][table[j]];
                startBySymbol[f][j] = product.start[f][table[j]];
            }
            symbolMarginals[f] = hasChildren[f] ? new double[radix[f]] : null;
        }
        this.slotEntropies = new double[slots];
    }

    /**
     * The entropy of the joint distribution whose factors' conditionals are tabulated.
     *
     * @param distributions Pr(x<sub>f</sub> | η<sub>f</sub>, k) at {@link ProductModel#start}[f][k] for every used k
     * @return H in nats
     */
    double of(double[] distributions) {
        // the marginals first: a chain of short dependent sums from parent to child, which the processor can overlap
        // with the independent logarithms that follow
        for (int f : order) {
            if (hasChildren[f]) {
                marginal(weights(f), startBySymbol[f], distributions, symbolMarginals[f], radix[f]);
            }
        }
        double[] e = slotEntropies;
        for (int s = 0; s < e.length; s++) {
            e[s] = Entropy.of(distributions, slotStart[s], slotRadix[s]);
        }
        // Pr(k_f = k) H[X_f | η_f, k] summed over the parent's symbols j that choose k = table[j]
        double h = 0.0;
        for (int f : order) {
            double[] w = weights(f);
            int[] slots = slotBySymbol[f];
            double hf = 0.0;
            for (int j = 0; j < slots.length; j++) {
                hf += w[j] * e[slots[j]];
            }
            h += hf;
        }
        return h;
    }

    /** The marginal of f's parent's symbol, or {@link #NO_PARENT}. */
    private double[] weights(int f) {
        return parent[f] < 0 ? NO_PARENT : symbolMarginals[parent[f]];
    }

    /**
     * m[x] = Σ<sub>j</sub> w[j]·q[start[j] + x] for x &lt; r, summed in the order of j; written out for r = 3 and 4,
     * where a loop over x per parent symbol costs more in set-up than in work.
     */
    private static void marginal(double[] w, int[] start, double[] q, double[] m, int r) {
        if (r == 3 || r == 4) {
            boolean four = r == 4;
            double m0 = 0.0;
            double m1 = 0.0;
            double m2 = 0.0;
            double m3 = 0.0;
            for (int j = 0; j < start.length; j++) {
                double v = w[j];
                int at = start[j];
                m0 += v * q[at];
                m1 += v * q[at + 1];
                m2 += v * q[at + 2];
                if (four) {
                    m3 += v * q[at + 3];
                }
            }
            m[0] = m0;
            m[1] = m1;
            m[2] = m2;
            if (four) {
                m[3] = m3;
            }
            return;
        }
        java.util.Arrays.fill(m, 0.0);
        for (int j = 0; j < start.length; j++) {
            for (int x = 0; x < r; x++) {
                m[x] += w[j] * q[start[j] + x];
            }
        }
    }
}
