package dev.ghmm.belief;

import dev.ghmm.internal.Checks;
import dev.ghmm.Entropy;
import dev.ghmm.Vectors;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The filter of one GHMM (eq. 2.3): one belief of length S, updated by T(x) and renormalised. Per symbol read it
 * costs one application of T(x) and S divisions; a distribution costs |𝒳| dot products of length S. For a direct
 * sum the parts are the blocks of the belief: part k is block k divided by its mass ⟨⟨η<sub>k</sub>|1<sub>k</sub>⟩⟩,
 * which is the posterior of component k (a component of posterior 0 has the zero block, written as zeros).
 *
 * <p>A process with variants (a factor of a coupled factored process) is read with {@link ProductFilter}; alone, this
 * filter uses variant 0.
 */
public final class LinearFilter implements BeliefFilter {
    private final FilterModel t;
    private double[] belief;
    private double[] next;
    private final double[] work;
    /** Pr(· | η, k) of variant {@link #predicted} at the current belief (none when −1), and its sum. */
    private final double[] distribution;
    private int predicted = -1;
    private double predictedTotal;
    private int position;
    /** A non-negative model and belief: predictions need no round-off rule (see {@link FilterModel#nonNegative}). */
    private boolean exact;
    private double last = 1.0;
    /** The probability of the pending belief's symbol. */
    private double pending;

    LinearFilter(FilterModel transfers) {
        this.t = transfers;
        this.belief = transfers.initial.clone();
        this.next = new double[transfers.dimension];
        this.work = new double[transfers.workspace];
        this.distribution = new double[transfers.symbols];
        this.exact = transfers.nonNegative && Vectors.isNonNegative(belief);
    }

    @Override
    public int symbols() {
        return t.symbols;
    }

    @Override
    public int dimension() {
        return t.dimension;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public void reset() {
        System.arraycopy(t.initial, 0, belief, 0, t.dimension);
        exact = t.nonNegative && Vectors.isNonNegative(belief);
        position = 0;
        last = 1.0;
        predicted = -1;
    }

    @Override
    public void reset(double[] start) {
        t.requireBelief(start);
        System.arraycopy(start, 0, belief, 0, t.dimension);
        exact = t.nonNegative && Vectors.isNonNegative(belief);
        position = 0;
        last = 1.0;
        predicted = -1;
    }

    /**
     * Copies the distribution, computed once per belief: a dataset that records it, its entropy and a token drawn
     * from it computes it once.
     */
    @Override
    public void nextSymbolDistribution(double[] out, int offset) {
        Checks.requireRange("out", out, offset, t.symbols, "probabilities");
        predict(0);
        System.arraycopy(distribution, 0, out, offset, t.symbols);
    }

    /** The entropy of the joint distribution: a plain GHMM or a direct sum (a mixture) has no structure to exploit. */
    @Override
    public double nextSymbolEntropy() {
        predict(0);
        return Entropy.of(distribution, Entropy.Unit.NATS);
    }

    /**
     * Makes {@link #distribution} hold Pr(· | η, k) at the current belief, unless it already does; returns its sum
     * (from a register when just computed, not through the field: the draw that follows waits for it).
     */
    private double predict(int k) {
        if (predicted == k) {
            return predictedTotal;
        }
        double total = distribution(k, distribution, 0);
        predicted = k;
        predictedTotal = total;
        return total;
    }

    /**
     * Σ<sub>i</sub> b<sub>i</sub>a<sub>at+i</sub> for i &lt; n, summed in index order (for n = 3 unrolled, with the
     * same rounding): a prediction ⟨⟨η|T(x)|1⟩⟩, or an entry of ⟨⟨η|T(x) from a column of T(x).
     */
    static double dot(double[] b, double[] a, int at, int n) {
        if (n == 3) {
            return b[0] * a[at] + b[1] * a[at + 1] + b[2] * a[at + 2];
        }
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += b[i] * a[at + i];
        }
        return s;
    }

