package dev.ghmm.belief;

import dev.ghmm.internal.Checks;
import dev.ghmm.Entropy;
import dev.ghmm.MixedRadix;
import dev.ghmm.Tolerances;
import dev.ghmm.Vectors;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The filter of a factored process: one {@link LinearFilter} per factor, never the joint belief. From the product
 * belief ⊗<sub>f</sub>⟨⟨η<sub>f</sub>|, the joint symbol x = (x<sub>0</sub>, …, x<sub>F−1</sub>) has
 * Pr(x | η) = Π<sub>f</sub> ⟨⟨η<sub>f</sub>|T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)|1<sub>f</sub>⟩⟩ and each factor's
 * belief is updated by its own operator (the mixed-product property of ⊗), so the belief stays a product. A step
 * costs Σ<sub>f</sub> (|𝒳<sub>f</sub>| + d<sub>f</sub>)·d<sub>f</sub> multiply-adds for an acyclic control map and
 * Σ<sub>f</sub> K<sub>f</sub>|𝒳<sub>f</sub>|d<sub>f</sub> + F|𝒳| otherwise, against |𝒳|·S for the joint. The loss floor of a
 * forest of factors costs Σ<sub>f</sub> K<sub>f</sub>|𝒳<sub>f</sub>|(d<sub>f</sub> + 1 logarithm), not |𝒳| logarithms.
 */
public final class ProductFilter extends ProductModelFilter {
    private final FactorBeliefs beliefs;
    /** {@link FactorBeliefs#factors}, read on every step. */
    private final LinearFilter[] factors;
    /**
     * Every factor's distribution Pr(x<sub>f</sub> | η<sub>f</sub>, k) under every used variant k at the current
     * beliefs, one after another at {@link ProductModel#start}[f][k]: the table the draw, the distribution and the
     * loss floor read.
     */
    private final double[] distributions;
    /** Forests: the entropy of {@link #distributions} by the chain rule. */
    private final ChainRuleEntropy chainRule;
    /** {@link #distributions} hold the predictions at step {@link #tabulated}. */
    private long tabulated = -1;
    private final int[] tuple;
    /** Per factor, its variant in the step under way. */
    private final int[] chosen;
    /** Per factor, the probability of its symbol in the update under way. */
    private final double[] factorProbability;
    private final double[] joint;

    ProductFilter(ProductModel product) {
        super(product);
        int count = product.factors.length;
        this.beliefs = new FactorBeliefs(product);
        this.factors = beliefs.factors;
        this.distributions = new double[product.tabulated];
        this.chainRule = product.forest ? new ChainRuleEntropy(product) : null;
        this.tuple = new int[count];
        this.chosen = new int[count];
        this.factorProbability = new double[count];
        this.joint = !product.forest ? new double[product.symbols] : null;
    }

    @Override
    public void reset() {
        beliefs.reset();
        restart();
    }

    /**
     * Starts from a product belief, given jointly: its factors are its marginals m<sub>f</sub> (the other factors
     * contracted with their |1⟩⟩, {@link FactorMarginals}), and the belief must equal ⊗<sub>f</sub> m<sub>f</sub>.
     *
     * @throws IllegalArgumentException also when the belief is not a product, naming the first joint state where
     *                                  it differs from the product of its marginals by more than
     *                                  {@link Tolerances#INPUT} times its largest entry
     */
    @Override
    public void reset(double[] belief) {
        beliefs.reset(belief);
        restart();
    }

    /**
     * Pr(x | η) = Π<sub>f</sub> Pr(x<sub>f</sub> | η<sub>f</sub>, k<sub>f</sub>(x)), the product taken in factor order.
     * When every parent precedes its child (and the joint alphabet is not huge, see
     * {@link ProductModel#prefixVariants}) the entries are expanded in place, digit by digit: level f turns the
     * Π<sub>g&lt;f</sub>|𝒳<sub>g</sub>| prefix probabilities into Π<sub>g≤f</sub>|𝒳<sub>g</sub>| by one multiplication
     * each, so the last level writes every entry with one multiplication and nothing is decoded per entry.
     */
    @Override
    public void nextSymbolDistribution(double[] out, int offset) {
        Checks.requireRange("out", out, offset, p.symbols, "probabilities");
        tabulate();
        if (p.prefixVariants != null) {
            expand(out, offset);
            return;
        }
        for (int x = 0; x < p.symbols; x++) {
            out[offset + x] = jointProbability(x);
        }
    }

