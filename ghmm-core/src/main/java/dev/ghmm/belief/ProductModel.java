package dev.ghmm.belief;

import dev.ghmm.MixedRadix;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * What a filter needs of a factored process, T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)
 * (eq. 2.10, 2.21): per factor its {@link FilterModel} with K<sub>f</sub> variants, and a control map choosing
 * k<sub>f</sub> from the symbols of its parents, k<sub>f</sub> = table<sub>f</sub>[j] with j the lexicographic index
 * of the parents' symbols (last parent fastest). Joint symbols are lexicographic with the last factor fastest
 * (eq. 2.20). Independent factors have no parents and a table {0}; a chain has parent f − 1 for f ≥ 1.
 *
 * <p>When the parent graph is acyclic a filter draws the factors one by one in a topological order, each from its
 * own distribution: Σ<sub>x_f</sub> Pr(x<sub>f</sub> | η<sub>f</sub>, k) = ⟨⟨η<sub>f</sub>|1<sub>f</sub>⟩⟩ = 1
 * for every variant k, so the marginal of a prefix of the order is the product of its factors' distributions.
 * Otherwise it tabulates Pr(x<sub>f</sub> | η<sub>f</sub>, k) for every factor and variant and draws the joint symbol.
 * Immutable and thread-safe.
 */
public final class ProductModel {
    final FilterModel[] factors;
    final int[][] parents;
    final int[][] tables;
    /** strides[f][i]: the weight of parent parents[f][i]'s symbol in the index of table f (the last parent has 1). */
    final int[][] strides;
    /** A topological order of the factors (parents first), or null when the parent graph has a cycle. */
    final int[] order;
    /** |𝒳<sub>f</sub>| per factor. */
    final int[] radix;
    /** place[f] = Π<sub>g&gt;f</sub> |𝒳<sub>g</sub>|, the weight of factor f's symbol in the joint symbol. */
    final int[] place;
    final int symbols;
    final int dimension;
    /** The factor marginals of a joint belief, |1⟩⟩ of every factor's (shared) state space. */
    final FactorMarginals marginals;
    /** used[f][k]: whether variant k of factor f appears in its control table (only those are ever predicted). */
    final boolean[][] used;
    /**
     * start[f][k]: where a filter keeps Pr(x<sub>f</sub> | η<sub>f</sub>, k) for used variant k of factor f (−1 for
     * an unused one) in one array of {@link #tabulated} entries: factor by factor, variant by variant.
     */
    final int[][] start;
    /** first[f]: where factor f's used variants begin in that array (the smallest of its start[f][k] ≥ 0). */
    final int[] first;
    /** Σ<sub>f</sub> (used variants of f)·|𝒳<sub>f</sub>|, the predictions tabulated at each belief. */
    final int tabulated;
    /**
     * Per factor, the predictors e<sub>k</sub>(x) = T<sub>k</sub>(x)|1⟩⟩ of its used variants one after another
     * (variant by variant, symbol by symbol, in the order of {@link #start}), and their max<sub>i</sub>|e<sub>i</sub>|:
     * the factor's whole table is one loop of {@link LinearFilter#predictions}.
     */
    final double[][] usedPredictors;
    final double[][] usedMaxAbs;
    /**
     * Whether the parent graph is a forest: acyclic with at most one parent per factor (independent factors, chains,
     * trees). The next-symbol entropy is then the chain rule over the factors, each variant's entropy weighted by
     * the marginal probability of the parent symbols that choose it (docs/math.md, "The loss floor").
     */
    final boolean forest;
    /** hasChildren[f]: whether some factor has f as a parent (its symbol marginal is then needed). */
    final boolean[] hasChildren;
    /** The most entries {@link #prefixVariants} may hold in all (4 MiB): beyond, distributions are formed entry by entry. */
    static final long PREFIX_TABLE_LIMIT = 1 << 20;
    /**
     * When every parent precedes its child in factor order (independent factors, chains) and the tables fit in
     * {@link #PREFIX_TABLE_LIMIT}: prefixVariants[f][i] is the variant of factor f after the digits 0 … f−1 of the
     * joint symbol with mixed-radix index i (null for a factor without parents, whose variant is fixed), so the
     * next-symbol distribution is expanded digit by digit with one multiplication per entry and one look-up per prefix.
     * Null otherwise.
     */
    final int[][] prefixVariants;