    /** Pr(x | η) under variant k for every x, by the rule of {@link Predictions}, at out[offset + x]; returns their sum. */
    double distribution(int k, double[] out, int offset) {
        return predictions(t.predictor[k], t.predictorMaxAbs[k], t.symbols, out, offset);
    }

    /**
     * ⟨⟨η|e<sub>j</sub>⟩⟩ by the rule of {@link Predictions} for j &lt; count, at out[offset + j], where
     * e<sub>j</sub> = e[j·S … (j + 1)·S) and max[j] = max<sub>i</sub>|e<sub>j,i</sub>|: the predictions of symbol
     * j mod |𝒳| under one or several variants whose predictors follow one another (a factor of a product filter
     * tabulates all its used variants in one loop, {@link ProductModel#usedPredictors}); the round-off bound, which
     * depends on the belief only, is computed once. Returns their sum.
     */
    double predictions(double[] e, double[] max, int count, double[] out, int offset) {
        double scale = exact ? 0.0 : Predictions.boundScale(t.dimension, position, Predictions.l1(belief, 0, t.dimension));
        double[] b = belief;
        int n = t.dimension;
        double total = 0.0;
        if (n == 3) {
            // the dot product of n = 3 with the belief held in registers: fewer loads, the same rounding
            double b0 = b[0];
            double b1 = b[1];
            double b2 = b[2];
            for (int j = 0, at = 0; j < count; j++, at += 3) {
                double p = b0 * e[at] + b1 * e[at + 1] + b2 * e[at + 2];
                double q = exact || p > scale * max[j] ? p : resolve(p, scale * max[j], e, at, j);
                out[offset + j] = q;
                total += q;
            }
            return total;
        }
        for (int j = 0, at = 0; j < count; j++, at += n) {
            double p = dot(b, e, at, n);
            double q = exact || p > scale * max[j] ? p : resolve(p, scale * max[j], e, at, j);
            out[offset + j] = q;
            total += q;
        }
        return total;
    }

    /** {@link Predictions#resolve} of prediction j of {@link #predictions}. */
    private double resolve(double p, double bound, double[] e, int at, int j) {
        return Predictions.resolve(p, bound, belief, e, at, t.dimension, t.where, position, j % t.symbols);
    }

    @Override
    public double probability(int x) {
        return probability(0, x);
    }

    /** Pr(x | η) under variant k. */
    double probability(int k, int x) {
        Checks.requireIndex("symbol index", x, t.symbols);
        int n = t.dimension;
        double[] e = t.predictor[k];
        int at = x * n;
        double p = dot(belief, e, at, n);
        if (exact) {
            return p;
        }
        double bound = Predictions.boundScale(n, position, Predictions.l1(belief, 0, n)) * t.predictorMaxAbs[k][x];
        return Predictions.resolve(p, bound, belief, e, at, n, t.where, position, x);
    }

    @Override
    public double update(int x) {
        double p = probability(x);
        if (p == 0.0) {
            throw new ZeroProbabilityException(position, x, p);
        }
        apply(0, x, p);
        return p;
    }

    /** The belief becomes η·T<sub>k</sub>(x)/p, where p = Pr(x | η) &gt; 0 under variant k. */
    void apply(int k, int x, double p) {
        pend(k, x, p);
        commit();
    }

    /** Writes η·T<sub>k</sub>(x)/p to the pending belief, which {@link #commit} makes current; the belief is unchanged. */
    private void pend(int k, int x, double p) {
        int n = t.dimension;
        double scale = 1.0 / p;
        double[] b = belief;
        double[] out = next;
        if (t.small == null) {
            t.transfer[k][x].leftApply(b, 0, out, 0, work);
            for (int i = 0; i < n; i++) {
                out[i] *= scale;
            }
        } else if (n == 3) {
            double b0 = b[0];
            double b1 = b[1];
            double b2 = b[2];
            double[] c = t.small[k];
            int at = x * 9;
            out[0] = (b0 * c[at] + b1 * c[at + 1] + b2 * c[at + 2]) * scale;
            out[1] = (b0 * c[at + 3] + b1 * c[at + 4] + b2 * c[at + 5]) * scale;
            out[2] = (b0 * c[at + 6] + b1 * c[at + 7] + b2 * c[at + 8]) * scale;
        } else {
            double[] columns = t.small[k];
            for (int j = 0, at = x * n * n; j < n; j++, at += n) {
                out[j] = dot(b, columns, at, n) * scale;
            }
        }
        pending = p;
    }

