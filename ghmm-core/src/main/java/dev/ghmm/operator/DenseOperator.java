package dev.ghmm.operator;

import org.ejml.data.DMatrixRMaj;

/** An operator stored as a dense row-major EJML matrix: n² multiply-adds per application. */
public final class DenseOperator implements Operator {
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
    public int dimension() {
        return n;
    }

    @Override
    public void leftApply(double[] x, int xOffset, double[] y, int yOffset) {
        java.util.Arrays.fill(y, yOffset, yOffset + n, 0.0);
        for (int i = 0; i < n; i++) {
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
    public void rightApply(double[] x, int xOffset, double[] y, int yOffset) {
        for (int i = 0; i < n; i++) {
            int row = i * n;
            double s = 0.0;
            for (int j = 0; j < n; j++) {
                s += a[row + j] * x[xOffset + j];
            }
            y[yOffset + i] = s;
        }
    }

    /** The batch form with the row loop inside, so small matrices (Kronecker factors) avoid a call per row. */
    @Override
    public void leftApplyRows(double[] x, int xOffset, int rows, double[] y, int yOffset) {
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
        return "DenseOperator(" + n + "×" + n + ")";
    }
}