    private ProductModel(FilterModel[] factors, int[][] parents, int[][] tables, int[] order, int[] radix, int symbols, FactorMarginals marginals) {
        this.radix = radix;
        this.place = new int[radix.length];
        for (int f = radix.length - 1, w = 1; f >= 0; w *= radix[f], f--) {
            place[f] = w;
        }
        this.factors = factors;
        this.parents = parents;
        this.tables = tables;
        this.strides = new int[parents.length][];
        for (int f = 0; f < parents.length; f++) {
            strides[f] = new int[parents[f].length];
            int stride = 1;
            for (int i = parents[f].length - 1; i >= 0; i--) {
                strides[f][i] = stride;
                stride *= radix[parents[f][i]];
            }
        }
        this.order = order;
        this.symbols = symbols;
        this.marginals = marginals;
        this.dimension = marginals.dimension();
        int count = factors.length;
        this.used = new boolean[count][];
        this.hasChildren = new boolean[count];
        boolean oneParent = true;
        boolean parentsFirst = true;
        this.start = new int[count][];
        this.first = new int[count];
        long prefixes = 0;
        int entries = 0;
        for (int f = 0; f < count; f++) {
            used[f] = new boolean[factors[f].variants()];
            for (int k : tables[f]) {
                used[f][k] = true;
            }
            start[f] = new int[used[f].length];
            first[f] = entries;
            for (int k = 0; k < used[f].length; k++) {
                start[f][k] = used[f][k] ? entries : -1;
                entries += used[f][k] ? radix[f] : 0;
            }
            oneParent &= parents[f].length <= 1;
            for (int q : parents[f]) {
                hasChildren[q] = true;
                parentsFirst &= q < f;
            }
            prefixes += parents[f].length == 0 ? 0 : symbols / place[f] / radix[f];
        }
        this.tabulated = entries;
        this.usedPredictors = new double[count][];
        this.usedMaxAbs = new double[count][];
        for (int f = 0; f < count; f++) {
            FilterModel t = factors[f];
            int size = t.symbols * t.dimension;
            usedPredictors[f] = new double[0];
            usedMaxAbs[f] = new double[0];
            for (int k = 0; k < used[f].length; k++) {
                if (used[f][k]) {
                    usedPredictors[f] = concatenated(usedPredictors[f], t.predictor[k], size);
                    usedMaxAbs[f] = concatenated(usedMaxAbs[f], t.predictorMaxAbs[k], t.symbols);
                }
            }
        }
        this.forest = order != null && oneParent;
        this.prefixVariants = parentsFirst && prefixes <= PREFIX_TABLE_LIMIT ? prefixVariants() : null;
    }

    /** a followed by b[0 … n). */
    private static double[] concatenated(double[] a, double[] b, int n) {
        double[] c = Arrays.copyOf(a, a.length + n);
        System.arraycopy(b, 0, c, a.length, n);
        return c;
    }

    /** The tables of {@link #prefixVariants}. */
    private int[][] prefixVariants() {
        int[][] variants = new int[radix.length][];
        int[] tuple = new int[radix.length];
        for (int f = 0, size = 1; f < radix.length; size *= radix[f], f++) {
            if (parents[f].length > 0) {
                int[] prefix = Arrays.copyOf(radix, f);
                variants[f] = new int[size];
                for (int i = 0; i < size; i++) {
                    MixedRadix.decode(prefix, i, tuple);
                    variants[f][i] = variant(f, tuple);
                }
            }
        }
        return variants;
    }

