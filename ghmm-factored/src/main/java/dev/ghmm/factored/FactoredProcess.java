package dev.ghmm.factored;

import dev.ghmm.Vectors;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.ZeroProbabilityException;
import java.util.Arrays;
import java.util.List;

/**
 * A tensor-product process of F ≥ 2 component GHMMs (eq. 2.10): T(x) = ⊗<sub>f</sub> T<sup>f</sup>(x<sub>f</sub>)
 * as structured Kronecker operators, the product alphabet with lexicographic encoding (eq. 2.20), and
 * ⟨⟨η| = ⊗<sub>f</sub> ⟨⟨η<sup>f</sup>|, |1⟩⟩ = ⊗<sub>f</sub> |1⟩⟩<sup>f</sup>. The joint process is a
 * {@link Ghmm} built by {@link Ghmm#kron}; this class adds the factor view. Immutable.
 *
 * <p>From a product initial belief the joint belief stays a product of factor beliefs, each updated by
 * its own factor on its own symbol: {@link FactorBeliefs} does that in O(Σ<sub>f</sub> d<sub>f</sub>²) per
 * step instead of O(Π d<sub>f</sub>²).
 */
public final class FactoredProcess {
    private final Ghmm[] factors;
    private final Alphabet[] alphabets;
    private final Ghmm joint;

    private FactoredProcess(Ghmm[] factors) {
        if (factors.length < 2) {
            throw new IllegalArgumentException("a factored process needs at least 2 factors, got " + factors.length);
        }
        this.factors = factors.clone();
        this.alphabets = Arrays.stream(factors).map(Ghmm::alphabet).toArray(Alphabet[]::new);
        this.joint = Ghmm.kron(factors);
    }

    /**
     * The tensor product of the given factor processes, in order (factor 0 is the slowest index).
     *
     * @param factors the factors, in order
     * @return the tensor product of the given factor processes, in order (factor 0 is the slowest index)
     */
    public static FactoredProcess of(Ghmm... factors) {
        return new FactoredProcess(factors);
    }

    /**
     * The joint process on ⊗<sub>f</sub> I<sup>(f)</sup>.
     *
     * @return the joint process on ⊗<sub>f</sub> I<sup>(f)</sup>
     */
    public Ghmm joint() {
        return joint;
    }

    /**
     * F.
     *
     * @return F
     */
    public int factorCount() {
        return factors.length;
    }

    /**
     * The marginal (factor) process f.
     *
     * @param f the factor index (0-based)
     * @return the marginal (factor) process f
     */
    public Ghmm factor(int f) {
        return factors[f];
    }

    /**
     * The factor dimensions d<sub>f</sub>.
     *
     * @return the factor dimensions d<sub>f</sub>
     */
    public int[] dimensions() {
        return Arrays.stream(factors).mapToInt(Ghmm::states).toArray();
    }

    /**
     * All factor processes (unmodifiable).
     *
     * @return all factor processes (unmodifiable)
     */
    public List<Ghmm> factors() {
        return List.of(factors);
    }

    /**
     * The joint symbol of the factor symbols (eq. 2.20).
     *
     * @param symbols the factor symbols, one per factor
     * @return the joint symbol of the factor symbols (eq. 2.20)
     */
    public int encode(int... symbols) {
        return Alphabet.encode(alphabets, symbols);
    }

    /**
     * The factor symbols of a joint symbol, in a new array.
     *
     * @param jointSymbol the joint symbol (eq. 2.20)
     * @return the factor symbols of a joint symbol, in a new array
     */
    public int[] decode(int jointSymbol) {
        joint.alphabet().requireSymbol(jointSymbol);
        int[] tuple = new int[factors.length];
        Alphabet.decode(alphabets, jointSymbol, tuple);
        return tuple;
    }

    /**
     * Factor beliefs starting from the factors' initial beliefs.
     *
     * @return factor beliefs starting from the factors' initial beliefs
     */
    public FactorBeliefs beliefs() {
        return new FactorBeliefs();
    }

    /**
     * The factor beliefs ⟨⟨η<sup>f</sup>| of a product belief, updated factor by factor. Mutable and not
     * thread-safe: one per thread.
     */
    public final class FactorBeliefs {
        private final double[][] current = new double[factors.length][];
        private final double[][] next = new double[factors.length][];
        private final int[] tuple = new int[factors.length];

        private FactorBeliefs() {
            for (int f = 0; f < factors.length; f++) {
                current[f] = factors[f].initial();
                next[f] = new double[factors[f].states()];
            }
        }

        /**
         * Updates every factor belief on its own symbol of the joint symbol x (eq. 2.3 per factor) and
         * returns Pr(x | η) = Π<sub>f</sub> Pr(x<sub>f</sub> | η<sup>f</sup>). Allocates nothing.
         *
         * @throws ZeroProbabilityException if some factor symbol has probability zero
         * @param jointSymbol the joint symbol (eq. 2.20)
         * @return Pr(x | η) = Π<sub>f</sub> Pr(x<sub>f</sub> | η<sup>f</sup>)
         */
        public double update(int jointSymbol) {
            joint.alphabet().requireSymbol(jointSymbol);
            Alphabet.decode(alphabets, jointSymbol, tuple);
            // all factors are checked before any is updated, so a failed update changes nothing
            for (int f = 0; f < factors.length; f++) {
                double pf = factors[f].symbolProbability(current[f], tuple[f]);
                if (!(pf > 0.0)) {
                    throw new ZeroProbabilityException(jointSymbol, -1, pf);
                }
            }
            double p = 1.0;
            for (int f = 0; f < factors.length; f++) {
                p *= factors[f].update(current[f], tuple[f], next[f]);
                double[] t = current[f];
                current[f] = next[f];
                next[f] = t;
            }
            return p;
        }

        /**
         * The belief of factor f (a copy).
         *
         * @param f the factor index (0-based)
         * @return the belief of factor f (a copy)
         */
        public double[] factor(int f) {
            return current[f].clone();
        }

        /**
         * The joint belief ⊗<sub>f</sub> ⟨⟨η<sup>f</sup>| (materialised, length Π d<sub>f</sub>).
         *
         * @return the joint belief ⊗<sub>f</sub> ⟨⟨η<sup>f</sup>| (materialised, length Π d<sub>f</sub>)
         */
        public double[] joint() {
            return Vectors.kron(current);
        }
    }
}
