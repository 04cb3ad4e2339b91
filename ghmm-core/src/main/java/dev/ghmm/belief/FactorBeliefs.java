package dev.ghmm.belief;

import dev.ghmm.Tolerances;
import dev.ghmm.Vectors;
import dev.ghmm.internal.Checks;
import java.util.Arrays;

/**
 * The factor beliefs of a filter that keeps its belief as a product ⊗<sub>f</sub>⟨⟨η<sub>f</sub>|: one
 * {@link LinearFilter} per factor of a {@link ProductModel}, and what every such filter does with them alike (reset,
 * the joint belief, the parts and their text). The one home of this for {@link ProductFilter}, {@link ReceivedFilter}
 * and {@link EmissionTransitionFilter}, which differ in how they predict and update; they read and update the factors
 * through {@link #factors} directly. Mutable, for one thread; owns its work arrays, so nothing here allocates but
 * {@link #appendTo}.
 */
final class FactorBeliefs {
    private final ProductModel p;
    /** One filter per factor, at the factor's current belief; the owning filter updates them. */
    final LinearFilter[] factors;
    /** Work space of {@link #reset(double[])}: the marginals of the belief given. */
    private final double[][] marginals;
    /** The factors' current belief arrays (a filter swaps its arrays on every update), for the Kronecker product. */
    private final double[][] current;

    FactorBeliefs(ProductModel p) {
        this.p = p;
        int count = p.factors.length;
        this.factors = new LinearFilter[count];
        this.marginals = new double[count][];
        for (int f = 0; f < count; f++) {
            factors[f] = p.factors[f].filter();
            marginals[f] = new double[p.factors[f].dimension];
        }
        this.current = new double[count][];
    }

    /** Every factor back to its initial belief. */
    void reset() {
        for (LinearFilter f : factors) {
            f.reset();
        }
    }

    /**
     * Every factor to its marginal m<sub>f</sub> of a product belief given jointly (the other factors contracted with
     * their |1⟩⟩, {@link FactorMarginals}); the belief must equal ⊗<sub>f</sub> m<sub>f</sub>. Nothing changes when it
     * is refused.
     *
     * @param belief the joint belief, length S
     * @throws IllegalArgumentException if the length is wrong, an entry is not finite, a marginal is not a normalised
     *                                  belief of its factor, or the belief is not a product, naming the first joint
     *                                  state where it differs from the product of its marginals by more than
     *                                  {@link Tolerances#INPUT} times its largest entry
     */
    void reset(double[] belief) {
        Checks.requireLength("belief", belief, p.dimension);
        Checks.requireFinite("belief", belief);
        for (int f = 0; f < factors.length; f++) {
            p.marginals.marginal(belief, f, marginals[f], 0);
        }
        int j = p.marginals.firstNonProductState(belief, marginals, Tolerances.INPUT);
        if (j >= 0) {
            throw new IllegalArgumentException("the belief is not a product of factor beliefs: at joint state " + j + " it is "
                    + belief[j] + ", the product of its marginals " + p.marginals.productEntry(marginals, j));
        }
        for (int f = 0; f < factors.length; f++) {
            p.factors[f].requireBelief(marginals[f]);
        }
        for (int f = 0; f < factors.length; f++) {
            factors[f].reset(marginals[f]);
        }
    }

    /**
     * Writes ⊗<sub>f</sub>⟨⟨η<sub>f</sub>|, factor 0 slowest, in place ({@link Vectors#kron(double[][], double[], int)}).
     *
     * @param out    (Output) holds S values from {@code offset}
     * @param offset first index written
     */
    void belief(double[] out, int offset) {
        Checks.requireRange("out", out, offset, p.dimension, "belief values");
        for (int f = 0; f < factors.length; f++) {
            current[f] = factors[f].current();
        }
        Vectors.kron(current, out, offset);
    }

    /** {@return F, one part per factor} */
    int parts() {
        return factors.length;
    }

    /** {@return d<sub>f</sub>, the dimension of factor f} */
    int partDimension(int f) {
        Checks.requireIndex("factor", f, factors.length);
        return p.factors[f].dimension;
    }

    /** Writes factor f's belief at {@code out[offset …]}. */
    void part(int f, double[] out, int offset) {
        Checks.requireIndex("factor", f, factors.length);
        factors[f].belief(out, offset);  // checks the range
    }

    /** {@return 1, the weight of every factor} */
    double partWeight(int f) {
        Checks.requireIndex("factor", f, factors.length);
        return 1.0;
    }

    /**
     * Appends {@code ", factor f [η_f]"} for every factor of at most 8 states, for a filter's {@code toString}.
     *
     * @param s the text so far
     * @return {@code s}
     */
    StringBuilder appendTo(StringBuilder s) {
        for (int f = 0; f < factors.length; f++) {
            if (factors[f].dimension() <= 8) {
                s.append(", factor ").append(f).append(' ').append(Arrays.toString(factors[f].belief()));
            }
        }
        return s;
    }
}
