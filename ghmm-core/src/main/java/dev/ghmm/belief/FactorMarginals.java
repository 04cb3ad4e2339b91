package dev.ghmm.belief;

import dev.ghmm.MixedRadix;
import dev.ghmm.Tolerances;
import dev.ghmm.Vectors;
import dev.ghmm.internal.Checks;
import java.util.Arrays;

/**
 * The factor marginals of a joint belief over a Kronecker product of F factors, and the product test: the one home of
 * both. Joint states are mixed-radix tuples j = (j<sub>0</sub>, …, j<sub>F−1</sub>) ({@link MixedRadix}, the last factor
 * fastest), and factor f's marginal of ⟨⟨η| is η contracted with |1<sub>g</sub>⟩⟩ on every other factor g,
 * η<sub>f</sub>[i] = Σ<sub>j: j_f = i</sub> η[j] Π<sub>g≠f</sub> 1<sub>g</sub>[j<sub>g</sub>]. For a product belief η = ⊗<sub>g</sub> η<sub>g</sub> with ⟨⟨η<sub>g</sub>|1<sub>g</sub>⟩⟩ = 1 it is the factor
 * belief η<sub>f</sub> itself; for HMM factors (1<sub>g</sub> = 𝟏) it is the marginal distribution of factor f's
 * state. The belief is a product exactly when η = ⊗<sub>f</sub> η<sub>f</sub> of its own marginals.
 *
 * <p>The partial trace of a density matrix (ghmm-factored's {@code DensityMatrix.partialTrace}) is another operation:
 * it traces an operator ρ on the joint space over the other factors with the identity, keeping a matrix; this class
 * contracts a belief, a row vector, with the other factors' |1⟩⟩ covectors. They agree only for a diagonal ρ of HMM
 * factors.
 *
 * <p>Immutable and thread-safe; the methods that take an output array allocate nothing.
 */
public final class FactorMarginals {
    private final int[] dims;
    private final int dimension;
    /** stride[f] = Π<sub>g&gt;f</sub> d<sub>g</sub>: the joint states of the factors after f. */
    private final int[] stride;
    /** onesBefore[f] = ⊗<sub>g&lt;f</sub>|1<sub>g</sub>⟩⟩, onesAfter[f] = ⊗<sub>g&gt;f</sub>|1<sub>g</sub>⟩⟩. */
    private final double[][] onesBefore;
    private final double[][] onesAfter;

    private FactorMarginals(double[][] ones) {
        int count = ones.length;
        this.dims = Arrays.stream(ones).mapToInt(one -> one.length).toArray();
        this.dimension = MixedRadix.size("the joint state space", dims);
        this.stride = new int[count];
        for (int f = count - 1, s = 1; f >= 0; s *= dims[f], f--) {
            stride[f] = s;
        }
        this.onesBefore = new double[count][];
        this.onesAfter = new double[count][];
        for (int f = 0; f < count; f++) {
            onesBefore[f] = Vectors.kron(Arrays.copyOfRange(ones, 0, f));
            onesAfter[f] = Vectors.kron(Arrays.copyOfRange(ones, f + 1, count));
        }
    }

    /**
     * The marginals of beliefs over ⊗<sub>f</sub> of the factors' state spaces.
     *
     * @param ones |1<sub>f</sub>⟩⟩ per factor (copied), at least one factor, each of length d<sub>f</sub> ≥ 1
     * @return the marginals
     * @throws IllegalArgumentException on no factor, an empty or non-finite |1⟩⟩ (naming the factor), or a joint state
     *                                  space above {@link Integer#MAX_VALUE}
     */
    public static FactorMarginals of(double[]... ones) {
        if (ones.length == 0) {
            throw new IllegalArgumentException("no factor: a joint belief has at least one");
        }
        for (int f = 0; f < ones.length; f++) {
            if (ones[f].length == 0) {
                throw new IllegalArgumentException("|1⟩⟩ of factor " + f + " is empty");
            }
            Checks.requireFinite("|1⟩⟩ of factor " + f, ones[f]);
        }
        return new FactorMarginals(Vectors.copyRows(ones));
    }

    /** {@return F, the number of factors} */
    public int factorCount() {
        return dims.length;
    }

    /** {@return S = Π<sub>f</sub> d<sub>f</sub>, the dimension of a joint belief} */
    public int dimension() {
        return dimension;
    }

    /**
     * {@return d<sub>f</sub>, the dimension of factor f}
     *
     * @param f the factor, in [0, F)
     */
    public int dimension(int f) {
        Checks.requireIndex("factor", f, dims.length);
        return dims[f];
    }