    /**
     * The distribution at {@code out[offset …]} from the tabulated factor distributions, level by level from the
     * back of each level so no prefix is overwritten before it is read, each prefix's variant read from
     * {@link ProductModel#prefixVariants} (counting the digits down instead took three times as long: a dependency
     * through memory from one prefix to the next).
     */
    private void expand(double[] out, int offset) {
        out[offset] = 1.0;
        int size = 1;
        for (int f = 0; f < factors.length; f++) {
            int r = p.radix[f];
            double[] q = distributions;
            int[] start = p.start[f];
            int[] variants = p.prefixVariants[f];
            if (variants == null) {
                int at = start[p.tables[f][0]];
                for (int i = size - 1; i >= 0; i--) {
                    scale(out, offset + i * r, out[offset + i], q, at, r);
                }
            } else {
                for (int i = size - 1; i >= 0; i--) {
                    scale(out, offset + i * r, out[offset + i], q, start[variants[i]], r);
                }
            }
            size *= r;
        }
    }

    /**
     * out[at + a] = v·q[from + a] for a &lt; r, written out for r ≤ 4: a loop of three or four iterations costs more in set-up
     * than in work, and the last level runs it once per prefix (108 times for the five-factor chain, whose whole
     * expansion took 311 ns written out against 663 ns as a loop: a standalone copy, thread CPU time, best of 30).
     */
    private static void scale(double[] out, int at, double v, double[] q, int from, int r) {
        switch (r) {
            case 2 -> {
                out[at] = v * q[from];
                out[at + 1] = v * q[from + 1];
            }
            case 3 -> {
                out[at] = v * q[from];
                out[at + 1] = v * q[from + 1];
                out[at + 2] = v * q[from + 2];
            }
            case 4 -> {
                out[at] = v * q[from];
                out[at + 1] = v * q[from + 1];
                out[at + 2] = v * q[from + 2];
                out[at + 3] = v * q[from + 3];
            }
            default -> {
                for (int a = 0; a < r; a++) {
                    out[at + a] = v * q[from + a];
                }
            }
        }
    }

    /**
     * H[X | η] in nats. For a forest of factors (independent, chain, tree) by the chain rule on the tabulated
     * predictions ({@link ChainRuleEntropy}): Σ<sub>f</sub> K<sub>f</sub>|𝒳<sub>f</sub>| logarithms against |𝒳| for the
     * joint (docs/math.md, "The loss floor"). Other control maps (several parents, cycles) give the entropy of the joint
     * distribution.
     */
    @Override
    public double nextSymbolEntropy() {
        if (!p.forest) {
            nextSymbolDistribution(joint, 0);
            return Entropy.of(joint, 0, joint.length);
        }
        tabulate();
        return chainRule.of(distributions);
    }

    /** Σ v[from … from + n), in index order; written out for n ≤ 4, as {@link #scale}. */
    static double sum(double[] v, int from, int n) {
        switch (n) {
            case 2 -> {
                return v[from] + v[from + 1];
            }
            case 3 -> {
                return v[from] + v[from + 1] + v[from + 2];
            }
            case 4 -> {
                return v[from] + v[from + 1] + v[from + 2] + v[from + 3];
            }
            default -> {
                double s = 0.0;
                for (int i = from; i < from + n; i++) {
                    s += v[i];
                }
                return s;
            }
        }
    }

    /** Every factor's distribution under every variant its control table uses, once per change of the beliefs. */
    private void tabulate() {
        if (tabulated == step) {
            return;
        }
        for (int f = 0; f < factors.length; f++) {
            factors[f].predictions(p.usedPredictors[f], p.usedMaxAbs[f], p.usedMaxAbs[f].length, distributions, p.first[f]);
        }
        tabulated = step;
    }

    /** Π<sub>f</sub> of the tabulated factor probabilities of joint symbol x; leaves its digits in {@code tuple}. */
    private double jointProbability(int x) {
        MixedRadix.decode(p.radix, x, tuple);
        double q = 1.0;
        for (int f = 0; f < factors.length; f++) {
            q *= distributions[p.start[f][p.variant(f, tuple)] + tuple[f]];
        }
        return q;
    }

    @Override
    public double probability(int x) {
        Checks.requireIndex("symbol index", x, p.symbols);
        MixedRadix.decode(p.radix, x, tuple);
        double q = 1.0;
        for (int f = 0; f < factors.length; f++) {
            q *= factors[f].probability(p.variant(f, tuple), tuple[f]);
        }
        return q;
    }

