package dev.ghmm.belief;

import dev.ghmm.internal.Checks;
import dev.ghmm.Entropy;
import dev.ghmm.MixedRadix;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The filter of a factored process whose factors advance on the symbol received through a {@link NoisyChannel}
 * ({@link NoisyChannel.Updates#RECEIVED}): one belief per factor, each updated by its own clean operator on its
 * received symbol, ⟨⟨η<sub>f</sub>| ← ⟨⟨η<sub>f</sub>|T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)/⟨⟨η<sub>f</sub>|T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)|1<sub>f</sub>⟩⟩,
 * while the symbols are drawn blurred: Pr(x | η) = (1 − ε)Π<sub>f</sub> q<sub>f</sub>(x<sub>f</sub>) + ε/|𝒳| over the joint
 * alphabet, or Π<sub>f</sub> ((1 − ε)q<sub>f</sub>(x<sub>f</sub>) + ε/|𝒳<sub>f</sub>|) over the factors, with
 * q<sub>f</sub> = Pr(x<sub>f</sub> | η<sub>f</sub>, k<sub>f</sub>(x)). A factor to which its received symbol is impossible
 * (q<sub>f</sub> = 0, possible only through the noise) keeps its belief. The belief stays a product, so its factor gap
 * is 0. A process of one factor (a plain GHMM or a direct sum) is the case F = 1, and its parts are its filter's.
 */
final class ReceivedFilter extends ProductModelFilter {
    private final double epsilon;
    private final boolean joint;
    private final FactorBeliefs beliefs;
    /** {@link FactorBeliefs#factors}, read on every step. */
    private final LinearFilter[] factors;
    /** Per factor and used variant, the clean distribution q<sub>f</sub>(· | η<sub>f</sub>, k). */
    private final double[][][] distributions;
    /** Over factors: every used variant's blurred distribution, at {@link ProductModel#start}[f][k]. */
    private final double[] blurred;
    /** Over factors and a forest: the entropy of {@link #blurred} by the chain rule. */
    private final ChainRuleEntropy chainRule;
    private final double[][] totals;
    private long tabulated = -1;
    private final double[] full;
    private final double[][] weights;
    /** Per factor, the distribution of the variant a draw computed (when nothing was tabulated). */
    private final double[][] scratch;
    private final int[] tuple;
    private final int[] chosen;
    private final double[] factorProbability;

    ReceivedFilter(ProductModel product, NoisyChannel channel) {
        super(product);
        this.epsilon = channel.epsilon();
        this.joint = channel.over() == NoisyChannel.Over.JOINT;
        int count = product.factors.length;
        this.beliefs = new FactorBeliefs(product);
        this.factors = beliefs.factors;
        this.distributions = new double[count][][];
        this.blurred = joint ? null : new double[product.tabulated];
        this.chainRule = !joint && product.forest ? new ChainRuleEntropy(product) : null;
        this.totals = new double[count][];
        this.weights = new double[count][];
        this.scratch = new double[count][];
        for (int f = 0; f < count; f++) {
            FilterModel t = product.factors[f];
            distributions[f] = new double[t.variants()][t.symbols];
            totals[f] = new double[t.variants()];
            weights[f] = new double[t.symbols];
            scratch[f] = new double[t.symbols];
        }
        this.full = new double[product.symbols];
        this.tuple = new int[count];
        this.chosen = new int[count];
        this.factorProbability = new double[count];
    }

    @Override
    public void reset() {
        beliefs.reset();
        restart();
    }

    /** Accepts a product belief only, as the factored filter does; one factor takes any belief of its process. */
    @Override
    public void reset(double[] belief) {
        if (factors.length == 1) {
            factors[0].reset(belief);
        } else {
            beliefs.reset(belief);
        }
        restart();
    }

    /** Every factor's clean and blurred distributions under every variant its control table uses, once per belief. */
    private void tabulate() {
        if (tabulated == step) {
            return;
        }
        for (int f = 0; f < factors.length; f++) {
            for (int k = 0; k < distributions[f].length; k++) {
                if (p.used[f][k]) {
                    totals[f][k] = factors[f].distribution(k, distributions[f][k], 0);
                }
            }
            if (!joint) {
                for (int k = 0; k < distributions[f].length; k++) {
                    if (p.used[f][k]) {
                        blurAll(distributions[f][k], blurred, p.start[f][k]);
                    }
                }
            }
        }
        tabulated = step;
    }

    /** out[at + a] = (1 − ε)q[a] + ε/|q|. */
    private void blurAll(double[] q, double[] out, int at) {
        double noise = epsilon / q.length;
        double keep = 1.0 - epsilon;
        for (int a = 0; a < q.length; a++) {
            out[at + a] = keep * q[a] + noise;
        }
    }

    @Override
    public void nextSymbolDistribution(double[] out, int offset) {
        Checks.requireRange("out", out, offset, p.symbols, "probabilities");
        tabulate();
        double noise = epsilon / p.symbols;
        double keep = 1.0 - epsilon;
        for (int x = 0; x < p.symbols; x++) {
            MixedRadix.decode(p.radix, x, tuple);
            double v = 1.0;
            for (int f = 0; f < factors.length; f++) {
                int k = p.variant(f, tuple);
                v *= joint ? distributions[f][k][tuple[f]] : blurred[p.start[f][k] + tuple[f]];
            }
            out[offset + x] = joint ? keep * v + noise : v;
        }
    }

