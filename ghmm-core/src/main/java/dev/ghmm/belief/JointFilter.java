package dev.ghmm.belief;

import dev.ghmm.internal.Checks;
import dev.ghmm.Entropy;
import dev.ghmm.Vectors;
import java.util.Arrays;

/**
 * What the filters that keep the joint belief ⟨⟨η| of a factored process share (length S = Π<sub>f</sub> d<sub>f</sub>,
 * factor 0 slowest): the belief and its position, and its parts, the factor marginals ⟨⟨η<sub>f</sub>| (η contracted
 * with |1<sub>g</sub>⟩⟩ on every other factor g), with the factor gap ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> and,
 * for HMM factors, the divergence D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>) = Σ<sub>f</sub> H(η<sub>f</sub>) − H(η) in nats.
 * A subclass tabulates the next-symbol law ({@link #law}) and reads a symbol ({@link #advance}: it updates
 * {@link #belief}, which it may swap for another array, and calls {@link #advanced}).
 */
abstract class JointFilter implements BeliefFilter {
    final ProductModel p;
    final int count;
    final int states;
    final int[] dims;
    /** stride[f] = Π<sub>g&gt;f</sub> d<sub>g</sub>. */
    final int[] stride;
    /** ⊗<sub>f</sub>|1<sub>f</sub>⟩⟩. */
    final double[] one;
    final double[] initial;
    double[] belief;
    /** Counts every change of the belief, for what is cached at it. */
    long step;
    int position;
    private double last = 1.0;
    /** Whether every factor is an HMM (non-negative, |1<sub>f</sub>⟩⟩ = 𝟏): its beliefs are then probability vectors. */
    private final boolean hmm;
    private final double[][] marginals;
    private final double[] product;
    private long marginalised = -1;

    JointFilter(ProductModel model) {
        this.p = model;
        this.count = model.factors.length;
        this.states = model.dimension;
        this.dims = new int[count];
        this.stride = new int[count];
        double[][] ones = new double[count][];
        boolean positive = true;
        for (int f = 0; f < count; f++) {
            dims[f] = model.factors[f].dimension;
            ones[f] = model.factors[f].one;
            positive &= model.factors[f].nonNegative;
        }
        for (int f = count - 1, s = 1; f >= 0; s *= dims[f], f--) {
            stride[f] = s;
        }
        this.one = Vectors.kron(ones);
        this.hmm = positive && Arrays.stream(one).allMatch(v -> v == 1.0);
        this.marginals = new double[count][];
        for (int f = 0; f < count; f++) {
            marginals[f] = new double[dims[f]];
        }
        this.product = new double[states];
        this.initial = model.filter().belief();
        this.belief = initial.clone();
    }

    /**
     * Pr(x | η) for every x at the current belief, computed on first use after each change.
     *
     * @return the filter's own array of |𝒳| probabilities (not to be written)
     */
    abstract double[] law();

    /** Reads x of probability q &gt; 0 (from {@link #law}): the belief becomes the posterior, then {@link #advanced}. */
    abstract void advance(int x, double q);

    @Override
    public void nextSymbolDistribution(double[] out, int offset) {
        Checks.requireRange("out", out, offset, p.symbols, "probabilities");
        System.arraycopy(law(), 0, out, offset, p.symbols);
    }

    /** The entropy of the |𝒳| probabilities of {@link #law}. */
    @Override
    public double nextSymbolEntropy() {
        return Entropy.of(law(), Entropy.Unit.NATS);
    }

    @Override
    public double probability(int x) {
        Checks.requireIndex("symbol index", x, p.symbols);
        return law()[x];
    }

    @Override
    public double update(int x) {
        double q = probability(x);
        if (q == 0.0) {
            throw new ZeroProbabilityException(position, x, 0.0);
        }
        advance(x, q);
        return q;
    }

    /** At position 0 after the belief was set; a subclass that caches more at it extends this. */
    void restart() {
        position = 0;
        last = 1.0;
        step++;
    }

    /** After a symbol of probability q was read and {@link #belief} updated. */
    final void advanced(double q) {
        position++;
        step++;
        last = q;
    }

    @Override
    public int symbols() {
        return p.symbols;
    }

    @Override
    public int dimension() {
        return states;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public void reset() {
        System.arraycopy(initial, 0, belief, 0, states);
        restart();
    }

    @Override
    public double lastProbability() {
        return last;
    }

    @Override
    public void belief(double[] out, int offset) {
        Checks.requireRange("out", out, offset, states, "belief values");
        System.arraycopy(belief, 0, out, offset, states);
    }

    @Override
    public int parts() {
        return count;
    }

    @Override
    public int partDimension(int part) {
        Checks.requireIndex("factor", part, count);
        return dims[part];
    }

    /** The marginal of factor p: ⟨⟨η| contracted with |1<sub>g</sub>⟩⟩ on every other factor g ({@link FactorMarginals}). */
    @Override
    public void part(int part, double[] out, int offset) {
        Checks.requireIndex("factor", part, count);
        Checks.requireRange("out", out, offset, dims[part], "part values");
        marginalise();
        System.arraycopy(marginals[part], 0, out, offset, dims[part]);
    }

    private void marginalise() {
        if (marginalised == step) {
            return;
        }
        for (int f = 0; f < count; f++) {
            p.marginals.marginal(belief, f, marginals[f], 0);
        }
        marginalised = step;
    }

    @Override
    public double partWeight(int part) {
        Checks.requireIndex("factor", part, count);
        return 1.0;
    }

    /** ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> over the S joint states. */
    @Override
    public double factorGap() {
        marginalise();
        Vectors.kron(marginals, product, 0);
        double gap = 0.0;
        for (int i = 0; i < states; i++) {
            gap += Math.abs(belief[i] - product[i]);
        }
        return gap;
    }

    /**
     * D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>) = Σ<sub>f</sub> H(η<sub>f</sub>) − H(η) in nats, the total correlation of the
     * joint belief; NaN unless every factor is an HMM (then the beliefs are probability vectors and |1⟩⟩ = 𝟏).
     */
    @Override
    public double factorDivergence() {
        if (!hmm) {
            return Double.NaN;
        }
        marginalise();
        double h = 0.0;
        for (double[] m : marginals) {
            for (double v : m) {
                h += Entropy.term(v);
            }
        }
        for (int i = 0; i < states; i++) {
            h -= Entropy.term(belief[i]);
        }
        return Math.max(0.0, h);
    }
}
