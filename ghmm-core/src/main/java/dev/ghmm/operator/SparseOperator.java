package dev.ghmm.operator;

import org.ejml.data.DMatrixSparseCSC;
import org.ejml.sparse.csc.mult.MatrixVectorMult_DSCC;

/**
 * An operator stored as an EJML compressed-sparse-column matrix: one multiply-add per non-zero per
 * application. The row application x·M is a dot product per column, which CSC storage makes contiguous.
 */
public final class SparseOperator extends AbstractOperator implements Operator {
    private final DMatrixSparseCSC m;

    SparseOperator(DMatrixSparseCSC matrix) {
        if (matrix.numRows != matrix.numCols) {
            throw new IllegalArgumentException("matrix is not square: " + matrix.numRows + "×" + matrix.numCols);
        }
        this.m = matrix.copy();
        for (int j = 0; j < m.numCols; j++) {
            for (int k = m.col_idx[j]; k < m.col_idx[j + 1]; k++) {
                double v = m.nz_values[k];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("entry [" + m.nz_rows[k] + "][" + j + "] = " + v + " is not finite");
                }
            }
        }
    }

    @Override
    public Structure structure() {
        return Structure.SPARSE;
    }

    @Override
    public int dimension() {
        return m.numRows;
    }

    @Override
    public int workspaceLength() {
        return 0;
    }

    @Override
    void left(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        MatrixVectorMult_DSCC.mult(x, xOffset, m, y, yOffset);
    }

    @Override
    void right(double[] x, int xOffset, double[] y, int yOffset, double[] w, int wOffset) {
        MatrixVectorMult_DSCC.mult(m, x, xOffset, y, yOffset);
    }

    @Override
    public void forEachNonZero(EntryVisitor visitor) {
        for (int j = 0; j < m.numCols; j++) {
            for (int k = m.col_idx[j]; k < m.col_idx[j + 1]; k++) {
                if (m.nz_values[k] != 0.0) {
                    visitor.visit(m.nz_rows[k], j, m.nz_values[k]);
                }
            }
        }
    }

    @Override
    public double get(int i, int j) {
        return m.get(i, j);
    }

    @Override
    public DMatrixSparseCSC toSparse() {
        return m.copy();
    }

    @Override
    public String toString() {
        return Operator.format(this);
    }
}