    /**
     * The description of a factored process.
     *
     * @param factors per factor, its variants (their {@code where} should name the factor)
     * @param parents per factor, the factors whose symbols choose its variant (distinct, not itself)
     * @param tables  per factor, the variant for each combination of its parents' symbols: length Π<sub>p</sub> |𝒳<sub>p</sub>|,
     *                entries in [0, K<sub>f</sub>)
     * @return the description
     * @throws IllegalArgumentException on inconsistent shapes, naming the factor and entry, or when the joint alphabet
     *                                  or state space exceeds {@link Integer#MAX_VALUE}
     */
    public static ProductModel of(FilterModel[] factors, int[][] parents, int[][] tables) {
        int count = factors.length;
        if (count == 0 || parents.length != count || tables.length != count) {
            throw new IllegalArgumentException("got " + count + " factors, " + parents.length + " parent lists and " + tables.length
                    + " control tables");
        }
        int[] radix = Arrays.stream(factors).mapToInt(f -> f.symbols).toArray();
        int symbols = MixedRadix.size("the joint alphabet", radix);
        FactorMarginals marginals = FactorMarginals.of(Arrays.stream(factors).map(f -> f.one).toArray(double[][]::new));
        int[][] p = new int[count][];
        int[][] t = new int[count][];
        for (int f = 0; f < count; f++) {
            p[f] = parents[f].clone();
            t[f] = tables[f].clone();
            long size = 1;
            for (int q : p[f]) {
                if (q < 0 || q >= count || q == f) {
                    throw new IllegalArgumentException("factor " + f + " has parent " + q + ": parents are other factors in [0, " + count + ")");
                }
                size *= factors[q].symbols;
            }
            if (Arrays.stream(p[f]).distinct().count() != p[f].length) {
                throw new IllegalArgumentException("factor " + f + " repeats a parent: " + Arrays.toString(p[f]));
            }
            if (t[f].length != size) {
                throw new IllegalArgumentException("the control table of factor " + f + " has length " + t[f].length + " but its parents "
                        + Arrays.toString(p[f]) + " have " + size + " symbol combinations");
            }
            for (int j = 0; j < t[f].length; j++) {
                if (t[f][j] < 0 || t[f][j] >= factors[f].variants()) {
                    throw new IllegalArgumentException("the control table of factor " + f + " gives variant " + t[f][j] + " at entry " + j
                            + " but factor " + f + " has " + factors[f].variants() + " variants");
                }
            }
        }
        return new ProductModel(factors.clone(), p, t, topologicalOrder(p), radix, symbols, marginals);
    }

    /** Kahn's algorithm on the edges parent → child; null when a cycle remains. */
    private static int[] topologicalOrder(int[][] parents) {
        int count = parents.length;
        int[] missing = new int[count];
        for (int f = 0; f < count; f++) {
            missing[f] = parents[f].length;
        }
        ArrayDeque<Integer> ready = new ArrayDeque<>();
        for (int f = 0; f < count; f++) {
            if (missing[f] == 0) {
                ready.add(f);
            }
        }
        int[] order = new int[count];
        int done = 0;
        while (!ready.isEmpty()) {
            int f = ready.poll();
            order[done++] = f;
            for (int g = 0; g < count; g++) {
                for (int q : parents[g]) {
                    if (q == f && --missing[g] == 0) {
                        ready.add(g);
                    }
                }
            }
        }
        return done == count ? order : null;
    }

    /**
     * A new filter at the product of the factors' initial beliefs.
     *
     * @return the filter
     */
    public ProductFilter filter() {
        return new ProductFilter(this);
    }

    /**
     * Π<sub>f</sub> d<sub>f</sub>, the dimension of the joint belief.
     *
     * @return the joint dimension
     */
    public int dimension() {
        return dimension;
    }

    /**
     * The parents of factor f: the factors whose symbols choose its variant.
     *
     * @param f the factor index
     * @return the parents, in a new array
     */
    public int[] parents(int f) {
        return parents[f].clone();
    }

