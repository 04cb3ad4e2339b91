package dev.ghmm.belief;

import dev.ghmm.internal.Checks;
import dev.ghmm.Vectors;
import dev.ghmm.operator.Operator;
import java.util.Arrays;
import java.util.List;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A filter's model: what a {@link LinearFilter} needs of a GHMM, computed once. It holds the operators
 * T<sub>k</sub>(x) of K ≥ 1 variants over one alphabet and one state space of dimension S (a plain process has K = 1;
 * a factor of a coupled factored process has one variant per control value), their right vectors
 * e<sub>k</sub>(x) = T<sub>k</sub>(x)|1⟩⟩ so that Pr(x | η, k) is one dot product, |1⟩⟩, the initial belief
 * ⟨⟨η(∅)|, and the contiguous blocks of a direct sum's state space (one block for any other process).
 *
 * <p>It is API because it is how processes meet filters: every {@link dev.ghmm.process.Process} gives one
 * ({@code filterModel()}), a factored process combines its factors' variants into one ({@link #variants}) and
 * describes its factors by them ({@link ProductModel#of}), and a process of one's own returns
 * {@code FilterModel.of(…)} built from its operators.
 *
 * <p>Contract: immutable and thread-safe; {@link #filter} creates a filter at the initial belief, cheaply (its work
 * arrays only), for one thread. {@link #of} and {@link #variants} check shapes only (dimensions, alphabet sizes,
 * blocks, a shared |1⟩⟩), not the laws of a GHMM, which the caller guarantees by building it from a process that has
 * validated itself (T(𝒳)|1⟩⟩ = |1⟩⟩, ⟨⟨η(∅)|1⟩⟩ = 1, no negative prediction at the initial belief, as
 * {@code GhmmBuilder} checks). Its dimension is
 * {@link #dimension} (a vector space object's word, docs/design.md "Names"), equal to the process's
 * {@code states()}.
 */
public final class FilterModel {
    /** Largest S for which the filter applies T(x) as a dense row-major array of its own. */
    static final int SMALL = 16;

    final Operator[][] transfer;
    /**
     * For S ≤ {@link #SMALL} and operators at least half full: T<sub>k</sub>(x) column-major (its transpose row-major)
     * at small[k][x·S² …], so that each entry of ⟨⟨η|T(x) is one contiguous dot product; null otherwise.
     * Tiny dense loops beat an operator call when the whole update is a few dozen multiply-adds (a factor of the
     * five-factor chain).
     */
    final double[][] small;
    /**
     * The predictors: predictor[k][x·S + i] = (T<sub>k</sub>(x)|1⟩⟩)<sub>i</sub>, so that Pr(x | η) = ⟨⟨η|T(x)|1⟩⟩ is
     * one dot product.
     */
    final double[][] predictor;
    /** predictorMaxAbs[k][x] = max<sub>i</sub> |(T<sub>k</sub>(x)|1⟩⟩)<sub>i</sub>|, for the round-off bound of {@link Predictions}. */
    final double[][] predictorMaxAbs;
    final double[] one;
    final double[] initial;
    /** Block b of the state space is [blocks[b], blocks[b + 1]). */
    final int[] blocks;
    final int dimension;
    final int symbols;
    final int workspace;
    final String where;
    /**
     * Whether every T<sub>k</sub>(x) and |1⟩⟩ are entrywise ≥ 0 (an HMM): from a non-negative belief every prediction is
     * then a sum of non-negative terms, exact to a few ε, and the belief stays non-negative.
     */
    final boolean nonNegative;

    private FilterModel(Operator[][] transfer, double[] one, double[] initial, int[] blocks, String where) {
        this.transfer = transfer;
        this.one = one;
        this.initial = initial;
        this.blocks = blocks;
        this.where = where;
        this.dimension = one.length;
        this.symbols = transfer[0].length;
        this.predictor = new double[transfer.length][symbols * dimension];
        this.predictorMaxAbs = new double[transfer.length][symbols];
        long stored = 0;
        for (Operator[] variant : transfer) {
            for (Operator t : variant) {
                stored = Math.max(stored, t.nonZeros());
            }
        }
        // dense loops only where they do at most twice the work of the stored entries
        this.small = dimension <= SMALL && (long) dimension * dimension <= 2 * (stored + dimension)
                ? new double[transfer.length][symbols * dimension * dimension] : null;
        int work = 0;
        for (int k = 0; k < transfer.length; k++) {
            for (int x = 0; x < symbols; x++) {
                double[] e = transfer[k][x].rightApply(one);
                System.arraycopy(e, 0, predictor[k], x * dimension, dimension);
                for (double v : e) {
                    predictorMaxAbs[k][x] = Math.max(predictorMaxAbs[k][x], Math.abs(v));
                }
                if (small != null) {
                    double[] columns = CommonOps_DDRM.transpose(transfer[k][x].toDense(), null).getData();
                    System.arraycopy(columns, 0, small[k], x * dimension * dimension, columns.length);
                }
                work = Math.max(work, transfer[k][x].workspaceLength());
            }
        }
        this.workspace = work;
        boolean positive = Vectors.isNonNegative(one);
        for (Operator[] variant : transfer) {
            for (Operator op : variant) {
                positive &= op.isNonNegative();
            }
        }
        this.nonNegative = positive;
    }

    /**
     * The description of a process with variants.
     *
     * @param variants   variants.get(k).get(x) = T<sub>k</sub>(x): at least one variant, each with the same number
     *                   of symbols (at least one), all operators of dimension S
     * @param one        |1⟩⟩, length S, shared by all variants
     * @param initial    ⟨⟨η(∅)| with ⟨⟨η(∅)|1⟩⟩ = 1, length S
     * @param blockSizes sizes of the contiguous blocks of a direct sum, summing to S; {@code {S}} otherwise
     * @param where      prefix of error messages naming this process within a larger one ("" at top level)
     * @return the description
     * @throws IllegalArgumentException on inconsistent shapes
     */
    public static FilterModel of(List<? extends List<? extends Operator>> variants, double[] one, double[] initial,
                               int[] blockSizes, String where) {
        if (variants.isEmpty() || variants.get(0).isEmpty()) {
            throw new IllegalArgumentException(where + "a process needs at least one variant and one symbol");
        }
        int n = one.length;
        Checks.requireLength("initial", initial, n);
        Operator[][] transfer = new Operator[variants.size()][];
        for (int k = 0; k < transfer.length; k++) {
            List<? extends Operator> ops = variants.get(k);
            if (ops.size() != variants.get(0).size()) {
                throw new IllegalArgumentException(where + "variant " + k + " has " + ops.size() + " symbols, variant 0 has "
                        + variants.get(0).size());
            }
            transfer[k] = ops.toArray(new Operator[0]);
            for (int x = 0; x < transfer[k].length; x++) {
                if (transfer[k][x].dimension() != n) {
                    throw new IllegalArgumentException(where + "T(" + x + ") of variant " + k + " has dimension "
                            + transfer[k][x].dimension() + ", |1⟩⟩ has length " + n);
                }
            }
        }
        int[] blocks = new int[blockSizes.length + 1];
        for (int b = 0; b < blockSizes.length; b++) {
            if (blockSizes[b] <= 0) {
                throw new IllegalArgumentException(where + "block " + b + " has size " + blockSizes[b]);
            }
            blocks[b + 1] = blocks[b] + blockSizes[b];
        }
        if (blocks[blockSizes.length] != n) {
            throw new IllegalArgumentException(where + "blocks of total size " + blocks[blockSizes.length] + " for dimension " + n);
        }
        return new FilterModel(transfer, one.clone(), initial.clone(), blocks, where);
    }

    /**
     * The variants of one factor as one description: variant k of the result is variant 0 of {@code variants[k]}. All
     * must share dimension, alphabet size, |1⟩⟩ (entrywise within {@code tolerance} of the largest entry) and blocks;
     * the initial belief is variant 0's.
     *
     * @param where     prefix of error messages ("factor 2: ")
     * @param tolerance absolute tolerance on |1⟩⟩
     * @param variants  one description per variant, at least one
     * @return the description with K = variants.length
     * @throws IllegalArgumentException naming the first variant that differs and how
     */
    public static FilterModel variants(String where, double tolerance, FilterModel... variants) {
        FilterModel first = variants[0];
        Operator[][] transfer = new Operator[variants.length][];
        double scale = Math.max(1.0, Vectors.maxAbs(first.one));
        for (int k = 0; k < variants.length; k++) {
            FilterModel v = variants[k];
            if (v.dimension != first.dimension || v.symbols != first.symbols) {
                throw new IllegalArgumentException(where + "variant " + k + " has dimension " + v.dimension + " and " + v.symbols
                        + " symbols, variant 0 has " + first.dimension + " and " + first.symbols);
            }
            if (!Arrays.equals(v.blocks, first.blocks)) {
                throw new IllegalArgumentException(where + "variant " + k + " has blocks " + Arrays.toString(v.blocks)
                        + ", variant 0 has " + Arrays.toString(first.blocks));
            }
            for (int i = 0; i < first.dimension; i++) {
                if (Math.abs(v.one[i] - first.one[i]) > tolerance * scale) {
                    throw new IllegalArgumentException(where + "variant " + k + " has |1⟩⟩[" + i + "] = " + v.one[i] + " but variant 0 has "
                            + first.one[i] + ": variants must share |1⟩⟩");
                }
            }
            transfer[k] = v.transfer[0];
        }
        return new FilterModel(transfer, first.one, first.initial, first.blocks, where);
    }

    /**
     * A new filter at the initial belief.
     *
     * @return the filter
     */
    public LinearFilter filter() {
        return new LinearFilter(this);
    }

    /**
     * S.
     *
     * @return the dimension of the state space
     */
    public int dimension() {
        return dimension;
    }

    /**
     * |𝒳|.
     *
     * @return the number of symbols
     */
    public int symbols() {
        return symbols;
    }

    /**
     * K, the number of variants.
     *
     * @return the number of variants
     */
    public int variants() {
        return transfer.length;
    }

    /** Checks a belief for {@link BeliefFilter#reset(double[])}: length, finite entries, ⟨⟨η|1⟩⟩ = 1 within round-off. */
    void requireBelief(double[] belief) {
        requireNormalised(where, belief, one);
    }

    /**
     * Checks a belief against |1⟩⟩: the same length, finite entries, ⟨⟨η|1⟩⟩ = 1 within round-off.
     *
     * @throws IllegalArgumentException naming what is wrong, after {@code where}
     */
    static void requireNormalised(String where, double[] belief, double[] one) {
        int dimension = one.length;
        Checks.requireLength("belief", belief, dimension);
        Checks.requireFinite("belief", belief);
        double mass = 0.0;
        double magnitude = 0.0;
        for (int i = 0; i < dimension; i++) {
            mass += belief[i] * one[i];
            magnitude += Math.abs(belief[i] * one[i]);
        }
        if (!(Math.abs(mass - 1.0) <= Predictions.ROUND_OFF * dimension * Math.ulp(1.0) * Math.max(1.0, magnitude))) {
            throw new IllegalArgumentException(where + "the belief has ⟨⟨η|1⟩⟩ = " + mass + ", not 1");
        }
    }

    /** {@return where it comes from (a factor's "factor f: "), its dimension, symbols, variants and blocks, and whether it is non-negative} */
    @Override
    public String toString() {
        return "FilterModel(" + where + dimension + " states, " + symbols + " symbols, " + transfer.length + (transfer.length == 1 ? " variant, " : " variants, ")
                + (blocks.length - 1) + (blocks.length == 2 ? " block, " : " blocks, ") + (nonNegative ? "non-negative" : "signed") + ")";
    }
}
