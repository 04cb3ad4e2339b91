package dev.ghmm.belief;

import dev.ghmm.Entropy;

/**
 * H[X | η] in nats of a forest of factors (independent, chain, tree) by the chain rule, in topological order
 * (docs/math.md, "The loss floor"): H = Σ<sub>f</sub> Σ<sub>j</sub> Pr(x<sub>g</sub> = j) H[X<sub>f</sub> | η<sub>f</sub>,
 * table<sub>f</sub>[j]] over the symbols j of f's parent g (one term for a factor without parent), where the parent's
 * marginal is Σ<sub>j'</sub> Pr(x<sub>g'</sub> = j') Pr(x<sub>g</sub> | η<sub>g</sub>, table<sub>g</sub>[j']), from the
 * distributions of every factor under every used variant, tabulated at {@link ProductModel#start}: the logarithms of
 * the Σ<sub>f</sub> K<sub>f</sub>|𝒳<sub>f</sub>| entries taken in one pass ({@link Entropy.Terms}). The home of the
 * chain rule for the factored filter and the received-symbol filter (on the blurred distributions). For one thread.
 */
final class ChainRuleEntropy {
    private final ProductModel p;
    private final Entropy.Terms terms;
    /** Per factor and used variant k, H[X<sub>f</sub> | η<sub>f</sub>, k] in nats. */
    private final double[][] variantEntropies;
    /** Per factor with children, the marginal distribution of its symbol. */
    private final double[][] symbolMarginals;

    /**
     * Work space for a forest of factors.
     *
     * @param product the description, a forest
     */
    ChainRuleEntropy(ProductModel product) {
        this.p = product;
        int count = product.factors.length;
        this.terms = new Entropy.Terms(product.tabulated);
        this.variantEntropies = new double[count][];
        this.symbolMarginals = new double[count][];
        for (int f = 0; f < count; f++) {
            variantEntropies[f] = new double[product.factors[f].variants()];
            symbolMarginals[f] = product.hasChildren[f] ? new double[product.factors[f].symbols] : null;
        }
    }

    /**
     * The entropy of the joint distribution whose factors' conditionals are tabulated.
     *
     * @param distributions Pr(x<sub>f</sub> | η<sub>f</sub>, k) at {@link ProductModel#start}[f][k] for every used k
     * @return H in nats
     */
    double of(double[] distributions) {
        double[] t = terms.of(distributions, p.tabulated);
        double h = 0.0;
        for (int f : p.order) {
            int[] table = p.tables[f];
            int[] start = p.start[f];
            int r = p.radix[f];
            double[] entropies = variantEntropies[f];
            for (int k = 0; k < entropies.length; k++) {
                if (start[k] >= 0) {
                    entropies[k] = ProductFilter.sum(t, start[k], r);
                }
            }
            double[] m = symbolMarginals[f];
            if (p.parents[f].length == 0) {
                h += entropies[table[0]];
                if (m != null) {
                    System.arraycopy(distributions, start[table[0]], m, 0, r);
                }
                continue;
            }
            // Pr(k_f = k) H[X_f | η_f, k] summed over the parent's symbols j that choose k = table[j], and likewise the
            // marginal Σ_j Pr(x_parent = j) Pr(x_f | η_f, table[j]) when f has children
            double[] parent = symbolMarginals[p.parents[f][0]];
            if (m != null) {
                java.util.Arrays.fill(m, 0.0);
            }
            for (int j = 0; j < table.length; j++) {
                double w = parent[j];
                h += w * entropies[table[j]];
                if (m != null) {
                    for (int x = 0, at = start[table[j]]; x < r; x++) {
                        m[x] += w * distributions[at + x];
                    }
                }
            }
        }
        return h;
    }
}
