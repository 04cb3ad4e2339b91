package dev.ghmm.belief;

import dev.ghmm.internal.Checks;
import dev.ghmm.Entropy;
import dev.ghmm.MixedRadix;
import dev.ghmm.Vectors;
import java.util.Arrays;

/**
 * What the filters that keep the joint belief ⟨⟨η| of a factored process share (length S = Π<sub>f</sub> d<sub>f</sub>,
 * factor 0 slowest): the belief and its position, and its parts, the factor marginals ⟨⟨η<sub>f</sub>| (η contracted
 * with |1<sub>g</sub>⟩⟩ on every other factor g), with the factor gap ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> and,
 * for HMM factors, the divergence D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>) = Σ<sub>f</sub> H(η<sub>f</sub>) − H(η) in nats.
 * A subclass tabulates the next-symbol law ({@link #law}) and reads a symbol ({@link #advance}: it updates
 * {@link #belief}, which it may swap for another array, and calls {@link #advanced}); what any filter that tabulates
 * its law does with it is {@link TabulatedFilter}'s.
 */
abstract class JointFilter extends TabulatedFilter {
    private static final int[] ORIGIN = {0};
    final int count;
    final int states;
    final int[] dims;
    /** stride[f] = Π<sub>g&gt;f</sub> d<sub>g</sub>. */
    final int[] stride;
    /** ⊗<sub>f</sub>|1<sub>f</sub>⟩⟩. */
    final double[] one;
    final double[] initial;
    double[] belief;
    /** Whether every factor is an HMM (non-negative, |1<sub>f</sub>⟩⟩ = 𝟏): its beliefs are then probability vectors. */
    private final boolean hmm;
    private final double[][] marginals;
    private final double[] product;
    private long marginalised = -1;

    JointFilter(ProductModel model) {
        super(model);
        this.count = model.factors.length;
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
        this.one = Vectors.kron(ones);
        this.hmm = positive && Arrays.stream(one).allMatch(v -> v == 1.0);
        this.marginals = new double[count][];
        for (int f = 0; f < count; f++) {
            marginals[f] = new double[dims[f]];
        }
        this.product = new double[states];
        this.initial = model.filter().belief();
        this.belief = initial.clone();
    }

    @Override
    public void reset() {
        System.arraycopy(initial, 0, belief, 0, states);
        restart();
    }

    @Override
    public void belief(double[] out, int offset) {
        Checks.requireRange("out", out, offset, states, "belief values");
        System.arraycopy(belief, 0, out, offset, states);
    }

    @Override
    public int parts() {
        return count;
    }

    @Override
    public int partDimension(int part) {
        Checks.requireIndex("factor", part, count);
        return dims[part];
    }

    /** The marginal of factor p: ⟨⟨η| contracted with |1<sub>g</sub>⟩⟩ on every other factor g ({@link FactorMarginals}). */
    @Override
    public void part(int part, double[] out, int offset) {
        Checks.requireIndex("factor", part, count);
        Checks.requireRange("out", out, offset, dims[part], "part values");
        marginalise();
        System.arraycopy(marginals[part], 0, out, offset, dims[part]);
    }

    private void marginalise() {
        if (marginalised == step) {
            return;
        }
        for (int f = 0; f < count; f++) {
            p.marginals.marginal(belief, f, marginals[f], 0);
        }
        marginalised = step;
    }

    /** ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> over the S joint states. */
    @Override
    public double factorGap() {
        marginalise();
        Vectors.kron(marginals, product, 0);
        double gap = 0.0;
        for (int i = 0; i < states; i++) {
            gap += Math.abs(belief[i] - product[i]);
        }
        return gap;
    }