    @Override
    public double update(int x) {
        Checks.requireIndex("symbol index", x, p.symbols);
        MixedRadix.decode(p.radix, x, tuple);
        int count = factors.length;
        double q = 1.0;
        for (int f = 0; f < count; f++) {
            chosen[f] = p.variant(f, tuple);
            double pf = factors[f].probability(chosen[f], tuple[f]);
            factorProbability[f] = pf;
            q *= pf;
        }
        if (q == 0.0) {
            throw new ZeroProbabilityException(position, x, 0.0);
        }
        // every factor was checked before any is updated, so a failed update changes nothing
        for (int f = 0; f < count; f++) {
            factors[f].apply(chosen[f], tuple[f], factorProbability[f]);
        }
        advanced(q);
        return q;
    }

    @Override
    public int sample(UniformRandomProvider rng) {
        return sample(rng, rng, null);
    }

    /**
     * {@link #sample(UniformRandomProvider)}, with the frozen factors drawing their uniform from {@code shared} and the
     * others from {@code rng}: the factors are drawn one by one in a topological order of the control map (parents
     * first), one uniform each from its own generator. Sequences that read the same frozen symbols, with generators
     * {@code shared} in the same state, draw the same frozen symbols when the frozen set is upstream-closed
     * ({@link ProductModel#frozenMask}).
     *
     * @param rng    the generator of the varying factors (advanced)
     * @param shared the generator of the frozen factors (advanced)
     * @param frozen per factor whether it is frozen, or null for none (then only {@code rng} is used)
     * @return the joint symbol drawn
     * @throws IllegalArgumentException if factors are frozen in a cyclic control map
     * @throws NegativeProbabilityException if a prediction on the way is negative beyond round-off
     */
    public int sample(UniformRandomProvider rng, UniformRandomProvider shared, boolean[] frozen) {
        int count = factors.length;
        double q = 1.0;
        if (p.order == null && frozen != null) {
            throw new IllegalArgumentException("the control map has a cycle, so its factors are not drawn one by one and none can be frozen");
        }
        if (p.order != null) {
            // factor by factor, parents first, each drawn from its own distribution; every factor draws before
            // any is updated, so a failed draw changes nothing
            // (a distribution or loss asked for at this belief has tabulated every factor's distributions: reused)
            boolean fresh = tabulated == step;
            int symbol = 0;
            for (int f : p.order) {
                int k = p.variant(f, tuple);
                double u = (frozen != null && frozen[f] ? shared : rng).nextDouble();
                int at = p.start[f][k];
                int x = fresh ? factors[f].draw(k, u, distributions, at, sum(distributions, at, p.radix[f])) : factors[f].draw(k, u);
                tuple[f] = x;
                symbol += x * p.place[f];
                q *= factors[f].pending();
            }
            for (LinearFilter factor : factors) {
                factor.commit();
            }
            advanced(q);
            return symbol;
        }
        tabulate();
        for (int x = 0; x < p.symbols; x++) {
            joint[x] = jointProbability(x);
        }
        double total = 0.0;
        for (double v : joint) {
            total += v;
        }
        int x = draw(rng.nextDouble(), joint, total);
        update(x);
        return x;
    }

    /** Inversion of a resolved distribution of sum {@code total}; an all-zero one means the belief is not a state of the process. */
    private int draw(double u, double[] w, double total) {
        if (!(total > 0.0)) {
            throw new IllegalArgumentException("no symbol has positive probability at position " + position
                    + ": the belief is not a valid state of the process");
        }
        return Predictions.invert(u * total, w, 0, w.length);
    }

    /**
     * The description of the process this filter reads.
     *
     * @return its product model
     */
    public ProductModel model() {
        return p;
    }

    /** Writes ⊗<sub>f</sub>⟨⟨η<sub>f</sub>| in place ({@link Vectors#kron(double[][], double[], int)}). */
    @Override
    public void belief(double[] out, int offset) {
        beliefs.belief(out, offset);
    }

    @Override
    public int parts() {
        return beliefs.parts();
    }

    @Override
    public int partDimension(int part) {
        return beliefs.partDimension(part);
    }

    @Override
    public void part(int part, double[] out, int offset) {
        beliefs.part(part, out, offset);
    }

    @Override
    public double partWeight(int part) {
        return beliefs.partWeight(part);
    }

    /** {@return its model, the position, and each factor's belief when it has at most 8 entries} */
    @Override
    public String toString() {
        return beliefs.appendTo(new StringBuilder("ProductFilter(").append(p).append(", position ").append(position)).append(')').toString();
    }
}
