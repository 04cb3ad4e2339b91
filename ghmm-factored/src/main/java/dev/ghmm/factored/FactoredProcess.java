package dev.ghmm.factored;

import dev.ghmm.Vectors;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.ZeroProbabilityException;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A tensor-product process of F ≥ 2 component GHMMs (eq. 2.10): T(x) = ⊗<sub>f</sub> T<sup>f</sup>(x<sub>f</sub>)
 * as structured Kronecker operators, the product alphabet with lexicographic encoding (eq. 2.20), and
 * ⟨⟨η| = ⊗<sub>f</sub> ⟨⟨η<sup>f</sup>|, |1⟩⟩ = ⊗<sub>f</sub> |1⟩⟩<sup>f</sup>. The joint process is a
 * {@link Ghmm}; this class adds the factor view. Immutable.
 *
 * <p><b>Coupled factors.</b> Factor f may have K<sub>f</sub> variants T<sup>f</sup><sub>k</sub>(x<sub>f</sub>) of
 * its matrices (GHMMs over one alphabet, of one dimension, with one |1⟩⟩), and a control map chooses for
 * each joint symbol x = (x<sub>1</sub>, …, x<sub>F</sub>) the variant k<sub>f</sub>(x) from the symbols of
 * other factors: T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>). This is still a
 * Kronecker operator per symbol and still a GHMM, provided the joint net operator keeps
 * T ⊗<sub>f</sub>|1⟩⟩<sup>f</sup> = ⊗<sub>f</sub>|1⟩⟩<sup>f</sup>; {@link Builder#build} checks that and names
 * the first joint state where it fails. Independent factors ({@link #of}) and chains ({@link Builder#chain},
 * where factor f's variant is factor f − 1's symbol) always satisfy it; a general control map
 * ({@link Builder#control}) may not, for example when two factors choose each other's variants.
 *
 * <p>From a product initial belief the joint belief stays a product of factor beliefs, each updated by
 * its own (chosen variant of its) factor on its own symbol: {@link FactorBeliefs} does that in
 * O(Σ<sub>f</sub> d<sub>f</sub>²) per step instead of O(Π d<sub>f</sub>²).
 */
public final class FactoredProcess {
    private final Ghmm[][] variants;
    private final Alphabet[] alphabets;
    /** variantOf[x][f]: the variant of factor f that joint symbol x uses. */
    private final int[][] variantOf;
    private final Ghmm joint;

    private FactoredProcess(Ghmm[][] variants, int[][] variantOf, Ghmm joint) {
        this.variants = variants;
        this.alphabets = Arrays.stream(variants).map(v -> v[0].alphabet()).toArray(Alphabet[]::new);
        this.variantOf = variantOf;
        this.joint = joint;
    }

    /**
     * The tensor product of independent factor processes, in order (factor 0 is the slowest index).
     *
     * @throws IllegalArgumentException on fewer than 2 factors
     * @param factors the factors, in order
     * @return the tensor product of the given factor processes
     */
    public static FactoredProcess of(Ghmm... factors) {
        Builder builder = builder();
        for (Ghmm f : factors) {
            builder.factor(f);
        }
        return builder.build();
    }

    /**
     * A builder for coupled factored processes: add factors with their variants, then choose a control map.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
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
        return variants.length;
    }

    /**
     * The marginal (factor) process f; for a coupled factor, its variant 0.
     *
     * @param f the factor index (0-based)
     * @return the factor process f (variant 0)
     */
    public Ghmm factor(int f) {
        return variants[f][0];
    }

    /**
     * The number of variants K<sub>f</sub> of factor f (1 for an independent factor).
     *
     * @param f the factor index (0-based)
     * @return K<sub>f</sub>
     */
    public int variantCount(int f) {
        return variants[f].length;
    }

    /**
     * Variant k of factor f.
     *
     * @param f the factor index (0-based)
     * @param k the variant index (0-based)
     * @return T<sup>f</sup><sub>k</sub> as a process
     */
    public Ghmm variant(int f, int k) {
        return variants[f][k];
    }

    /**
     * The variants (k<sub>1</sub>, …, k<sub>F</sub>) that joint symbol x uses, in a new array.
     *
     * @param jointSymbol the joint symbol (eq. 2.20)
     * @return the variant of each factor
     */
    public int[] variantsOf(int jointSymbol) {
        joint.alphabet().requireSymbol(jointSymbol);
        return variantOf[jointSymbol].clone();
    }

    /**
     * The factor dimensions d<sub>f</sub>.
     *
     * @return the factor dimensions d<sub>f</sub>
     */
    public int[] dimensions() {
        return Arrays.stream(variants).mapToInt(v -> v[0].states()).toArray();
    }

    /**
     * All factor processes (variant 0 of each), unmodifiable.
     *
     * @return all factor processes
     */
    public List<Ghmm> factors() {
        return Arrays.stream(variants).map(v -> v[0]).collect(Collectors.toUnmodifiableList());
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
        int[] tuple = new int[variants.length];
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
        private final double[][] current = new double[variants.length][];
        private final double[][] next = new double[variants.length][];
        private final int[] tuple = new int[variants.length];
        /** The operators' workspace, shared by every factor's update. */
        private final double[] workspace;

        private FactorBeliefs() {
            int largest = 0;
            for (int f = 0; f < variants.length; f++) {
                current[f] = variants[f][0].initial();
                next[f] = new double[variants[f][0].states()];
                for (Ghmm variant : variants[f]) {
                    largest = Math.max(largest, variant.workspaceLength());
                }
            }
            workspace = new double[largest];
        }

        /**
         * Updates every factor belief on its own symbol of the joint symbol x with the variant x chooses
         * (eq. 2.3 per factor) and returns Pr(x | η) = Π<sub>f</sub> ⟨⟨η<sup>f</sup>|T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)|1⟩⟩<sup>f</sup>.
         * Allocates nothing.
         *
         * @throws ZeroProbabilityException if some factor symbol has probability zero
         * @param jointSymbol the joint symbol (eq. 2.20)
         * @return Pr(x | η) = Π<sub>f</sub> Pr(x<sub>f</sub> | η<sup>f</sup>)
         */
        public double update(int jointSymbol) {
            joint.alphabet().requireSymbol(jointSymbol);
            Alphabet.decode(alphabets, jointSymbol, tuple);
            // all factors are checked before any is updated, so a failed update changes nothing
            int[] chosen = variantOf[jointSymbol];
            for (int f = 0; f < variants.length; f++) {
                double pf = variants[f][chosen[f]].symbolProbability(current[f], tuple[f]);
                if (!(pf > 0.0)) {
                    throw new ZeroProbabilityException(jointSymbol, -1, pf);
                }
            }
            double p = 1.0;
            for (int f = 0; f < variants.length; f++) {
                p *= variants[f][chosen[f]].update(current[f], tuple[f], next[f], workspace);
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

    /**
     * Builds a {@link FactoredProcess}: factors in order, each with its variants, and at most one kind of
     * control map. Without a control map every factor must have one variant (independent factors).
     */
    public static final class Builder {
        private final List<Ghmm[]> factors = new ArrayList<>();
        private boolean chain;
        private final Map<Integer, int[][]> controls = new TreeMap<>();

        private Builder() {
        }

        /**
         * Adds the next factor with its variants T<sup>f</sup><sub>0</sub>, …, T<sup>f</sup><sub>K−1</sub>: one
         * alphabet, one dimension and one |1⟩⟩ for all. Variant 0's initial belief is the factor's.
         *
         * @param variants the variants, at least one
         * @return this builder
         */
        public Builder factor(Ghmm... variants) {
            if (variants.length == 0) {
                throw new IllegalArgumentException("factor " + factors.size() + " has no variants");
            }
            factors.add(variants.clone());
            return this;
        }

        /**
         * The chain structure: factor 0 has one variant, and factor f ≥ 1 has one variant per symbol of factor
         * f − 1 and uses variant x<sub>f−1</sub>.
         *
         * @return this builder
         */
        public Builder chain() {
            this.chain = true;
            return this;
        }

        /**
         * A general control map for factor f: its variant is {@code table[j]}, where j is the lexicographic index
         * of the symbols of the factors {@code parents} (in the order given; the last fastest). Factors with
         * no control map must have one variant.
         *
         * @param factor the factor f whose variant is chosen
         * @param parents the other factors whose symbols choose it, distinct and ≠ f
         * @param table the variant for each combination of the parents' symbols, of length
         *              Π<sub>p</sub> |𝒳<sub>p</sub>|, entries in [0, K<sub>f</sub>)
         * @return this builder
         */
        public Builder control(int factor, int[] parents, int[] table) {
            if (controls.put(factor, new int[][] {parents.clone(), table.clone()}) != null) {
                throw new IllegalArgumentException("factor " + factor + " already has a control map");
            }
            return this;
        }

        /**
         * Validates everything and builds the process.
         *
         * @throws IllegalArgumentException on fewer than 2 factors; variants of one factor that differ in
         *                                  alphabet, dimension or |1⟩⟩; a chain whose variant counts do not
         *                                  match the previous factor's alphabet; a control map for an unknown
         *                                  factor, with a bad parent, of the wrong length or with an entry out
         *                                  of range; a factor with several variants and no control map; both a
         *                                  chain and control maps; or a joint net operator with
         *                                  T ⊗|1⟩⟩<sup>f</sup> ≠ ⊗|1⟩⟩<sup>f</sup>
         * @return the process
         */
        public FactoredProcess build() {
            int count = factors.size();
            if (count < 2) {
                throw new IllegalArgumentException("a factored process needs at least 2 factors, got " + count);
            }
            Ghmm[][] variants = factors.toArray(new Ghmm[0][]);
            for (int f = 0; f < count; f++) {
                requireCompatibleVariants(f, variants[f]);
            }
            Alphabet[] alphabets = Arrays.stream(variants).map(v -> v[0].alphabet()).toArray(Alphabet[]::new);
            int[][] choosers = choosers(variants, alphabets);
            boolean independent = Arrays.stream(variants).allMatch(v -> v.length == 1);
            Ghmm[] base = Arrays.stream(variants).map(v -> v[0]).toArray(Ghmm[]::new);
            Ghmm joint = Ghmm.kron(base);
            int[][] variantOf = new int[joint.symbols()][count];
            int[] tuple = new int[count];
            for (int x = 0; x < joint.symbols(); x++) {
                Alphabet.decode(alphabets, x, tuple);
                for (int f = 0; f < count; f++) {
                    variantOf[x][f] = choosers[f] == null ? 0 : choosers[f][parentIndex(f, tuple, alphabets)];
                }
            }
            if (!independent) {
                joint = coupledJoint(variants, alphabets, variantOf, joint);
            }
            return new FactoredProcess(variants, variantOf, joint);
        }

        private int parentIndex(int f, int[] tuple, Alphabet[] alphabets) {
            if (chain) {
                return tuple[f - 1];
            }
            int[] parents = controls.get(f)[0];
            int j = 0;
            for (int p : parents) {
                j = j * alphabets[p].size() + tuple[p];
            }
            return j;
        }

        /** Per factor, its variant for each parent index, or null when it has one variant and no map. */
        private int[][] choosers(Ghmm[][] variants, Alphabet[] alphabets) {
            int count = variants.length;
            int[][] choosers = new int[count][];
            if (chain) {
                if (!controls.isEmpty()) {
                    throw new IllegalArgumentException("a chain and control maps for factors " + controls.keySet() + " cannot be combined");
                }
                if (variants[0].length != 1) {
                    throw new IllegalArgumentException("in a chain factor 0 has no parent, so it takes 1 variant, got " + variants[0].length);
                }
                for (int f = 1; f < count; f++) {
                    if (variants[f].length != alphabets[f - 1].size()) {
                        throw new IllegalArgumentException("in a chain factor " + f + " needs one variant per symbol of factor " + (f - 1)
                                + " (" + alphabets[f - 1].size() + "), got " + variants[f].length);
                    }
                    choosers[f] = IntStream.range(0, variants[f].length).toArray();
                }
                return choosers;
            }
            for (Map.Entry<Integer, int[][]> e : controls.entrySet()) {
                int f = e.getKey();
                if (f < 0 || f >= count) {
                    throw new IllegalArgumentException("control map for factor " + f + ", but there are " + count + " factors");
                }
                int[] parents = e.getValue()[0];
                int[] table = e.getValue()[1];
                long size = 1;
                for (int p : parents) {
                    if (p < 0 || p >= count || p == f) {
                        throw new IllegalArgumentException("control map of factor " + f + " has parent " + p + ": parents must be other factors in [0, " + count + ")");
                    }
                    size *= alphabets[p].size();
                }
                if (Arrays.stream(parents).distinct().count() != parents.length) {
                    throw new IllegalArgumentException("control map of factor " + f + " repeats a parent: " + Arrays.toString(parents));
                }
                if (table.length != size) {
                    throw new IllegalArgumentException("control map of factor " + f + " has length " + table.length + " but its parents "
                            + Arrays.toString(parents) + " have " + size + " symbol combinations");
                }
                for (int j = 0; j < table.length; j++) {
                    if (table[j] < 0 || table[j] >= variants[f].length) {
                        throw new IllegalArgumentException("control map of factor " + f + " gives variant " + table[j] + " at entry " + j
                                + " but factor " + f + " has " + variants[f].length + " variants");
                    }
                }
                choosers[f] = table;
            }
            for (int f = 0; f < count; f++) {
                if (choosers[f] == null && variants[f].length > 1) {
                    throw new IllegalArgumentException("factor " + f + " has " + variants[f].length + " variants but no control map chooses among them");
                }
            }
            return choosers;
        }

        private static void requireCompatibleVariants(int f, Ghmm[] variants) {
            Ghmm first = variants[0];
            for (int k = 1; k < variants.length; k++) {
                Ghmm v = variants[k];
                if (!v.alphabet().equals(first.alphabet())) {
                    throw new IllegalArgumentException("variant " + k + " of factor " + f + " has alphabet " + v.alphabet()
                            + " but variant 0 has " + first.alphabet());
                }
                if (v.states() != first.states()) {
                    throw new IllegalArgumentException("variant " + k + " of factor " + f + " has " + v.states() + " states but variant 0 has "
                            + first.states());
                }
                for (int i = 0; i < first.states(); i++) {
                    if (Math.abs(v.one()[i] - first.one()[i]) > Ghmm.TOLERANCE) {
                        throw new IllegalArgumentException("variant " + k + " of factor " + f + " has |1⟩⟩[" + i + "] = " + v.one()[i]
                                + " but variant 0 has " + first.one()[i] + ": variants must share |1⟩⟩");
                    }
                }
            }
        }

        /** The joint GHMM of coupled variants, after checking T|1⟩⟩ = |1⟩⟩ with |1⟩⟩ = ⊗|1⟩⟩<sup>f</sup>. */
        private static Ghmm coupledJoint(Ghmm[][] variants, Alphabet[] alphabets, int[][] variantOf, Ghmm independent) {
            int count = variants.length;
            Ghmm.Builder builder = Ghmm.builder().name(independent.name() + " (coupled)");
            int[] tuple = new int[count];
            Operator[] chosen = new Operator[count];
            List<Operator> ops = new ArrayList<>();
            for (int x = 0; x < variantOf.length; x++) {
                Alphabet.decode(alphabets, x, tuple);
                for (int f = 0; f < count; f++) {
                    chosen[f] = variants[f][variantOf[x][f]].transfer(tuple[f]);
                }
                ops.add(Operators.kron(chosen));
                builder.symbol(independent.alphabet().name(x), ops.get(x));
            }
            double[] one = independent.one();
            double[] image = Operators.sum(ops).rightApply(one);
            int[] dims = Arrays.stream(variants).mapToInt(v -> v[0].states()).toArray();
            for (int i = 0; i < one.length; i++) {
                if (Math.abs(image[i] - one[i]) > Ghmm.TOLERANCE * Math.max(1.0, Vectors.maxAbs(one))) {
                    throw new IllegalArgumentException("the control map breaks T|1⟩⟩ = |1⟩⟩ for |1⟩⟩ = ⊗|1⟩⟩_f: at joint state "
                            + Arrays.toString(stateTuple(i, dims)) + " (index " + i + ") (T|1⟩⟩)[" + i + "] = " + image[i]
                            + " but |1⟩⟩[" + i + "] = " + one[i]);
                }
            }
            return builder.one(one).initial(independent.initial()).build();
        }

        private static int[] stateTuple(int index, int[] dims) {
            int[] tuple = new int[dims.length];
            for (int f = dims.length - 1; f >= 0; f--) {
                tuple[f] = index % dims[f];
                index /= dims[f];
            }
            return tuple;
        }
    }
}
