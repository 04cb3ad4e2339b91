package dev.ghmm.belief;

import dev.ghmm.MixedRadix;
import dev.ghmm.Vectors;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The exact filter of a factored process T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) seen through
 * a {@link NoisyChannel} over the joint alphabet with {@link NoisyChannel.Updates#SENT}: the GHMM
 * T′(x) = (1 − ε)T(x) + (ε/|𝒳|)T, T = Σ<sub>y</sub> T(y), whose belief no longer factors. It keeps the joint belief
 * ⟨⟨η| (length S = Π<sub>f</sub> d<sub>f</sub>, factor 0 slowest) and never forms a joint operator: every product is
 * taken one factor (tensor mode) at a time with that factor's d<sub>f</sub>×d<sub>f</sub> matrices, or a few
 * consecutive factors at a time where that is cheaper (⟨⟨η|T below).
 * <ul>
 * <li>Pr(x | η) = (1 − ε)p(x) + ε/|𝒳| with p(x) = ⟨⟨η|T(x)|1⟩⟩, all |𝒳| at once by contracting mode f with
 * T<sup>f</sup><sub>k</sub>(y)|1<sub>f</sub>⟩⟩ for every prefix of symbols (each prefix chooses the variants of the
 * factors after it): Σ<sub>f</sub> Π<sub>g≤f</sub>|𝒳<sub>g</sub>|·Π<sub>g≥f</sub>d<sub>g</sub> multiply-adds.</li>
 * <li>⟨⟨η|T(x) by F mode products, S·Σ<sub>f</sub> d<sub>f</sub> multiply-adds.</li>
 * <li>⟨⟨η|T by the same mode products summed over the symbols, carrying only the symbols later factors' variants
 * depend on (a chain carries one factor's symbol; independent factors none, each mode then takes its net
 * operator): a matrix-product operator whose bonds are the carried contexts. Taken one factor at a time it costs
 * S·Σ<sub>f</sub> C<sub>f−1</sub>·n<sub>f</sub>·d<sub>f</sub> multiply-adds, with C<sub>f−1</sub> the number of
 * carried symbol combinations and n<sub>f</sub> = |𝒳<sub>f</sub>| when f's symbol is carried, 1 otherwise; consecutive
 * factors are merged into one mode where that is cheaper (S·D·P for a level of dimension D joining P pairs of
 * contexts), the split of least arithmetic chosen once.</li>
 * <li>A draw contracts only the prefix it has drawn ({@link #sample}), about 2·Σ<sub>f</sub>Π<sub>g≥f</sub>d<sub>g</sub>
 * multiply-adds, unless the law is wanted anyway.</li>
 * </ul>
 * The update is ⟨⟨η′| = ((1 − ε)⟨⟨η|T(x) + (ε/|𝒳|)⟨⟨η|T)/Pr(x | η). The parts are the factor marginals
 * ⟨⟨η<sub>f</sub>| (the other factors contracted with their |1⟩⟩), and the factor gap compares η with their product.
 * Every parent must precede its child in factor order.
 */
final class SentJointFilter extends JointFilter {
    /** The largest dimension of a level of merged factors in ⟨⟨η|T (its matrices have its square of entries). */
    static final int MERGED_DIMENSION = 27;
    /** The offset of the one product of {@link #modes}. */
    private final double epsilon;
    /** Whether every factor's parents precede it: then p(x) and ⟨⟨η|T are contracted prefix by prefix. */
    private final boolean parentsFirst;
    private final int[] tuple;
    /** transfer[f][k][y]: T<sup>f</sup><sub>k</sub>(y) row-major. */
    private final double[][][][] transfer;
    /** net[f][k]: Σ<sub>y</sub> T<sup>f</sup><sub>k</sub>(y) row-major. */
    private final double[][][] net;
    /** predictor[f][k]: T<sup>f</sup><sub>k</sub>(y)|1<sub>f</sub>⟩⟩ at [y·d<sub>f</sub> …]. */
    private final double[][][] predictor;
    /** prefixVariant[f][c]: the variant of factor f after the prefix of symbols c (mixed radix over factors &lt; f). */
    private final int[][] prefixVariant;
    /** Product over factors of the largest |T<sup>f</sup><sub>k</sub>(y)|1⟩⟩| entry, for the round-off bound. */
    private final double predictorScale;
    private final boolean nonNegative;
    /** The carried symbols of ⟨⟨η|T: per level f, the contexts before, the variant and the target context of each. */
    private final int[] contexts;
    private final boolean[] carried;
    private final int[][] bondVariant;
    private final int[][] bondTarget;
    /**
     * The levels of ⟨⟨η|T: level ℓ merges the consecutive factors levelFirst[ℓ] … levelFirst[ℓ + 1] − 1 into one mode of
     * dimension levelDim[ℓ]; per context before it, the matrices (Σ over the paths of symbols inside the level of the
     * Kronecker products of its factors' matrices, row-major) its block is multiplied by and where each product is
     * added (target context × S). The split is the one of least arithmetic ({@link #merge}).
     */
    private final int[] levelFirst;
    private final int[] levelDim;
    private final double[][][][] levelMatrices;
    private final int[][][] levelOffsets;
    /** onesAfter[f] = ⊗<sub>g&gt;f</sub>|1<sub>g</sub>⟩⟩, for the prefix marginals of a draw. */
    private final double[][] onesAfter;
    /** The belief contracted with |1⟩⟩ on the factors after f, for one prefix of a draw. */
    private final double[] reduced;
    /** Holds the one matrix of a mode product. */
    private final double[][] single = new double[1][];

    private double[] next;
    private final double[] work;
    private final double[] levelA;
    private final double[] levelB;
    private final double[] bondA;
    private final double[] bondB;
    /** The clean distribution p(x) at the current belief, and its prefix marginals per level. */
    private final double[] clean;
    private final double[][] prefixMarginals;
    private final double[] received;
    private final double[] weights;
    private boolean exact;
    private long tabulated = -1;
    /**
     * Whether the belief came from the caller ({@link #reset(double[])}) rather than the process; until the next
     * {@link #reset()} every draw then goes through the table, which checks the whole law, where the prefix draw checks
     * only the symbol it draws.
     */
    private boolean callers;

    SentJointFilter(ProductModel product, double epsilon) {
        super(product);
        this.parentsFirst = NoisyChannel.parentsFirst(product);
        this.epsilon = epsilon;
        this.transfer = new double[count][][][];
        this.net = new double[count][][];
        this.predictor = new double[count][][];
        double scale = 1.0;
        boolean positive = true;
        for (int f = 0; f < count; f++) {
            FilterModel m = product.factors[f];
            int d = m.dimension;
            positive &= m.nonNegative;
            transfer[f] = new double[m.variants()][m.symbols][];
            net[f] = new double[m.variants()][d * d];
            predictor[f] = new double[m.variants()][];
            double largest = 0.0;
            for (int k = 0; k < m.variants(); k++) {
                predictor[f][k] = m.predictor[k].clone();
                for (int y = 0; y < m.symbols; y++) {
                    double[] t = m.transfer[k][y].toDense().getData();
                    transfer[f][k][y] = t;
                    for (int i = 0; i < t.length; i++) {
                        net[f][k][i] += t[i];
                    }
                    largest = Math.max(largest, m.predictorMaxAbs[k][y]);
                }
            }
            scale *= largest;
        }
        this.predictorScale = scale;
        this.nonNegative = positive;
        this.tuple = new int[count];
        this.prefixVariant = new int[count][];
        this.contexts = new int[count + 1];
        this.carried = new boolean[count];
        this.bondVariant = new int[count][];
        this.bondTarget = new int[count][];
        int largestLevel = states;
        int widest = 1;
        if (parentsFirst) {
            for (int f = 0, prefixes = 1; f < count; prefixes *= product.radix[f], f++) {
                prefixVariant[f] = new int[prefixes];
                for (int c = 0; c < prefixes; c++) {
                    decodePrefix(c, f, tuple);
                    prefixVariant[f][c] = product.variant(f, tuple);
                }
                largestLevel = Math.max(largestLevel, prefixes * product.radix[f] * stride[f]);
            }
            widest = bond(tuple);
        }
        this.levelFirst = parentsFirst ? merge() : new int[] {0, count};
        int levels = levelFirst.length - 1;
        this.levelDim = new int[levels];
        this.levelMatrices = new double[levels][][][];
        this.levelOffsets = new int[levels][][];
        if (parentsFirst) {
            for (int l = 0; l < levels; l++) {
                level(l);
            }
        }
        this.onesAfter = new double[count][];
        for (int f = 0; f < count; f++) {
            double[][] after = new double[count - f - 1][];
            for (int g = f + 1; g < count; g++) {
                after[g - f - 1] = product.factors[g].one;
            }
            onesAfter[f] = Vectors.kron(after);
        }
        this.reduced = new double[Arrays.stream(dims).max().orElse(1)];
        this.next = new double[states];
        this.work = new double[states];
        this.levelA = new double[largestLevel];
        this.levelB = new double[largestLevel];
        this.bondA = new double[widest * states];
        this.bondB = new double[widest * states];
        this.clean = new double[product.symbols];
        this.received = new double[product.symbols];
        this.prefixMarginals = new double[count][];
        for (int f = 0, size = 1; f < count; f++) {
            size *= product.radix[f];
            prefixMarginals[f] = f == count - 1 ? clean : new double[size];
        }
        this.weights = new double[Arrays.stream(product.radix).max().orElse(1)];
        this.exact = nonNegative && Vectors.isNonNegative(belief);
    }

    /** The digits of prefix c of factors 0 … f−1 (last fastest) into tuple[0 … f−1]. */
    private void decodePrefix(int c, int f, int[] tuple) {
        for (int g = f - 1; g >= 0; g--) {
            tuple[g] = c % p.radix[g];
            c /= p.radix[g];
        }
    }

    /**
     * The carried symbols of ⟨⟨η|T: after factor f, those of the factors g ≤ f that are parents of a factor after f,
     * as one mixed-radix context (increasing g, last fastest). Fills {@link #contexts}, {@link #carried},
     * {@link #bondVariant} and {@link #bondTarget}; returns the most contexts at any level.
     */
    private int bond(int[] tuple) {
        boolean[][] live = new boolean[count + 1][count];
        for (int f = 0; f < count; f++) {
            for (int g = 0; g <= f; g++) {
                for (int h = f + 1; h < count; h++) {
                    for (int q : p.parents[h]) {
                        live[f + 1][g] |= q == g;
                    }
                }
            }
        }
        contexts[0] = 1;
        int widest = 1;
        for (int f = 0; f < count; f++) {
            carried[f] = live[f + 1][f];
            contexts[f + 1] = 1;
            for (int g = 0; g < count; g++) {
                if (live[f + 1][g]) {
                    contexts[f + 1] *= p.radix[g];
                }
            }
            widest = Math.max(widest, contexts[f + 1]);
            int n = carried[f] ? p.radix[f] : 1;
            bondVariant[f] = new int[contexts[f]];
            bondTarget[f] = new int[contexts[f] * n];
            for (int c = 0; c < contexts[f]; c++) {
                decodeContext(c, live[f], tuple);
                bondVariant[f][c] = p.variant(f, tuple);
                for (int y = 0; y < n; y++) {
                    tuple[f] = y;
                    bondTarget[f][c * n + y] = encodeContext(live[f + 1], tuple);
                }
            }
        }
        return widest;
    }

    private void decodeContext(int c, boolean[] live, int[] tuple) {
        Arrays.fill(tuple, 0);
        for (int g = count - 1; g >= 0; g--) {
            if (live[g]) {
                tuple[g] = c % p.radix[g];
                c /= p.radix[g];
            }
        }
    }

    private int encodeContext(boolean[] live, int[] tuple) {
        int c = 0;
        for (int g = 0; g < count; g++) {
            if (live[g]) {
                c = c * p.radix[g] + tuple[g];
            }
        }
        return c;
    }

    /**
     * The split of the factors into levels of consecutive factors that makes ⟨⟨η|T cheapest: a level of factors a … b
     * costs S·D·P multiply-adds, with D = Π<sub>g</sub> d<sub>g</sub> its dimension and P the pairs of contexts (before
     * a, after b) its paths of symbols join. Merging trades a larger D for fewer pairs: the chain's last two factors cost
     * 3 pairs of D = 9 instead of 12 + 4 pairs of d = 3. Levels of at most {@link #MERGED_DIMENSION} states; on a tie
     * the shorter level.
     *
     * @return the first factor of every level, then F
     */
    private int[] merge() {
        long[] best = new long[count + 1];
        int[] from = new int[count + 1];
        for (int b = 0; b < count; b++) {
            best[b + 1] = Long.MAX_VALUE;
            long dim = 1;
            for (int a = b; a >= 0; a--) {
                dim *= dims[a];
                if (dim > MERGED_DIMENSION && a < b) {
                    break;
                }
                long cost = best[a] + pairs(a, b) * dim;
                if (cost < best[b + 1]) {
                    best[b + 1] = cost;
                    from[b + 1] = a;
                }
            }
        }
        int levels = 0;
        for (int b = count; b > 0; b = from[b]) {
            levels++;
        }
        int[] first = new int[levels + 1];
        first[levels] = count;
        for (int b = count, l = levels - 1; b > 0; b = from[b], l--) {
            first[l] = from[b];
        }
        return first;
    }

    /** {@return the first factor of every level of ⟨⟨η|T, then F} */
    int[] levels() {
        return levelFirst.clone();
    }

    /** The (context before a, context after b) pairs the paths of symbols through factors a … b join. */
    private long pairs(int a, int b) {
        long pairs = 0;
        for (int c = 0; c < contexts[a]; c++) {
            int[] reached = {c};
            for (int g = a; g <= b; g++) {
                int n = carried[g] ? p.radix[g] : 1;
                int[] next = new int[reached.length * n];
                for (int i = 0; i < reached.length; i++) {
                    for (int y = 0; y < n; y++) {
                        next[i * n + y] = bondTarget[g][reached[i] * n + y];
                    }
                }
                reached = next;
            }
            pairs += Arrays.stream(reached).distinct().count();
        }
        return pairs;
    }

    /**
     * Level l's matrices: for every context before it and every context its paths reach, the sum over those paths of
     * the Kronecker product of each factor's matrix on the path (T<sup>g</sup><sub>k</sub>(y) where g's symbol is carried,
     * its net operator otherwise); a level of one factor keeps that factor's matrices as they are.
     */
    private void level(int l) {
        int a = levelFirst[l];
        int b = levelFirst[l + 1] - 1;
        levelMatrices[l] = new double[contexts[a]][][];
        levelOffsets[l] = new int[contexts[a]][];
        for (int c = 0; c < contexts[a]; c++) {
            int[] reached = {c};
            DMatrixRMaj[] paths = {null};
            for (int g = a; g <= b; g++) {
                int n = carried[g] ? p.radix[g] : 1;
                int d = dims[g];
                int[] next = new int[reached.length * n];
                DMatrixRMaj[] longer = new DMatrixRMaj[reached.length * n];
                for (int i = 0; i < reached.length; i++) {
                    int k = bondVariant[g][reached[i]];
                    for (int y = 0; y < n; y++) {
                        next[i * n + y] = bondTarget[g][reached[i] * n + y];
                        DMatrixRMaj m = DMatrixRMaj.wrap(d, d, carried[g] ? transfer[g][k][y] : net[g][k]);
                        longer[i * n + y] = paths[i] == null ? m : CommonOps_DDRM.kron(paths[i], m, null);
                    }
                }
                reached = next;
                paths = longer;
            }
            int[] targets = Arrays.stream(reached).distinct().toArray();
            levelMatrices[l][c] = new double[targets.length][];
            levelOffsets[l][c] = new int[targets.length];
            for (int t = 0; t < targets.length; t++) {
                DMatrixRMaj sum = null;
                for (int i = 0; i < reached.length; i++) {
                    if (reached[i] == targets[t]) {
                        sum = sum == null ? paths[i] : CommonOps_DDRM.add(sum, paths[i], null);
                    }
                }
                levelMatrices[l][c][t] = sum.getData();
                levelOffsets[l][c][t] = targets[t] * states;
            }
            levelDim[l] = paths[0].getNumRows();
        }
    }

    @Override
    void restart() {
        exact = nonNegative && Vectors.isNonNegative(belief);
        callers = false;
        super.restart();
    }

    /** Accepts any joint belief of the factored process, product or not. */
    @Override
    public void reset(double[] start) {
        FilterModel.requireNormalised("", start, one);
        System.arraycopy(start, 0, belief, 0, states);
        restart();
        callers = true;
    }

    /**
     * p(x) for every x into {@link #clean}, level by level: level f holds, for every prefix of symbols x<sub>0…f</sub>,
     * the belief contracted over factors 0 … f with their predictors; then the rule of {@link Predictions} per entry.
     */
    private void tabulate() {
        if (tabulated == step) {
            return;
        }
        if (parentsFirst) {
            contractPrefixes();
        } else {
            for (int x = 0; x < clean.length; x++) {
                clean[x] = contract(belief, x, p, dims, predictor, tuple, levelA, levelB);
            }
        }
        resolve();
        tabulated = step;
    }

    /** p(x) for every x by prefixes (every parent before its child). */
    private void contractPrefixes() {
        double[] in = belief;
        int prefixes = 1;
        for (int f = 0; f < count; f++) {
            int d = dims[f];
            int r = p.radix[f];
            int inner = stride[f];
            double[] out = f == count - 1 ? clean : (f % 2 == 0 ? levelA : levelB);
            int[] variants = prefixVariant[f];
            for (int c = 0; c < prefixes; c++) {
                double[] e = predictor[f][variants[c]];
                int source = c * d * inner;
                for (int y = 0; y < r; y++) {
                    contractMode(in, source, e, y * d, d, inner, out, (c * r + y) * inner);
                }
            }
            in = out;
            prefixes *= r;
        }
    }

    /**
     * out[target + s] = Σ<sub>i</sub> in[source + i·inner + s]·e[at + i] for s &lt; inner: a block (d × inner) contracted on
     * its first mode with a predictor.
     */
    private static void contractMode(double[] in, int source, double[] e, int at, int d, int inner, double[] out, int target) {
        if (d == 3) {
            // the chain's factors: the predictor in registers, contiguous s innermost
            double e0 = e[at];
            double e1 = e[at + 1];
            double e2 = e[at + 2];
            for (int s = 0; s < inner; s++) {
                out[target + s] = in[source + s] * e0 + in[source + inner + s] * e1 + in[source + 2 * inner + s] * e2;
            }
            return;
        }
        for (int s = 0; s < inner; s++) {
            double v = 0.0;
            for (int i = 0; i < d; i++) {
                v += in[source + i * inner + s] * e[at + i];
            }
            out[target + s] = v;
        }
    }

    /** Applies the rule of {@link Predictions} to {@link #clean} and derives the prefix marginals and the blur. */
    private void resolve() {
        if (!exact) {
            double bound = Predictions.boundScale(states, position, Predictions.l1(belief, 0, states)) * predictorScale;
            for (int x = 0; x < clean.length; x++) {
                double v = clean[x];
                if (v < -bound) {
                    throw new NegativeProbabilityException("", position, x, v);
                }
                clean[x] = v > bound ? v : 0.0;
            }
        }
        for (int f = count - 2; f >= 0; f--) {
            double[] finer = prefixMarginals[f + 1];
            double[] coarse = prefixMarginals[f];
            int r = p.radix[f + 1];
            for (int c = 0; c < coarse.length; c++) {
                double s = 0.0;
                for (int y = 0; y < r; y++) {
                    s += finer[c * r + y];
                }
                coarse[c] = s;
            }
        }
        double keep = 1.0 - epsilon;
        double noise = epsilon / p.symbols;
        for (int x = 0; x < clean.length; x++) {
            received[x] = keep * clean[x] + noise;
        }
    }

    /** (1 − ε)p(x) + ε/|𝒳| for every x; its entropy has no chain rule, the blur mixing every factor. */
    @Override
    double[] law() {
        tabulate();
        return received;
    }

    /** ⟨⟨η| ← ((1 − ε)⟨⟨η|T(x) + (ε/|𝒳|)⟨⟨η|T)/q. */
    @Override
    void advance(int x, double q) {
        // the spread first: without a prefix order it is summed from sent(y) for every y, which reuses sent's arrays
        double[] spread = epsilon > 0.0 ? spread() : null;
        double[] sent = sent(x);
        double keep = (1.0 - epsilon) / q;
        double noise = epsilon / p.symbols / q;
        for (int i = 0; i < states; i++) {
            next[i] = keep * sent[i] + (spread == null ? 0.0 : noise * spread[i]);
        }
        double[] swap = belief;
        belief = next;
        next = swap;
        exact = exact && Vectors.isNonNegative(belief);
        advanced(q);
    }

    /** ⟨⟨η|T(x), mode by mode, into {@link #work} or {@link #next}; returns the array that holds it. */
    private double[] sent(int x) {
        MixedRadix.decode(p.radix, x, tuple);
        double[] in = modes(belief, tuple, p, dims, stride, transfer, single, work, next);
        if (in == next) {
            // the caller writes next: keep the result in work
            System.arraycopy(next, 0, work, 0, states);
            return work;
        }
        return in;
    }

    /** ⟨⟨η|T, carrying the symbols later variants depend on; the result is in {@link #bondA} or {@link #bondB}[0 … S). */
    private double[] spread() {
        if (!parentsFirst) {
            Arrays.fill(bondB, 0, states, 0.0);
            for (int x = 0; x < clean.length; x++) {
                double[] t = sent(x);
                for (int i = 0; i < states; i++) {
                    bondB[i] += t[i];
                }
            }
            return bondB;
        }
        double[] in = belief;
        double[] out = bondA;
        for (int l = 0; l < levelDim.length; l++) {
            int a = levelFirst[l];
            int after = levelFirst[l + 1];
            int d = levelDim[l];
            int inner = stride[after - 1];
            Arrays.fill(out, 0, contexts[after] * states, 0.0);
            for (int c = 0; c < contexts[a]; c++) {
                double[][] ms = levelMatrices[l][c];
                modeAdd(in, c * states, ms, levelOffsets[l][c], ms.length, d, states / (d * inner), inner, out);
            }
            in = out;
            out = out == bondA ? bondB : bondA;
        }
        return in;
    }

    /**
     * One uniform per factor in factor order, each inverted on the conditional of the blurred prefix marginals
     * (1 − ε)p(x<sub>0…f</sub>) + ε/Π<sub>g≤f</sub>|𝒳<sub>g</sub>|. Where every parent comes before its child and
     * ε &gt; 0 (every symbol then has probability ≥ ε/|𝒳|, so no rule for zeros is needed before the last), only the
     * drawn prefix is contracted ({@link #drawAlongPrefix}), whether or not the law is tabulated at this belief, so the
     * symbols drawn do not depend on which outputs asked for the law; otherwise, and after a belief set by the caller
     * (checked whole), the tabulated prefix marginals are used.
     */
    @Override
    public int sample(UniformRandomProvider rng) {
        if (parentsFirst && epsilon > 0.0 && !callers) {
            return drawAlongPrefix(rng);
        }
        return drawFromTable(rng);
    }

    /** The draw of {@link #sample} from the tabulated prefix marginals. */
    private int drawFromTable(UniformRandomProvider rng) {
        tabulate();
        int c = 0;
        double prefixes = 1.0;
        for (int f = 0; f < count; f++) {
            int r = p.radix[f];
            prefixes *= r;
            double[] m = prefixMarginals[f];
            double keep = 1.0 - epsilon;
            double noise = epsilon / prefixes;
            double total = 0.0;
            for (int y = 0; y < r; y++) {
                weights[y] = keep * m[c * r + y] + noise;
                total += weights[y];
            }
            int a = Predictions.invert(rng.nextDouble() * total, weights, 0, r);
            if (a < 0) {
                throw noSymbolPossible();
            }
            c = c * r + a;
        }
        advance(c, received[c]);
        return c;
    }

    /**
     * The draw of {@link #sample} contracting only the prefix drawn so far: level f holds ⟨⟨η| contracted over factors
     * &lt; f with the drawn symbols' predictors (the entries {@link #contractPrefixes} computes for that prefix, in the
     * same order), its contraction with |1⟩⟩ on the factors after f gives the d<sub>f</sub> numbers whose dot products
     * with T<sup>f</sup><sub>k</sub>(y)|1<sub>f</sub>⟩⟩ are p(x<sub>0…f−1</sub>, y) for every y: about
     * 2·Σ<sub>f</sub>Π<sub>g≥f</sub>d<sub>g</sub> multiply-adds instead of the |𝒳| entries of the law. The drawn
     * symbol's p(x) is the law's entry bit for bit, with the rule of {@link Predictions}. A negative prefix weight (a
     * belief that is no state of the process) hands the draw to the table, which refuses or clamps it.
     */
    private int drawAlongPrefix(UniformRandomProvider rng) {
        double keep = 1.0 - epsilon;
        double[] in = belief;
        int c = 0;
        double prefixes = 1.0;
        for (int f = 0; f < count; f++) {
            int d = dims[f];
            int r = p.radix[f];
            int inner = stride[f];
            double[] after = onesAfter[f];
            for (int i = 0; i < d; i++) {
                double v = 0.0;
                for (int s = 0, at = i * inner; s < inner; s++) {
                    v += in[at + s] * after[s];
                }
                reduced[i] = v;
            }
            double[] e = predictor[f][prefixVariant[f][c]];
            prefixes *= r;
            double noise = epsilon / prefixes;
            double total = 0.0;
            boolean negative = false;
            for (int y = 0; y < r; y++) {
                double v = 0.0;
                for (int i = 0; i < d; i++) {
                    v += reduced[i] * e[y * d + i];
                }
                weights[y] = keep * v + noise;
                total += weights[y];
                negative |= weights[y] < 0.0;
            }
            if (negative) {
                // a prefix far below probability 0: no state of the process; the table applies the rule of Predictions
                return drawFromTable(rng);
            }
            int a = Predictions.invert(rng.nextDouble() * total, weights, 0, r);
            if (a < 0) {
                throw noSymbolPossible();
            }
            double[] out = f % 2 == 0 ? levelA : levelB;
            contractMode(in, 0, e, a * d, d, inner, out, 0);
            in = out;
            c = c * r + a;
        }
        double v = in[0];
        if (!exact) {
            double bound = Predictions.boundScale(states, position, Predictions.l1(belief, 0, states)) * predictorScale;
            if (v < -bound) {
                throw new NegativeProbabilityException("", position, c, v);
            }
            v = v > bound ? v : 0.0;
        }
        advance(c, keep * v + epsilon / p.symbols);
        return c;
    }

    @Override
    public String toString() {
        return "SentJointFilter(" + p + ", epsilon " + epsilon + " over the joint alphabet, updates on the symbol sent, position " + position
                + (states <= 8 ? ", belief " + Arrays.toString(belief()) : "") + ")";
    }
}