    /**
     * Writes η<sub>f</sub>, factor f's marginal of the joint belief, into {@code out[offset … offset + d_f)}:
     * Σ<sub>o</sub> onesBefore[o] Σ<sub>t</sub> η[(o·d<sub>f</sub> + i)·stride + t] onesAfter[t], S multiply-adds.
     *
     * @param joint  (Input) ⟨⟨η|, length S
     * @param f      the factor, in [0, F)
     * @param out    (Output) the marginal
     * @param offset where it starts
     * @throws IllegalArgumentException on a factor out of range, a belief of another length or too short an output
     */
    public void marginal(double[] joint, int f, double[] out, int offset) {
        Checks.requireIndex("factor", f, dims.length);
        Checks.requireLength("belief", joint, dimension);
        int d = dims[f];
        Checks.requireRange("out", out, offset, d, "marginal values");
        Arrays.fill(out, offset, offset + d, 0.0);
        double[] before = onesBefore[f];
        double[] after = onesAfter[f];
        int inner = stride[f];
        for (int o = 0, at = 0; o < before.length; o++) {
            for (int i = 0; i < d; i++) {
                double s = 0.0;
                for (int t = 0; t < inner; t++, at++) {
                    s += joint[at] * after[t];
                }
                out[offset + i] += before[o] * s;
            }
        }
    }

    /**
     * {@return η<sub>f</sub>, factor f's marginal of the joint belief, in a new array} ({@link #marginal(double[], int, double[], int)})
     *
     * @param joint ⟨⟨η|, length S
     * @param f     the factor, in [0, F)
     */
    public double[] marginal(double[] joint, int f) {
        double[] out = new double[dimension(f)];
        marginal(joint, f, out, 0);
        return out;
    }

    /**
     * {@return every factor's marginal of the joint belief, in new arrays}
     *
     * @param joint ⟨⟨η|, length S
     */
    public double[][] marginals(double[] joint) {
        double[][] m = new double[dims.length][];
        for (int f = 0; f < dims.length; f++) {
            m[f] = marginal(joint, f);
        }
        return m;
    }

    /**
     * {@return (⊗<sub>f</sub> m<sub>f</sub>)[j] = Π<sub>f</sub> m<sub>f</sub>[j<sub>f</sub>], the product of factor vectors at joint state j}
     *
     * @param factors m<sub>f</sub> per factor, of length d<sub>f</sub>
     * @param j       the joint state, in [0, S)
     * @throws IllegalArgumentException on a joint state out of range, or a factor count or factor length that differs
     *                                  (naming the factor)
     */
    public double productEntry(double[][] factors, int j) {
        Checks.requireIndex("joint state", j, dimension);
        requireFactors(factors);
        return entry(factors, j);
    }

    /** (⊗<sub>f</sub> m<sub>f</sub>)[j], arguments checked. */
    private double entry(double[][] factors, int j) {
        double product = 1.0;
        for (int f = dims.length - 1; f >= 0; f--) {
            product *= factors[f][j % dims[f]];
            j /= dims[f];
        }
        return product;
    }

    /**
     * The product test against given marginals: the first joint state j where |η[j] − Π<sub>f</sub> m<sub>f</sub>[j<sub>f</sub>]|
     * exceeds {@code tolerance} times max<sub>i</sub>|η[i]|, or −1 where η = ⊗<sub>f</sub> m<sub>f</sub> within it.
     *
     * @param joint     ⟨⟨η|, length S
     * @param marginals m<sub>f</sub> per factor, of length d<sub>f</sub> (its own {@link #marginals}, usually)
     * @param tolerance relative to the largest entry of η, finite and ≥ 0
     * @return the first joint state off the product, or −1
     * @throws IllegalArgumentException on a belief or marginal of the wrong length, or a bad tolerance
     */
    public int firstNonProductState(double[] joint, double[][] marginals, double tolerance) {
        Checks.requireLength("belief", joint, dimension);
        Tolerances.require(tolerance);
        requireFactors(marginals);
        double bound = tolerance * Vectors.maxAbs(joint);
        for (int j = 0; j < dimension; j++) {
            if (Math.abs(joint[j] - entry(marginals, j)) > bound) {
                return j;
            }
        }
        return -1;
    }

    /** One vector per factor, factor f's of length d<sub>f</sub>. */
    private void requireFactors(double[][] factors) {
        if (factors.length != dims.length) {
            throw new IllegalArgumentException("got " + factors.length + " marginals for " + dims.length + " factors");
        }
        for (int f = 0; f < dims.length; f++) {
            if (factors[f] == null || factors[f].length != dims[f]) { // the name is built only for the refusal (a filter's reset runs this)
                Checks.requireLength("marginal of factor " + f, factors[f], dims[f]);
            }
        }
    }

    /**
     * {@return whether η = ⊗<sub>f</sub> η<sub>f</sub> of its own marginals, every entry within {@code tolerance} times
     * max<sub>i</sub>|η[i]|} ({@link #firstNonProductState}). Precondition: η is normalised, ⟨⟨η|1⟩⟩ = 1 (as every
     * filter's belief is); a multiple cη of a product has marginals cη<sub>f</sub>, whose product is c<sup>F</sup>η,
     * so it is reported as no product for c ≠ 1 (η is not normalised here).
     *
     * @param joint     ⟨⟨η|, length S, with ⟨⟨η|1⟩⟩ = 1
     * @param tolerance relative to the largest entry of η, finite and ≥ 0
     */
    public boolean isProduct(double[] joint, double tolerance) {
        return firstNonProductState(joint, marginals(joint), tolerance) < 0;
    }

    /** {@return the factor dimensions} */
    @Override
    public String toString() {
        return "FactorMarginals(" + dimension + " joint states of factors " + Arrays.toString(dims) + ")";
    }
}