    /**
     * The control table of factor f: its variant per combination of its parents' symbols, the last fastest.
     *
     * @param f the factor index
     * @return the table, in a new array
     */
    public int[] table(int f) {
        return tables[f].clone();
    }

    /**
     * Whether factors are drawn one by one (the parent graph is acyclic).
     *
     * @return true for independent factors, chains and every acyclic control map
     */
    public boolean isAcyclic() {
        return order != null;
    }

    /**
     * F, the number of factors.
     *
     * @return F
     */
    public int factorCount() {
        return factors.length;
    }

    /**
     * The mask of a set of frozen factors, checked to be freezable: factors drawn from a stream shared by a group of
     * sequences while the others are drawn per sequence ({@link ProductFilter#sample(org.apache.commons.rng.UniformRandomProvider,
     * org.apache.commons.rng.UniformRandomProvider, boolean[])}). The control map must be acyclic and the set
     * upstream-closed (every parent of a frozen factor frozen): a frozen factor's variant then depends on frozen
     * symbols only, so its belief, and the symbols it draws from the shared stream, are the same in every sequence of
     * the group, and the frozen symbols follow their own marginal law, the frozen sub-process's, while the others are
     * drawn given them.
     *
     * @param frozen factor indices, at least one, distinct
     * @return frozen[f] for f in [0, F)
     * @throws IllegalArgumentException on no factor, a factor out of [0, F) or repeated (naming it), a cyclic control
     *                                  map, or a frozen factor with a parent that varies (naming both)
     */
    public boolean[] frozenMask(int... frozen) {
        if (frozen.length == 0) {
            throw new IllegalArgumentException("no factor to freeze");
        }
        boolean[] mask = new boolean[factors.length];
        for (int f : frozen) {
            if (f < 0 || f >= factors.length) {
                throw new IllegalArgumentException("factor " + f + " does not exist: the process has " + factors.length + " factors, 0 … "
                        + (factors.length - 1));
            }
            if (mask[f]) {
                throw new IllegalArgumentException("factor " + f + " is given twice");
            }
            mask[f] = true;
        }
        if (order == null) {
            throw new IllegalArgumentException("the control map has a cycle, so its factors are not drawn one by one and none can be frozen");
        }
        for (int f = 0; f < factors.length; f++) {
            for (int q : parents[f]) {
                if (mask[f] && !mask[q]) {
                    throw new IllegalArgumentException("factor " + f + " is frozen but its parent " + q + " varies: freeze " + q
                            + " too (the frozen factors must include every parent of a frozen factor)");
                }
            }
        }
        return mask;
    }

    /**
     * The variant of factor f for the factor symbols {@code tuple}: its control table at the lexicographic index of its
     * parents' symbols. Reads only the parents' entries of the tuple, so a filter may call it before the later factors
     * are drawn.
     *
     * @param f     the factor
     * @param tuple the factor symbols (at least the parents' are read)
     * @return k<sub>f</sub>
     */
    public int variant(int f, int[] tuple) {
        int[] q = parents[f];
        int[] stride = strides[f];
        int j = 0;
        for (int i = 0; i < q.length; i++) {
            j += tuple[q[i]] * stride[i];
        }
        return tables[f][j];
    }

    /** {@return the factors' dimensions, alphabet sizes and variant counts, and each factor's parents} */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ProductModel(").append(factors.length).append(" factors, ").append(dimension)
                .append(" states, ").append(symbols).append(" symbols:");
        for (int f = 0; f < factors.length; f++) {
            s.append(f == 0 ? " " : "; ").append(f).append(": d=").append(factors[f].dimension).append(", |X|=").append(factors[f].symbols)
                    .append(", ").append(factors[f].variants()).append(factors[f].variants() == 1 ? " variant" : " variants");
            if (parents[f].length > 0) {
                s.append(", parents ").append(Arrays.toString(parents[f]));
            }
        }
        return s.append(')').toString();
    }
}
