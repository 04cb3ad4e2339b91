package dev.ghmm.factored;

import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.EmissionTransitionModel;
import dev.ghmm.belief.FilterModel;
import dev.ghmm.belief.FullyConditional;
import dev.ghmm.belief.ProductFilter;
import dev.ghmm.belief.ProductModel;
import dev.ghmm.operator.Operator;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A tensor-product process of F ≥ 2 factors (eq. 2.10): T(x) = ⊗<sub>f</sub> T<sup>f</sup>(x<sub>f</sub>), the
 * product alphabet with lexicographic encoding, the last factor fastest (eq. 2.20; joint symbols are named
 * {@code (x0,…,xF−1)} from the factors' names), ⟨⟨η| = ⊗<sub>f</sub> ⟨⟨η<sub>f</sub>| and |1⟩⟩ = ⊗<sub>f</sub> |1⟩⟩<sub>f</sub>.
 * A factor may be any {@link Process}, a direct sum for instance (the persona picture (A<sub>1</sub> ⊕ A<sub>2</sub>) ⊗
 * (B<sub>1</sub> ⊕ B<sub>2</sub>)). Immutable.
 *
 * <p><b>Coupled factors.</b> Factor f may have K<sub>f</sub> variants (processes over one alphabet, of one
 * dimension, with one |1⟩⟩), and a control map chooses for each joint symbol the variant k<sub>f</sub>(x) from the
 * symbols of other factors, its parents: T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>).
 * Independent factors ({@link #of}), chains ({@link Builder#chain()}: factor f's variant is factor f − 1's symbol, or
 * {@link Builder#chain(int, int[])}: a map from it, the Python peer's convention) and every acyclic control map keep
 * T ⊗<sub>f</sub>|1⟩⟩<sub>f</sub> = ⊗<sub>f</sub>|1⟩⟩<sub>f</sub>, since each variant keeps its own |1⟩⟩; a control map
 * with a cycle may not, and {@link Builder#build} then checks it on the joint and names the first joint state where
 * it fails.
 *
 * <p><b>Filtering.</b> From a product belief the joint belief stays a product of factor beliefs, each updated by its
 * own chosen variant on its own symbol. {@link #filter()} does exactly that (a {@link ProductFilter}: per token
 * O(Σ<sub>f</sub> (|𝒳<sub>f</sub>| + d<sub>f</sub>) d<sub>f</sub>) for an acyclic map) and never forms the joint; the
 * joint {@link Ghmm} of Kronecker operators is built on first use of {@link #joint()}, for partition checks and
 * density matrices, and agrees with it exactly.
 *
 * <p><b>Fully conditional factors</b> ({@link Builder#fullyConditional()}, the Python peer's {@code fully_conditional}
 * structure): the hidden state is the tuple of factor states s, the joint symbol is drawn from the normalised product
 * of the factors' conditionals, T(x) = D(1/Z) ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) with each
 * factor's variant chosen by the others' symbols ({@link FullyConditional}); its belief does not factor, so
 * {@link #filter()} keeps the joint belief and exports the factors' marginals as its parts.
 *
 * <p><b>Separate emission and transition variants</b> ({@link Builder#emission}, the Python peer's
 * {@code conditional_transitions}, {@link ConditionalTransitions}): each factor emits with the variant its emission map
 * chooses and moves with the one its control map chooses, its state renormalised ({@link EmissionTransitionModel}); the
 * control map is then the transition map. {@link #filter()} keeps one state per factor. Unless both maps choose the
 * same variant for every symbol the recursion is not linear, and {@link #joint()} refuses.
 */
public final class FactoredProcess implements Process {
    private final Process[][] variants;
    private final Alphabet[] alphabets;
    private final Alphabet alphabet;
    private final int[][] parents;
    private final int[][] tables;
    private final ProductModel product;
    /** The normalised product of conditionals of a fully conditional process, else null. */
    private final FullyConditional conditional;
    /** The separately chosen emission and transition variants, else null. */
    private final EmissionTransitionModel separate;
    private final String name;
    private volatile Ghmm joint;

    private FactoredProcess(Process[][] variants, int[][] parents, int[][] tables, ProductModel product, FullyConditional conditional,
                            EmissionTransitionModel separate, Ghmm joint) {
        this.variants = variants;
        this.alphabets = Arrays.stream(variants).map(v -> v[0].alphabet()).toArray(Alphabet[]::new);
        this.alphabet = Alphabet.product(alphabets);
        this.parents = parents;
        this.tables = tables;
        this.product = product;
        this.conditional = conditional;
        this.separate = separate;
        this.name = Process.productName(Arrays.stream(variants).map(v -> Arrays.stream(v).map(Process::name).toArray(String[]::new))
                .toArray(String[][]::new));
        this.joint = joint;
    }

    /**
     * The tensor product of independent factor processes, in order (factor 0 is the slowest index).
     *
     * @throws IllegalArgumentException on fewer than 2 factors
     * @param factors the factors, in order
     * @return the tensor product of the given factor processes
     */
    public static FactoredProcess of(Process... factors) {
        Builder builder = builder();
        for (Process f : factors) {
            builder.factor(f);
        }
        return builder.build();
    }

    /**
     * The factors other than f, in increasing order: a factor's parents in the fully conditional structure and its
     * transition parents with separate emission and transition variants (the peer's convention).
     *
     * @param f     the factor
     * @param count the number of factors F
     * @return 0, …, f − 1, f + 1, …, F − 1
     */
    public static int[] others(int f, int count) {
        return IntStream.range(0, count).filter(g -> g != f).toArray();
    }

    /**
     * A builder for coupled factored processes: add factors with their variants, then choose a control map.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Alphabet alphabet() {
        return alphabet;
    }

    @Override
    public int states() {
        return product.dimension();
    }

    /**
     * A filter holding one belief per factor (a {@link ProductFilter}), or for fully conditional factors the joint belief
     * with the factors' marginals; its parts are the factors.
     *
     * @return a new filter at the product of the factors' initial beliefs
     */
    @Override
    public BeliefFilter filter() {
        return conditional != null ? conditional.filter() : separate != null ? separate.filter() : product.filter();
    }

    /**
     * Whether the factors are fully conditional: the joint symbol is drawn from the normalised product of the factors'
     * conditionals (see the class comment).
     *
     * @return whether this is the fully conditional structure
     */
    public boolean isFullyConditional() {
        return conditional != null;
    }

    /**
     * Whether the factors choose their emission and transition variants separately (the peer's
     * {@code conditional_transitions}; see the class comment).
     *
     * @return whether this is that structure
     */
    public boolean isConditionalTransitions() {
        return separate != null;
    }

    /**
     * Whether the joint is the Kronecker GHMM T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) of the
     * chosen variants and the filter a product of factor filters (neither fully conditional nor with separate emission
     * and transition variants).
     *
     * @return whether the process is an ordinary coupled product
     */
    public boolean isKronecker() {
        return conditional == null && separate == null;
    }

    /**
     * Whether the process has a joint GHMM: false only for separate emission and transition variants that differ on some
     * symbol (docs/math.md, (C4)), whose {@link #joint()} refuses.
     *
     * @return whether {@link #joint()} exists
     */
    public boolean hasJoint() {
        return separate == null || separate.isLinear();
    }

    /**
     * The emission parents of factor f (the factors whose symbols choose its emission variant) for separate emission and
     * transition variants; else its parents ({@link #parents}).
     *
     * @param f the factor index (0-based)
     * @return the parents, in a new array
     */
    public int[] emissionParents(int f) {
        return separate != null ? separate.emissionModel().parents(f) : parents(f);
    }

    /**
     * The emission table of factor f (its emission variant per combination of its emission parents' symbols, the last
     * fastest) for separate emission and transition variants; else its control table.
     *
     * @param f the factor index (0-based)
     * @return the table, in a new array
     */
    public int[] emissionTable(int f) {
        return separate != null ? separate.emissionModel().table(f) : controlTable(f);
    }

    /**
     * The joint process's description (Kronecker operators, one block): for a factored process used as a factor of
     * another.
     *
     * @return the joint's description
     */
    @Override
    public FilterModel filterModel() {
        return joint().filterModel();
    }

    /**
     * ⊗<sub>f</sub>|1<sub>f</sub>⟩⟩, without forming the joint process.
     *
     * @return |1⟩⟩ of the joint belief
     */
    @Override
    public double[] one() {
        return Vectors.kron(Arrays.stream(variants).map(v -> v[0].one()).toArray(double[][]::new));
    }

    /**
     * The joint process on ⊗<sub>f</sub> I<sup>(f)</sup>, T(x) a Kronecker operator per joint symbol, built on first use.
     *
     * @return the joint process
     * @throws IllegalArgumentException for separate emission and transition variants that differ on some symbol (no
     *                                  GHMM on the factor states has that law), or a fully conditional process beyond
     *                                  {@link FullyConditional#LARGEST_MATERIALISED} joint states
     */
    @Override
    public Ghmm joint() {
        Ghmm j = joint;
        if (j == null) {
            if (!hasJoint()) {
                throw new IllegalArgumentException("conditional_transitions with emission variants other than the transition variants has no"
                        + " joint GHMM (each factor's state is renormalised by its transition variant, a nonlinear update): what needs the joint"
                        + " operators is unavailable, what reads the filter works");
            }
            j = conditional != null ? conditionalJoint() : buildJoint(variants, product);
            joint = j;
        }
        return j;
    }

    /**
     * What a filter needs of this process: the factors' descriptions and the control map (for filters of processes
     * built on this one, such as a noisy channel's).
     *
     * @return the description
     */
    public ProductModel productModel() {
        return product;
    }

    /** {@return the number of factors F} */
    public int factorCount() {
        return variants.length;
    }

    /**
     * The joint GHMM of factor f; for a coupled factor, of its variant 0.
     *
     * @param f the factor index (0-based)
     * @return the factor process f (variant 0)
     */
    public Ghmm factor(int f) {
        return variants[f][0].joint();
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
     * The joint GHMM of variant k of factor f.
     *
     * @param f the factor index (0-based)
     * @param k the variant index (0-based)
     * @return T<sup>f</sup><sub>k</sub> as a process
     */
    public Ghmm variant(int f, int k) {
        return variants[f][k].joint();
    }

    /**
     * Variant k of factor f as it was given (a direct sum stays one).
     *
     * @param f the factor index (0-based)
     * @param k the variant index (0-based)
     * @return the variant
     */
    public Process variantProcess(int f, int k) {
        return variants[f][k];
    }

    /**
     * The parents of factor f: the factors whose symbols choose its variant (empty for an independent factor).
     *
     * @param f the factor index (0-based)
     * @return the parents, in a new array
     */
    public int[] parents(int f) {
        return parents[f].clone();
    }

    /**
     * The control table of factor f: its variant for each combination of its parents' symbols, lexicographic with
     * the last parent fastest ({0} without parents).
     *
     * @param f the factor index (0-based)
     * @return the table, in a new array
     */
    public int[] controlTable(int f) {
        return tables[f].clone();
    }

    /**
     * The variants (k<sub>0</sub>, …, k<sub>F−1</sub>) that joint symbol x uses, in a new array.
     *
     * @param jointSymbol the joint symbol (eq. 2.20)
     * @return the variant of each factor
     */
    public int[] variantsOf(int jointSymbol) {
        int[] tuple = decode(jointSymbol);
        int[] chosen = new int[variants.length];
        for (int f = 0; f < chosen.length; f++) {
            chosen[f] = product.variant(f, tuple);
        }
        return chosen;
    }

    /** {@return the factor dimensions d<sub>f</sub>} */
    public int[] dimensions() {
        return Arrays.stream(variants).mapToInt(v -> v[0].states()).toArray();
    }

    /**
     * All factor processes (the joint GHMM of variant 0 of each), unmodifiable.
     *
     * @return all factor processes
     */
    public List<Ghmm> factors() {
        return Arrays.stream(variants).map(v -> v[0].joint()).collect(Collectors.toUnmodifiableList());
    }

    /**
     * {@return the joint symbol of the factor symbols (eq. 2.20)}
     *
     * @param symbols the factor symbols, one per factor
     */
    public int encode(int... symbols) {
        return Alphabet.encode(alphabets, symbols);
    }

    /**
     * {@return the factor symbols of a joint symbol, in a new array}
     *
     * @param jointSymbol the joint symbol (eq. 2.20)
     */
    public int[] decode(int jointSymbol) {
        alphabet.requireSymbol(jointSymbol);
        int[] tuple = new int[variants.length];
        Alphabet.decode(alphabets, jointSymbol, tuple);
        return tuple;
    }

    @Override
    public String toString() {
        return "FactoredProcess(" + name + (conditional != null ? ", fully conditional" : separate != null ? ", conditional transitions" : "") + ", dimensions " + Arrays.toString(dimensions()) + ", alphabet sizes "
                + Arrays.toString(Arrays.stream(alphabets).mapToInt(Alphabet::size).toArray()) + ")";
    }

    /** The joint GHMM D(1/Z) ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) of fully conditional factors, materialised. */
    private Ghmm conditionalJoint() {
        List<Operator> transfers = conditional.transfers();
        GhmmBuilder builder = Ghmm.builder().name(name).initial(product.filter().belief())
                .one(Vectors.kron(Arrays.stream(variants).map(v -> v[0].joint().one()).toArray(double[][]::new)));
        for (int x = 0; x < transfers.size(); x++) {
            builder.symbol(alphabet.name(x), transfers.get(x));
        }
        return builder.build();
    }

    /** The joint GHMM of Kronecker operators of the chosen variants ({@link Ghmm#kron(Ghmm[][], java.util.function.IntBinaryOperator)}). */
    private static Ghmm buildJoint(Process[][] variants, ProductModel product) {
        Alphabet[] alphabets = Arrays.stream(variants).map(v -> v[0].alphabet()).toArray(Alphabet[]::new);
        Ghmm[][] ghmms = Arrays.stream(variants).map(v -> Arrays.stream(v).map(Process::joint).toArray(Ghmm[]::new)).toArray(Ghmm[][]::new);
        int[] tuple = new int[variants.length];
        return Ghmm.kron(ghmms, (x, f) -> {
            Alphabet.decode(alphabets, x, tuple);
            return product.variant(f, tuple);
        });
    }

    /**
     * Builds a {@link FactoredProcess}: factors in order, each with its variants, and a control map for each factor
     * with several variants. Without any, every factor must have one variant (independent factors).
     */
    public static final class Builder {
        private final List<Process[]> factors = new ArrayList<>();
        private boolean chain;
        private boolean fullyConditional;
        private final Map<Integer, int[][]> controls = new TreeMap<>();
        private final Map<Integer, int[][]> emissions = new TreeMap<>();

        private Builder() {
        }

        /**
         * Adds the next factor with its variants: one alphabet, one dimension, one |1⟩⟩ (and one block structure for
         * direct sums) for all. Variant 0's initial belief is the factor's.
         *
         * @param variants the variants, at least one
         * @return this builder
         */
        public Builder factor(Process... variants) {
            if (variants.length == 0) {
                throw new IllegalArgumentException("factor " + factors.size() + " has no variants");
            }
            factors.add(variants.clone());
            return this;
        }

        /**
         * The chain structure: every factor f ≥ 1 without a control map uses variant x<sub>f−1</sub>, factor f − 1's
         * symbol, and so needs one variant per symbol of factor f − 1.
         *
         * @return this builder
         */
        public Builder chain() {
            this.chain = true;
            return this;
        }

        /**
         * The fully conditional structure (the Python peer's {@code fully_conditional}): the joint symbol is drawn from
         * the normalised product of the factors' conditionals, each factor's variant chosen by its control map (by
         * convention from all the other factors' symbols), which may form cycles ({@link FullyConditional}). Every
         * factor must be non-negative with a positive |1⟩⟩.
         *
         * @return this builder
         */
        public Builder fullyConditional() {
            this.fullyConditional = true;
            return this;
        }

        /**
         * A chain link as the Python peer writes it: factor f ≥ 1 uses variant {@code map[x}<sub>f−1</sub>{@code ]}, so it
         * may have any number of variants. The same as {@code control(f, new int[] {f - 1}, map)}.
         *
         * @param factor the factor f ≥ 1
         * @param map    the variant for each symbol of factor f − 1
         * @return this builder
         */
        public Builder chain(int factor, int[] map) {
            return control(factor, new int[] {factor - 1}, map);
        }

        /**
         * A general control map for factor f: its variant is {@code table[j]}, where j is the lexicographic index
         * of the symbols of the factors {@code parents} (in the order given; the last fastest).
         *
         * @param factor  the factor f whose variant is chosen
         * @param parents the other factors whose symbols choose it, distinct and ≠ f
         * @param table   the variant for each combination of the parents' symbols, of length
         *                Π<sub>p</sub> |𝒳<sub>p</sub>|, entries in [0, K<sub>f</sub>)
         * @return this builder
         */
        public Builder control(int factor, int[] parents, int[] table) {
            if (controls.put(factor, new int[][] {parents.clone(), table.clone()}) != null) {
                throw new IllegalArgumentException("factor " + factor + " already has a control map");
            }
            return this;
        }

        /**
         * Separate emission and transition variants (the Python peer's {@code conditional_transitions}): factor f emits
         * with variant {@code table[j]}, j the lexicographic index of the symbols of {@code parents}, and moves with the
         * variant its control map chooses (see the class comment). Any factor given an emission map makes the process
         * this structure; a factor without one emits with variant 0.
         *
         * @param factor  the factor f
         * @param parents the factors whose symbols choose its emission variant, distinct, ≠ f, with no cycle among all
         *                emission parents
         * @param table   the emission variant for each combination of the parents' symbols
         * @return this builder
         */
        public Builder emission(int factor, int[] parents, int[] table) {
            if (emissions.put(factor, new int[][] {parents.clone(), table.clone()}) != null) {
                throw new IllegalArgumentException("factor " + factor + " already has an emission map");
            }
            return this;
        }

        /**
         * Validates everything and builds the process.
         *
         * @throws IllegalArgumentException on fewer than 2 factors; variants of one factor that differ in alphabet,
         *                                  dimension, blocks or |1⟩⟩; a chain whose variant counts do not match the
         *                                  previous factor's alphabet; a control map for an unknown factor, with a bad
         *                                  parent, of the wrong length or with an entry out of range; a factor with
         *                                  several variants and no control map; or a cyclic control map with
         *                                  T ⊗|1⟩⟩<sub>f</sub> ≠ ⊗|1⟩⟩<sub>f</sub>
         * @return the process
         */
        public FactoredProcess build() {
            int count = factors.size();
            if (count < 2) {
                throw new IllegalArgumentException("a factored process needs at least 2 factors, got " + count);
            }
            Process[][] variants = factors.toArray(new Process[0][]);
            FilterModel[] transfers = new FilterModel[count];
            for (int f = 0; f < count; f++) {
                transfers[f] = factorModel(f, variants[f]);
            }
            int[][] parents = new int[count][];
            int[][] tables = new int[count][];
            for (Map.Entry<Integer, int[][]> e : controls.entrySet()) {
                int f = e.getKey();
                if (f < 0 || f >= count) {
                    throw new IllegalArgumentException("control map for factor " + f + ", but there are " + count + " factors");
                }
                parents[f] = e.getValue()[0];
                tables[f] = e.getValue()[1];
            }
            for (int f = 0; f < count; f++) {
                if (parents[f] != null) {
                    continue;
                }
                if (chain && f > 0) {
                    int previous = variants[f - 1][0].symbols();
                    if (variants[f].length != previous) {
                        throw new IllegalArgumentException("in a chain factor " + f + " needs one variant per symbol of factor " + (f - 1)
                                + " (" + previous + "), got " + variants[f].length);
                    }
                    parents[f] = new int[] {f - 1};
                    tables[f] = IntStream.range(0, previous).toArray();
                } else if (variants[f].length > 1) {
                    throw new IllegalArgumentException("factor " + f + " has " + variants[f].length + " variants but no control map chooses among them");
                } else {
                    parents[f] = new int[0];
                    tables[f] = new int[] {0};
                }
            }
            ProductModel product = ProductModel.of(transfers, parents, tables);
            if (fullyConditional) {
                if (chain) {
                    throw new IllegalArgumentException("a factored process is either a chain or fully conditional, not both");
                }
                return new FactoredProcess(variants, parents, tables, product, FullyConditional.of(product), null, null);
            }
            if (!emissions.isEmpty()) {
                if (chain) {
                    throw new IllegalArgumentException("a factored process is either a chain or has separate emission variants, not both");
                }
                for (int f : emissions.keySet()) {
                    if (f < 0 || f >= count) {
                        throw new IllegalArgumentException("emission map for factor " + f + ", but there are " + count + " factors");
                    }
                }
                int[][] emissionParents = new int[count][];
                int[][] emissionTables = new int[count][];
                for (int f = 0; f < count; f++) {
                    int[][] e = emissions.get(f);
                    emissionParents[f] = e == null ? new int[0] : e[0];
                    emissionTables[f] = e == null ? new int[] {0} : e[1];
                }
                EmissionTransitionModel separate = EmissionTransitionModel.of(ProductModel.of(transfers, emissionParents, emissionTables), product);
                return new FactoredProcess(variants, parents, tables, product, null, separate, null);
            }
            // an acyclic map keeps T|1⟩⟩ = |1⟩⟩ (see the class comment); a cyclic one is checked on the joint now
            Ghmm joint = product.isAcyclic() ? null : buildJoint(variants, product);
            return new FactoredProcess(variants, parents, tables, product, null, null, joint);
        }

        private static FilterModel factorModel(int f, Process[] variants) {
            Process first = variants[0];
            FilterModel[] each = new FilterModel[variants.length];
            for (int k = 0; k < variants.length; k++) {
                if (!variants[k].alphabet().equals(first.alphabet())) {
                    throw new IllegalArgumentException("variant " + k + " of factor " + f + " has alphabet " + variants[k].alphabet()
                            + " but variant 0 has " + first.alphabet());
                }
                if (variants[k].states() != first.states()) {
                    throw new IllegalArgumentException("variant " + k + " of factor " + f + " has " + variants[k].states()
                            + " states but variant 0 has " + first.states());
                }
                each[k] = variants[k].filterModel();
            }
            return FilterModel.variants("factor " + f + ": ", Ghmm.TOLERANCE, each);
        }
    }
}
