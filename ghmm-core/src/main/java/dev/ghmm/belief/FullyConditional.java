package dev.ghmm.belief;

import dev.ghmm.MixedRadix;
import dev.ghmm.Vectors;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * The fully conditional process of factors with variants (docs/math.md, "Fully conditional factors"): its hidden state
 * is the tuple s = (s<sub>0</sub>, …, s<sub>F−1</sub>) of factor states; from s the joint symbol x is drawn from the
 * normalised product of the factors' conditionals, each factor's variant k<sub>f</sub>(x) chosen by the others' symbols
 * through the control map (cycles allowed),
 * <p>Pr(x | s) = Π<sub>f</sub> c<sub>f</sub>(x, s) / Z(s),  c<sub>f</sub>(x, s) = (T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)|1<sub>f</sub>⟩⟩)<sub>s_f</sub> / |1<sub>f</sub>⟩⟩<sub>s_f</sub>,  Z(s) = Σ<sub>x</sub> Π<sub>f</sub> c<sub>f</sub>(x, s),
 * <p>
 * then every factor moves with its chosen variant: the GHMM on Π<sub>f</sub> d<sub>f</sub> states
 * T(x) = D(1/Z) ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>), |1⟩⟩ = ⊗<sub>f</sub>|1<sub>f</sub>⟩⟩ (a state
 * with Z(s) = 0 emits uniformly and stays: row s of T(x) is ⟨⟨s|/|𝒳|). From a point-mass factor state its next-symbol
 * law is the Python peer's normalised product of conditionals; its belief is the exact joint posterior, which does not
 * factor ({@link #filter}). Every factor must be non-negative with a positive |1<sub>f</sub>⟩⟩ (so that c<sub>f</sub>
 * is a probability). Immutable and thread-safe.
 */
public final class FullyConditional {
    /** Largest S for which {@link #transfers} materialises the joint operators. */
    public static final int LARGEST_MATERIALISED = 1024;

    final ProductModel product;
    /** scale[s] = 1/Z(s), 0 where Z(s) = 0. */
    final double[] scale;
    /** fallback[s]: whether Z(s) = 0. */
    final boolean[] fallback;

    private FullyConditional(ProductModel product, double[] scale, boolean[] fallback) {
        this.product = product;
        this.scale = scale;
        this.fallback = fallback;
    }

    private static final String UNFIT = "a factor of a fully conditional process needs non-negative operators and a positive |1⟩⟩:"
            + " its conditional from each state is a probability";

    private static boolean fits(FilterModel m) {
        return m.nonNegative && Arrays.stream(m.one).allMatch(v -> v > 0.0);
    }

    /**
     * Checks that a process description can be a factor, or a factor's variant, of a fully conditional process (for
     * file readers, which name the variant's path).
     *
     * @param model the description
     * @throws IllegalArgumentException unless its operators are non-negative and its |1⟩⟩ positive
     */
    public static void requireFactor(FilterModel model) {
        if (!fits(model)) {
            throw new IllegalArgumentException(UNFIT);
        }
    }

    /**
     * The fully conditional process of a factored description: Z(s) for every joint state, Σ<sub>x</sub> of a
     * Kronecker product of the factors' predictor entries (|𝒳|·S multiply-adds, once).
     *
     * @param product the factors, their variants and the control map (which may have cycles)
     * @return the process's description
     * @throws IllegalArgumentException if a factor has a negative operator entry, a |1⟩⟩ entry that is not positive, or
     *                                  a negative initial belief, naming the factor
     */
    public static FullyConditional of(ProductModel product) {
        int count = product.factors.length;
        for (int f = 0; f < count; f++) {
            FilterModel m = product.factors[f];
            if (!fits(m)) {
                throw new IllegalArgumentException("factor " + f + ": " + UNFIT);
            }
            if (!Vectors.isNonNegative(m.initial)) {
                throw new IllegalArgumentException("factor " + f + " of a fully conditional process has a negative initial belief "
                        + Arrays.toString(m.initial) + ": its belief is a distribution over the factor's states");
            }
        }
        int states = product.dimension;
        double[] z = new double[states];
        double[] term = new double[states];
        double[][] conditionals = new double[count][];
        int[] tuple = new int[count];
        for (int x = 0; x < product.symbols; x++) {
            MixedRadix.decode(product.radix, x, tuple);
            for (int f = 0; f < count; f++) {
                FilterModel m = product.factors[f];
                int d = m.dimension;
                conditionals[f] = Arrays.copyOfRange(m.predictor[product.variant(f, tuple)], tuple[f] * d, tuple[f] * d + d);
                for (int i = 0; i < d; i++) {
                    conditionals[f][i] /= m.one[i];
                }
            }
            Vectors.kron(conditionals, term, 0);
            for (int s = 0; s < states; s++) {
                z[s] += term[s];
            }
        }
        double[] scale = new double[states];
        boolean[] fallback = new boolean[states];
        for (int s = 0; s < states; s++) {
            fallback[s] = z[s] == 0.0;
            scale[s] = fallback[s] ? 0.0 : 1.0 / z[s];
        }
        return new FullyConditional(product, scale, fallback);
    }

    /** {@return the factored description (factors, variants, control map)} */
    public ProductModel productModel() {
        return product;
    }

    /**
     * Z(s), the mass of the unnormalised product of conditionals from joint state s (factor 0 slowest).
     *
     * @param state the joint state index
     * @return Z(s) ≥ 0
     */
    public double normaliser(int state) {
        return fallback[state] ? 0.0 : 1.0 / scale[state];
    }

    /**
     * A new filter at the product of the factors' initial beliefs: it keeps the joint belief and its parts are the
     * factors' marginals.
     *
     * @return the filter, for one thread
     */
    public BeliefFilter filter() {
        return new FullyConditionalFilter(this);
    }

    /**
     * The joint operators T(x) = D(1/Z) ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) (plus ⟨⟨s|/|𝒳| on the
     * rows where Z(s) = 0), materialised: for tests and small cases.
     *
     * @return T(x) for every joint symbol x
     * @throws IllegalArgumentException beyond {@value #LARGEST_MATERIALISED} joint states, naming the joint size, the cap
     *                                  and what reads the filter instead
     */
    public List<Operator> transfers() {
        int states = product.dimension;
        if (states > LARGEST_MATERIALISED) {
            throw new IllegalArgumentException("the fully conditional process has " + states + " joint states, more than the "
                    + LARGEST_MATERIALISED + " up to which its joint operators are materialised (for check-partition, density matrices,"
                    + " a noisy channel over joint, use as a factor): eval, sample, msp and measures read its filter, which never forms them");
        }
        int count = product.factors.length;
        List<Operator> out = new ArrayList<>(product.symbols);
        Operator[] chosen = new Operator[count];
        int[] tuple = new int[count];
        for (int x = 0; x < product.symbols; x++) {
            MixedRadix.decode(product.radix, x, tuple);
            for (int f = 0; f < count; f++) {
                chosen[f] = product.factors[f].transfer[product.variant(f, tuple)][tuple[f]];
            }
            DMatrixRMaj t = Operators.kron(chosen).toDense();
            for (int s = 0; s < states; s++) {
                for (int j = 0; j < states; j++) {
                    t.set(s, j, t.get(s, j) * scale[s]);
                }
                if (fallback[s]) {
                    t.set(s, s, 1.0 / product.symbols);
                }
            }
            out.add(Operators.optimise(Operators.dense(t)));
        }
        return out;
    }

    @Override
    public String toString() {
        int zero = 0;
        for (boolean b : fallback) {
            zero += b ? 1 : 0;
        }
        return "FullyConditional(" + product + ", " + zero + (zero == 1 ? " joint state" : " joint states") + " with Z = 0)";
    }
}
