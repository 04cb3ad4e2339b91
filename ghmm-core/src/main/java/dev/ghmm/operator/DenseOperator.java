package dev.ghmm.operator;

import org.ejml.data.DMatrixRMaj;

/** An operator stored dense, as a row-major copy of an EJML matrix's entries: n² multiply-adds per application. */
public final class DenseOperator extends AbstractOperator implements Operator {
    private final int n;
    private final double[] a;

    DenseOperator(DMatrixRMaj matrix) {
        if (matrix.numRows != matrix.numCols) {
            throw new IllegalArgumentException("matrix is not square: " + matrix.numRows + "×" + matrix.numCols);
        }
        this.n = matrix.numRows;
        this.a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = matrix.unsafe_get(i, j);
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("entry [" + i + "][" + j + "] = " + v + " is not finite");
                }
                a[i * n + j] = v;
            }
        }
    }

    @Override
    public Structure structure() {
        return Structure.DENSE;
    }

    @Override
    public int dimension() {
        return n;
    }

    @Override
    public int workspaceLength() {
        return 0;
    }

    /**
     * y = x·M, four rows of M at a time: each pass over y adds x<sub>i</sub>M<sub>i·</sub> + … +
     * x<sub>i+3</sub>M<sub>i+3,·</sub>, so y is loaded and stored once per four multiply-adds rather than once per
     * one (twice as fast for S ≥ 27 on the machines of docs/performance.md). Rows whose x entries are all 0 are
     * skipped, which sparse beliefs (synchronised observers) make common.
     */
    @Override
    void left(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        java.util.Arrays.fill(y, yOffset, yOffset + n, 0.0);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            double x0 = x[xOffset + i];
            double x1 = x[xOffset + i + 1];
            double x2 = x[xOffset + i + 2];
            double x3 = x[xOffset + i + 3];
            if (x0 == 0.0 && x1 == 0.0 && x2 == 0.0 && x3 == 0.0) {
                continue;
            }
            int r0 = i * n;
            int r1 = r0 + n;
            int r2 = r1 + n;
            int r3 = r2 + n;
            for (int j = 0; j < n; j++) {
                y[yOffset + j] += x0 * a[r0 + j] + x1 * a[r1 + j] + x2 * a[r2 + j] + x3 * a[r3 + j];
            }
        }
        for (; i < n; i++) {
            double xi = x[xOffset + i];
            if (xi == 0.0) {
                continue;
            }
            int row = i * n;
            for (int j = 0; j < n; j++) {
                y[yOffset + j] += xi * a[row + j];
            }
        }
    }

    @Override
    void right(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += a[row + j] * x[xOffset + j];
            }
            y[yOffset + i] = s;
        }
    }

    /** The batch form: {@link #left} on each row, for large M; a plain loop for M smaller than 4×4. */
    @Override
    void leftRows(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] w, int wOffset) {
        if (n >= 4) {
            super.leftRows(x, xOffset, rows, y, yOffset, w, wOffset);
            return;
        }
        java.util.Arrays.fill(y, yOffset, yOffset + rows * n, 0.0);
        for (int r = 0, at = 0; r < rows; r++, at += n) {
            for (int i = 0; i < n; i++) {
                double xi = x[xOffset + at + i];
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    y[yOffset + at + j] += xi * a[row + j];
                }
            }
        }
    }

    @Override
    public void forEachNonZero(EntryVisitor visitor) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = a[i * n + j];
                if (v != 0.0) {
                    visitor.visit(i, j, v);
                }
            }
        }
    }

    @Override
    public double get(int i, int j) {
        return a[i * n + j];
    }

    @Override
    public DMatrixRMaj toDense() {
        return new DMatrixRMaj(n, n, true, a);
    }

    @Override
    public String toString() {
        return Operator.format(this);
    }
}
