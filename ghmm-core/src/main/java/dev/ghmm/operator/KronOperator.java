package dev.ghmm.operator;

import java.util.List;

/**
 * The Kronecker product M = M<sub>1</sub> ⊗ M<sub>2</sub> ⊗ … ⊗ M<sub>F</sub> (eq. 2.10, 2.21), applied
 * without materialising it. Indices are lexicographic with the last factor fastest (eq. 2.19): the
 * joint index of (i<sub>1</sub>, …, i<sub>F</sub>) is (…(i<sub>1</sub>d<sub>2</sub> + i<sub>2</sub>)d<sub>3</sub> + …) + i<sub>F</sub>.
 *
 * <p>Application is mode by mode: the vector is an array of shape (a, d<sub>f</sub>, b) with a = Π<sub>g&lt;f</sub>
 * d<sub>g</sub> and b = Π<sub>g&gt;f</sub> d<sub>g</sub>, and factor f maps it to y[l, j, r] = Σ<sub>i</sub>
 * x[l, i, r] M<sub>f</sub>[i, j], one contiguous axpy of length b per stored entry of M<sub>f</sub> and per l (for
 * the last factor, b = 1, a row application of M<sub>f</sub> to a contiguous rows). Intermediate results alternate
 * between two vectors of the caller's workspace, so nothing is transposed or allocated. The cost is Σ<sub>f</sub>
 * n·nnz(M<sub>f</sub>)/d<sub>f</sub> multiply-adds instead of nnz(M) for the materialised product.
 */
public final class KronOperator extends AbstractOperator implements Operator {
    private final Operator[] factors;
    /** The stored entries of each factor: rows[f][k], cols[f][k], values[f][k]. */
    private final int[][] rows;
    private final int[][] cols;
    private final double[][] values;
    private final int n;
    /** The intermediate vectors: none for one factor, one for two, two alternating for more. */
    private final int buffers;
    private final int workspaceLength;

    KronOperator(List<? extends Operator> factors) {
        if (factors.isEmpty()) {
            throw new IllegalArgumentException("a Kronecker product needs at least one factor");
        }
        this.factors = factors.toArray(new Operator[0]);
        long size = 1;
        for (Operator f : this.factors) {
            size *= f.dimension();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Kronecker product dimension " + size + " exceeds " + Integer.MAX_VALUE);
            }
        }
        this.n = (int) size;
        int count = this.factors.length;
        rows = new int[count][];
        cols = new int[count][];
        values = new double[count][];
        for (int f = 0; f < count; f++) {
            int nz = (int) this.factors[f].nonZeros();
            int[] r = new int[nz];
            int[] c = new int[nz];
            double[] v = new double[nz];
            int[] k = {0};
            this.factors[f].forEachNonZero((i, j, value) -> {
                r[k[0]] = i;
                c[k[0]] = j;
                v[k[0]++] = value;
            });
            rows[f] = r;
            cols[f] = c;
            values[f] = v;
        }
        this.buffers = Math.multiplyExact(Math.min(count - 1, 2), n);
        this.workspaceLength = Math.addExact(buffers, largestWorkspace(this.factors));
    }

    /** {@return the number of factors F} */
    public int factorCount() {
        return factors.length;
    }

    /**
     * {@return factor f (0-based)}
     *
     * @param f the factor index (0-based)
     */
    public Operator factor(int f) {
        return factors[f];
    }

    @Override
    public Structure structure() {
        return Structure.KRONECKER;
    }

    @Override
    public int dimension() {
        return n;
    }

    /** The intermediate vectors (n doubles for two factors, 2n for more) plus the largest workspace of a factor. */
    @Override
    public int workspaceLength() {
        return workspaceLength;
    }

    @Override
    void left(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        apply(true, x, xOffset, y, yOffset, w, wOffset);
    }

    @Override
    void right(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        apply(false, x, xOffset, y, yOffset, w, wOffset);
    }

    private void apply(boolean left, double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        double[] src = x;
        int srcOffset = xOffset;
        int outer = 1;
        for (int f = 0; f < factors.length; f++) {
            boolean last = f == factors.length - 1;
            double[] dst = last ? y : w;
            int dstOffset = last ? yOffset : wOffset + (f % 2) * n;
            int d = factors[f].dimension();
            int inner = n / outer / d;
            if (inner == 1) {
                AbstractOperator factor = kernel(factors[f]);
                if (left) {
                    factor.leftRows(src, srcOffset, outer, dst, dstOffset, w, wOffset + buffers);
                } else {
                    factor.rightRows(src, srcOffset, outer, dst, dstOffset, w, wOffset + buffers);
                }
            } else {
                applyMode(left ? rows[f] : cols[f], left ? cols[f] : rows[f], values[f], outer, d * inner, inner,
                        src, srcOffset, dst, dstOffset);
            }
            src = dst;
            srcOffset = dstOffset;
            outer *= d;
        }
    }

    /** dst[l, to, r] = Σ over stored entries of value · src[l, from, r], for l &lt; outer and r &lt; inner. */
    private static void applyMode(int[] from, int[] to, double[] value, int outer, int block, int inner,
                                  double[] src, int srcOffset, double[] dst, int dstOffset) {
        java.util.Arrays.fill(dst, dstOffset, dstOffset + outer * block, 0.0);
        for (int l = 0, base = 0; l < outer; l++, base += block) {
            for (int k = 0; k < value.length; k++) {
                double v = value[k];
                int s = srcOffset + base + from[k] * inner;
                int t = dstOffset + base + to[k] * inner;
                for (int r = 0; r < inner; r++) {
                    dst[t + r] += v * src[s + r];
                }
            }
        }
    }

    @Override
    public void forEachNonZero(EntryVisitor visitor) {
        int count = factors.length;
        for (double[] v : values) {
            if (v.length == 0) {
                return;
            }
        }
        int[] pick = new int[count];
        while (true) {
            int i = 0;
            int j = 0;
            double value = 1.0;
            for (int f = 0; f < count; f++) {
                int d = factors[f].dimension();
                i = i * d + rows[f][pick[f]];
                j = j * d + cols[f][pick[f]];
                value *= values[f][pick[f]];
            }
            if (value != 0.0) {
                visitor.visit(i, j, value);
            }
            int f = count - 1;
            while (f >= 0 && ++pick[f] == values[f].length) {
                pick[f] = 0;
                f--;
            }
            if (f < 0) {
                return;
            }
        }
    }

    /** Non-negative factors give a non-negative product; otherwise the product's entries are visited. */
    @Override
    public boolean isNonNegative() {
        for (Operator f : factors) {
            if (!f.isNonNegative()) {
                return Operator.super.isNonNegative();
            }
        }
        return true;
    }

    @Override
    public long nonZeros() {
        long nz = 1;
        for (Operator f : factors) {
            nz *= f.nonZeros();
        }
        return nz;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("KronOperator(");
        for (int f = 0; f < factors.length; f++) {
            s.append(f == 0 ? "" : " ⊗ ").append(factors[f]);
        }
        return s.append(')').toString();
    }
}
