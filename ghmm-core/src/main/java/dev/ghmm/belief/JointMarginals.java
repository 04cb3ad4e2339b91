package dev.ghmm.belief;

import dev.ghmm.Entropy;
import dev.ghmm.Vectors;
import java.util.Arrays;

/**
 * The factor marginals of a joint belief ⟨⟨η| over Π<sub>f</sub> d<sub>f</sub> states (factor 0 slowest), for the
 * filters that keep a joint belief of a factored process: ⟨⟨η<sub>f</sub>| is η contracted with |1<sub>g</sub>⟩⟩ on
 * every other factor g, the factor gap is ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> and, for HMM factors, the
 * divergence D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>) = Σ<sub>f</sub> H(η<sub>f</sub>) − H(η) in nats. Owns its work arrays;
 * for one filter.
 */
final class JointMarginals {
    private final int states;
    private final int[] dims;
    /** stride[f] = Π<sub>g&gt;f</sub> d<sub>g</sub>. */
    private final int[] stride;
    /** onesBefore[f] = ⊗<sub>g&lt;f</sub>|1<sub>g</sub>⟩⟩, onesAfter[f] = ⊗<sub>g&gt;f</sub>|1<sub>g</sub>⟩⟩. */
    private final double[][] onesBefore;
    private final double[][] onesAfter;
    /** Whether every factor is an HMM (non-negative, |1<sub>f</sub>⟩⟩ = 𝟏): its beliefs are then probability vectors. */
    private final boolean hmm;
    private final double[][] marginals;
    private final double[] product;

    JointMarginals(ProductModel model) {
        int count = model.factors.length;
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
        this.onesBefore = new double[count][];
        this.onesAfter = new double[count][];
        for (int f = 0; f < count; f++) {
            onesBefore[f] = Vectors.kron(Arrays.copyOfRange(ones, 0, f));
            onesAfter[f] = Vectors.kron(Arrays.copyOfRange(ones, f + 1, count));
        }
        this.hmm = positive && Arrays.stream(Vectors.kron(ones)).allMatch(v -> v == 1.0);
        this.marginals = new double[count][];
        for (int f = 0; f < count; f++) {
            marginals[f] = new double[dims[f]];
        }
        this.product = new double[states];
    }

    /** The marginals of {@code belief}, kept until the next call. */
    void marginalise(double[] belief) {
        for (int f = 0; f < dims.length; f++) {
            double[] m = marginals[f];
            Arrays.fill(m, 0.0);
            double[] before = onesBefore[f];
            double[] after = onesAfter[f];
            int d = dims[f];
            int inner = stride[f];
            for (int o = 0, at = 0; o < before.length; o++) {
                for (int i = 0; i < d; i++) {
                    double s = 0.0;
                    for (int t = 0; t < inner; t++, at++) {
                        s += belief[at] * after[t];
                    }
                    m[i] += before[o] * s;
                }
            }
        }
    }

    /** The marginal of factor f from the last {@link #marginalise}. */
    double[] marginal(int f) {
        return marginals[f];
    }

    /** ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub>, with the marginals of the last {@link #marginalise} of η. */
    double gap(double[] belief) {
        Vectors.kron(marginals, product, 0);
        double gap = 0.0;
        for (int i = 0; i < states; i++) {
            gap += Math.abs(belief[i] - product[i]);
        }
        return gap;
    }

    /** Σ<sub>f</sub> H(η<sub>f</sub>) − H(η) in nats (clamped at 0), or NaN unless every factor is an HMM. */
    double divergence(double[] belief) {
        if (!hmm) {
            return Double.NaN;
        }
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