    /**
     * H[X | η] in nats: over factors and a forest of factors by the chain rule on the blurred factor distributions (as
     * the factored filter does on the clean ones); over the joint alphabet the blur mixes every factor, so the entropy
     * is that of the |𝒳| entries (1 − ε)Π<sub>f</sub> q<sub>f</sub> + ε/|𝒳|.
     */
    @Override
    public double nextSymbolEntropy() {
        if (joint || !p.forest) {
            nextSymbolDistribution(full, 0);
            return Entropy.of(full, Entropy.Unit.NATS);
        }
        tabulate();
        return chainRule.of(blurred);
    }

    @Override
    public double probability(int x) {
        Checks.requireIndex("symbol index", x, p.symbols);
        return received(x);
    }

    /**
     * Pr(x | η) (N5), leaving x's factor symbols in {@link #tuple}, their variants in {@link #chosen} and their clean
     * probabilities q<sub>f</sub> in {@link #factorProbability}: each factor's probability computed once.
     */
    private double received(int x) {
        MixedRadix.decode(p.radix, x, tuple);
        double v = 1.0;
        for (int f = 0; f < factors.length; f++) {
            chosen[f] = p.variant(f, tuple);
            double q = factors[f].probability(chosen[f], tuple[f]);
            factorProbability[f] = q;
            v *= joint ? q : (1.0 - epsilon) * q + epsilon / p.radix[f];
        }
        return joint ? (1.0 - epsilon) * v + epsilon / p.symbols : v;
    }

    @Override
    public double update(int x) {
        Checks.requireIndex("symbol index", x, p.symbols);
        double q = received(x);
        if (q == 0.0) {
            throw new ZeroProbabilityException(position, x, 0.0);
        }
        advance(q);
        return q;
    }

    /** Every factor advances on its symbol in {@link #tuple} (unless that is impossible to it): one symbol read. */
    private void advance(double q) {
        for (int f = 0; f < factors.length; f++) {
            if (factorProbability[f] > 0.0) {
                factors[f].apply(chosen[f], tuple[f], factorProbability[f]);
            }
        }
        advanced(q);
    }

    /**
     * One uniform per factor, in a topological order of the factors, each inverted on the factor's conditional
     * distribution given those drawn before: over factors its blurred distribution; over the joint alphabet
     * (1 − ε)P·q<sub>f</sub>(a) + ε/R with P the clean probability of the symbols drawn so far and R the number of
     * joint prefixes ending in a (the prefix marginal of the blurred joint distribution). A control map with a cycle
     * draws the joint symbol with one uniform.
     */
    @Override
    public int sample(UniformRandomProvider rng) {
        if (p.order == null) {
            nextSymbolDistribution(full, 0);
            double total = 0.0;
            for (double v : full) {
                total += v;
            }
            int x = Predictions.invert(rng.nextDouble() * total, full, 0, full.length);
            update(x);
            return x;
        }
        // a distribution or loss asked for at this belief has tabulated every factor's distributions: reused; otherwise
        // each factor computes only the variant its parents chose
        boolean fresh = tabulated == step;
        double clean = 1.0;
        double received = 1.0;
        double prefixes = 1.0;
        int symbol = 0;
        for (int f : p.order) {
            int k = p.variant(f, tuple);
            int r = p.radix[f];
            double[] q = fresh ? distributions[f][k] : scratch[f];
            double total = fresh ? totals[f][k] : factors[f].distribution(k, q, 0);
            double[] w = weights[f];
            // over the joint alphabet the prefix marginal (1 − ε)P·q + ε/R; over the factors the factor's own blur
            prefixes *= r;
            double keep = joint ? (1.0 - epsilon) * clean : 1.0 - epsilon;
            double noise = joint ? epsilon / prefixes : epsilon / r;
            for (int b = 0; b < r; b++) {
                w[b] = keep * q[b] + noise;
            }
            int a = Predictions.invert(rng.nextDouble() * (keep * total + noise * r), w, 0, r);
            tuple[f] = a;
            chosen[f] = k;
            factorProbability[f] = q[a];
            clean *= q[a];
            received *= w[a];
            symbol += a * p.place[f];
        }
        advance(joint ? (1.0 - epsilon) * clean + epsilon / p.symbols : received);
        return symbol;
    }

    /** Writes ⊗<sub>f</sub>⟨⟨η<sub>f</sub>|, factor 0 slowest. */
    @Override
    public void belief(double[] out, int offset) {
        beliefs.belief(out, offset);
    }

    /** The factors; a process of one factor has its filter's parts (a direct sum's components). */
    @Override
    public int parts() {
        return factors.length == 1 ? factors[0].parts() : beliefs.parts();
    }

    @Override
    public int partDimension(int part) {
        return factors.length == 1 ? factors[0].partDimension(part) : beliefs.partDimension(part);
    }

    @Override
    public void part(int part, double[] out, int offset) {
        if (factors.length == 1) {
            factors[0].part(part, out, offset);
        } else {
            beliefs.part(part, out, offset);
        }
    }

    @Override
    public double partWeight(int part) {
        return factors.length == 1 ? factors[0].partWeight(part) : beliefs.partWeight(part);
    }

    @Override
    public String toString() {
        return beliefs.appendTo(new StringBuilder("ReceivedFilter(").append(p).append(", epsilon ").append(epsilon)
                .append(joint ? " over the joint alphabet" : " over each factor's alphabet").append(", updates on the symbol received, position ")
                .append(position)).append(')').toString();
    }
}
