package dev.ghmm.operator;

import java.util.List;

/**
 * The Kronecker product M = M<sub>1</sub> ⊗ M<sub>2</sub> ⊗ … ⊗ M<sub>F</sub> (eq. 2.10, 2.21), applied
 * without materialising it. Indices are lexicographic with the last factor fastest (eq. 2.19): the
 * joint index of (i<sub>1</sub>, …, i<sub>F</sub>) is (…(i<sub>1</sub>d<sub>2</sub> + i<sub>2</sub>)d<sub>3</sub> + …) + i<sub>F</sub>.
 *
 * <p>Application is mode by mode (the shuffle algorithm): for each factor, from the last to the first, the
 * vector is viewed as an (n/d<sub>f</sub>)×d<sub>f</sub> row-major matrix, factor f is applied to each
 * contiguous row, and the result is transposed so that the next factor's index becomes the fastest. With
 * dense factors this costs Σ<sub>f</sub> n·d<sub>f</sub> multiply-adds instead of n².
 */
public final class KronOperator implements Operator {
    private final Operator[] factors;
    private final int n;
    private final Scratch scratch;

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
        this.scratch = new Scratch(n);
    }

    /**
     * The number of factors F.
     *
     * @return the number of factors F
     */
    public int factorCount() {
        return factors.length;
    }

    /**
     * Factor f (0-based).
     *
     * @param f the factor index (0-based)
     * @return factor f (0-based)
     */
    public Operator factor(int f) {
        return factors[f];
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public void leftApply(double[] x, int xOffset, double[] y, int yOffset) {
        apply(true, x, xOffset, y, yOffset);
    }

    @Override
    public void rightApply(double[] x, int xOffset, double[] y, int yOffset) {
        apply(false, x, xOffset, y, yOffset);
    }

    private void apply(boolean left, double[] x, int xOffset, double[] y, int yOffset) {
        double[] w = scratch.get();
        double[] src = x;
        int srcOffset = xOffset;
        for (int f = factors.length - 1; f >= 0; f--) {
            Operator factor = factors[f];
            int d = factor.dimension();
            int m = n / d;
            if (left) {
                factor.leftApplyRows(src, srcOffset, m, w, 0);
            } else {
                factor.rightApplyRows(src, srcOffset, m, w, 0);
            }
            for (int r = 0, at = 0; r < m; r++, at += d) {
                for (int j = 0; j < d; j++) {
                    y[yOffset + j * m + r] = w[at + j];
                }
            }
            src = y;
            srcOffset = yOffset;
        }
    }

    @Override
    public void forEachNonZero(EntryVisitor visitor) {
        int count = factors.length;
        int[][] rows = new int[count][];
        int[][] cols = new int[count][];
        double[][] vals = new double[count][];
        for (int f = 0; f < count; f++) {
            long nz = factors[f].nonZeros();
            int[] r = new int[(int) nz];
            int[] c = new int[(int) nz];
            double[] v = new double[(int) nz];
            int[] k = {0};
            factors[f].forEachNonZero((i, j, value) -> {
                r[k[0]] = i;
                c[k[0]] = j;
                v[k[0]++] = value;
            });
            if (nz == 0) {
                return;
            }
            rows[f] = r;
            cols[f] = c;
            vals[f] = v;
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
                value *= vals[f][pick[f]];
            }
            if (value != 0.0) {
                visitor.visit(i, j, value);
            }
            int f = count - 1;
            while (f >= 0 && ++pick[f] == vals[f].length) {
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