    /** The pending belief becomes current: one symbol read, of probability {@link #pending}. */
    void commit() {
        double[] swap = belief;
        belief = next;
        next = swap;
        position++;
        last = pending;
        predicted = -1;
    }

    @Override
    public int sample(UniformRandomProvider rng) {
        int x = draw(0, rng.nextDouble());
        commit();
        return x;
    }

    /**
     * Draws x from variant k's distribution by inversion of u and pends η·T<sub>k</sub>(x)/Pr(x | η) (see
     * {@link #commit}); the belief is unchanged, so a coupled filter can draw every factor before it updates any.
     *
     * @return x
     * @throws IllegalArgumentException if no symbol has positive probability
     */
    int draw(int k, double u) {
        return draw(k, u, distribution, 0, predict(k));
    }

    /**
     * {@link #draw(int, double)} from variant k's distribution already computed at the current belief:
     * Pr(· | η, k) at w[from …] and its sum.
     */
    int draw(int k, double u, double[] w, int from, double total) {
        if (!(total > 0.0)) {
            throw new IllegalArgumentException(t.where + "no symbol has positive probability at position " + position
                    + ": the belief is not a valid state of the process");
        }
        int x = Predictions.invert(u * total, w, from, t.symbols);
        pend(k, x, w[from + x]);
        return x;
    }

    /** Pr(x | η) of the symbol of the pending belief. */
    double pending() {
        return pending;
    }

    @Override
    public double lastProbability() {
        return last;
    }

    @Override
    public void belief(double[] out, int offset) {
        Checks.requireRange("out", out, offset, t.dimension, "belief values");
        double[] b = belief;
        if (b.length == 3) {
            // three stores beat the call of a copy this short (the chain with factor beliefs: 128 → 119 ns/token)
            out[offset] = b[0];
            out[offset + 1] = b[1];
            out[offset + 2] = b[2];
            return;
        }
        System.arraycopy(b, 0, out, offset, t.dimension);
    }

    /** The current belief, not a copy: for the product filter in this package. */
    double[] current() {
        return belief;
    }

    @Override
    public int parts() {
        return t.blocks.length - 1;
    }

    @Override
    public int partDimension(int part) {
        Checks.requireIndex("part", part, parts());
        return t.blocks[part + 1] - t.blocks[part];
    }

    @Override
    public void part(int part, double[] out, int offset) {
        int size = partDimension(part);
        if (size == t.dimension) {
            belief(out, offset);  // the one part: the belief, which every update normalises
            return;
        }
        int from = t.blocks[part];
        Checks.requireRange("out", out, offset, size, "part values");
        double mass = blockMass(part);
        double scale = mass == 0.0 ? 1.0 : 1.0 / mass;
        for (int i = 0; i < size; i++) {
            out[offset + i] = belief[from + i] * scale;
        }
    }

    @Override
    public double partWeight(int part) {
        Checks.requireIndex("part", part, parts());
        return parts() == 1 ? 1.0 : blockMass(part);
    }

    private double blockMass(int part) {
        double mass = 0.0;
        for (int i = t.blocks[part]; i < t.blocks[part + 1]; i++) {
            mass += belief[i] * t.one[i];
        }
        return mass;
    }

    /** {@return its model, the position, and the belief when it has at most 8 entries} */
    @Override
    public String toString() {
        return "LinearFilter(" + t + ", position " + position + (t.dimension <= 8 ? ", belief " + Arrays.toString(belief()) : "") + ")";
    }
}