    /**
     * D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>) = Σ<sub>f</sub> H(η<sub>f</sub>) − H(η) in nats, the total correlation of the
     * joint belief; NaN unless every factor is an HMM (then the beliefs are probability vectors and |1⟩⟩ = 𝟏).
     */
    @Override
    public double factorDivergence() {
        if (!hmm) {
            return Double.NaN;
        }
        marginalise();
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

    /**
     * out[at[m] + (o·d + j)·inner + s] += Σ<sub>i</sub> in[from + (o·d + i)·inner + s]·ms[m][i·d + j] for every m &lt; count,
     * o &lt; outer, j &lt; d, s &lt; inner: mode f of a tensor times each of {@code count} d×d matrices (row-major), S·d
     * multiply-adds each. The input block of every o is read once for all matrices; d = 3 (every factor of the chain)
     * is written out, with the matrix in registers and the innermost loop over contiguous s, and so is each 3×3 block
     * of a larger d that is a multiple of 3 (merged factors; d = 9 with inner = 1 keeps the nine inputs in registers);
     * otherwise, for inner = 1, the innermost loop runs over a contiguous row of the matrix.
     */
    static void modeAdd(double[] in, int from, double[][] ms, int[] at, int count, int d, int outer, int inner, double[] out) {
        int block = d * inner;
        if (d == 3 && inner == 1) {
            // the last factor: each o's three inputs loaded once for every matrix, no loop of one iteration
            for (int o = 0; o < outer; o++) {
                int b = from + 3 * o;
                double x0 = in[b];
                double x1 = in[b + 1];
                double x2 = in[b + 2];
                for (int m = 0; m < count; m++) {
                    double[] a = ms[m];
                    int t = at[m] + 3 * o;
                    out[t] += x0 * a[0] + x1 * a[3] + x2 * a[6];
                    out[t + 1] += x0 * a[1] + x1 * a[4] + x2 * a[7];
                    out[t + 2] += x0 * a[2] + x1 * a[5] + x2 * a[8];
                }
            }
            return;
        }
        if (d == 3 && inner == 3) {
            // the fourth of five factors: the block of nine inputs in registers for every matrix
            for (int o = 0; o < outer; o++) {
                int b = from + 9 * o;
                double x00 = in[b];
                double x01 = in[b + 1];
                double x02 = in[b + 2];
                double x10 = in[b + 3];
                double x11 = in[b + 4];
                double x12 = in[b + 5];
                double x20 = in[b + 6];
                double x21 = in[b + 7];
                double x22 = in[b + 8];
                for (int m = 0; m < count; m++) {
                    double[] a = ms[m];
                    int t = at[m] + 9 * o;
                    for (int j = 0; j < 3; j++) {
                        double c0 = a[j];
                        double c1 = a[3 + j];
                        double c2 = a[6 + j];
                        out[t + 3 * j] += x00 * c0 + x10 * c1 + x20 * c2;
                        out[t + 3 * j + 1] += x01 * c0 + x11 * c1 + x21 * c2;
                        out[t + 3 * j + 2] += x02 * c0 + x12 * c1 + x22 * c2;
                    }
                }
            }
            return;
        }
        if (d == 9 && inner == 1) {
            // the last two factors merged: each o's nine inputs in registers for every column of every matrix
            for (int m = 0; m < count; m++) {
                double[] a = ms[m];
                for (int o = 0; o < outer; o++) {
                    int b = from + 9 * o;
                    int t = at[m] + 9 * o;
                    double x0 = in[b];
                    double x1 = in[b + 1];
                    double x2 = in[b + 2];
                    double x3 = in[b + 3];
                    double x4 = in[b + 4];
                    double x5 = in[b + 5];
                    double x6 = in[b + 6];
                    double x7 = in[b + 7];
                    double x8 = in[b + 8];
                    for (int j = 0; j < 9; j++) {
                        out[t + j] += (x0 * a[j] + x1 * a[9 + j] + x2 * a[18 + j]) + (x3 * a[27 + j] + x4 * a[36 + j] + x5 * a[45 + j])
                                + (x6 * a[54 + j] + x7 * a[63 + j] + x8 * a[72 + j]);
                    }
                }
            }
            return;
        }
        if (d % 3 == 0) {
            // d = 3, or merged factors (9, 27): the matrix in 3×3 blocks, each block's nine entries in registers for
            // the contiguous s loop of every o (a block of d = 3 is its whole matrix)
            for (int m = 0; m < count; m++) {
                double[] a = ms[m];
                for (int bi = 0; bi < d; bi += 3) {
                    for (int bj = 0; bj < d; bj += 3) {
                        int r = bi * d + bj;
                        double a00 = a[r];
                        double a01 = a[r + 1];
                        double a02 = a[r + 2];
                        double a10 = a[r + d];
                        double a11 = a[r + d + 1];
                        double a12 = a[r + d + 2];
                        double a20 = a[r + 2 * d];
                        double a21 = a[r + 2 * d + 1];
                        double a22 = a[r + 2 * d + 2];
                        for (int o = 0; o < outer; o++) {
                            int b0 = from + o * block + bi * inner;
                            int b1 = b0 + inner;
                            int b2 = b1 + inner;
                            int t0 = at[m] + o * block + bj * inner;
                            int t1 = t0 + inner;
                            int t2 = t1 + inner;
                            for (int s = 0; s < inner; s++) {
                                double x0 = in[b0 + s];
                                double x1 = in[b1 + s];
                                double x2 = in[b2 + s];
                                out[t0 + s] += x0 * a00 + x1 * a10 + x2 * a20;
                                out[t1 + s] += x0 * a01 + x1 * a11 + x2 * a21;
                                out[t2 + s] += x0 * a02 + x1 * a12 + x2 * a22;
                            }
                        }
                    }
                }
            }
            return;
        }
        if (inner == 1) {
            // the last factor: one small vector-matrix product per o, rows contiguous
            for (int o = 0; o < outer; o++) {
                int b = from + o * d;
                for (int m = 0; m < count; m++) {
                    double[] a = ms[m];
                    int t = at[m] + o * d;
                    for (int i = 0; i < d; i++) {
                        double x = in[b + i];
                        int row = i * d;
                        for (int j = 0; j < d; j++) {
                            out[t + j] += x * a[row + j];
                        }
                    }
                }
            }
            return;
        }
        for (int m = 0; m < count; m++) {
            double[] a = ms[m];
            for (int o = 0; o < outer; o++) {
                int base = from + o * block;
                int target = at[m] + o * block;
                for (int i = 0; i < d; i++) {
                    int source = base + i * inner;
                    for (int j = 0; j < d; j++) {
                        double v = a[i * d + j];
                        int t = target + j * inner;
                        for (int s = 0; s < inner; s++) {
                            out[t + s] += v * in[source + s];
                        }
                    }
                }
            }
        }
    }

    /**
     * ⟨⟨η|⊗<sub>f</sub>T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)|1<sub>f</sub>⟩⟩ for one x, whatever the control map: η
     * (length S) contracted with each factor's predictor on the last mode, factor by factor from the last, through
     * {@code levelA} and {@code levelB} (each of length ≥ S/d<sub>F−1</sub>); {@code tuple} receives x's digits.
     */
    static double contract(double[] eta, int x, ProductModel p, int[] dims, double[][][] predictor, int[] tuple, double[] levelA, double[] levelB) {
        MixedRadix.decode(p.radix, x, tuple);
        double[] in = eta;
        int size = p.dimension;
        for (int f = dims.length - 1; f >= 0; f--) {
            int d = dims[f];
            double[] e = predictor[f][p.variant(f, tuple)];
            int at = tuple[f] * d;
            double[] out = f % 2 == 0 ? levelA : levelB;
            size /= d;
            for (int o = 0; o < size; o++) {
                double v = 0.0;
                for (int i = 0; i < d; i++) {
                    v += in[o * d + i] * e[at + i];
                }
                out[o] = v;
            }
            in = out;
        }
        return in[0];
    }

    /**
     * ⟨⟨η|⊗<sub>f</sub>T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) for the symbols {@code tuple} of x: F mode products
     * (S·Σ<sub>f</sub> d<sub>f</sub> multiply-adds), alternating between a and b (length S, neither η); returns the one
     * that holds the result; {@code single} is a work array of length 1.
     */
    static double[] modes(double[] eta, int[] tuple, ProductModel p, int[] dims, int[] stride, double[][][][] transfer, double[][] single,
                          double[] a, double[] b) {
        double[] in = eta;
        double[] out = a;
        int outer = 1;
        for (int f = 0; f < dims.length; f++) {
            Arrays.fill(out, 0, p.dimension, 0.0);
            single[0] = transfer[f][p.variant(f, tuple)][tuple[f]];
            modeAdd(in, 0, single, ORIGIN, 1, dims[f], outer, stride[f], out);
            outer *= dims[f];
            in = out;
            out = out == a ? b : a;
        }
        return in;
    }
}
