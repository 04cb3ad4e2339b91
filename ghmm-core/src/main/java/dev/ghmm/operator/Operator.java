package dev.ghmm.operator;

import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.ops.DConvertMatrixStruct;

/**
 * A square linear operator M of dimension n, such as a transfer matrix T(x) or the net operator T
 * (eq. 2.1). Beliefs are row vectors, so the main product is the row application y = x·M; the column
 * application y = M·x serves |1⟩⟩.
 *
 * <p>Implementations are immutable and thread-safe. The apply methods that take a workspace allocate
 * nothing: the caller owns both vectors and a workspace of {@link #workspaceLength()} doubles (EJML style;
 * nothing is kept per thread). They check their arguments once, in O(1): the ranges of x and y lie in their
 * arrays, x and y do not overlap, the workspace is long enough and overlaps neither; each failure is an
 * {@link IllegalArgumentException} naming the argument and the numbers.
 *
 * <p>The world is closed: dense, sparse, Kronecker, block-diagonal and sum operators are all there is,
 * {@link #structure()} says which one an operator is, and {@link Operators} builds them.
 */
public sealed interface Operator permits DenseOperator, SparseOperator, KronOperator, BlockDiagonalOperator, SumOperator {

    /** The storage or structure of an operator: one constant per implementation, for exhaustive switches. */
    enum Structure {
        /** A {@link DenseOperator}. */
        DENSE,
        /** A {@link SparseOperator}. */
        SPARSE,
        /** A {@link KronOperator}. */
        KRONECKER,
        /** A {@link BlockDiagonalOperator}. */
        BLOCK_DIAGONAL,
        /** A {@link SumOperator}. */
        SUM
    }

    /**
     * Which implementation this is.
     *
     * @return the structure of this operator
     */
    Structure structure();

    /** {@return the dimension n: the operator is n×n} */
    int dimension();

    /**
     * The number of doubles of workspace the apply methods with a {@code workspace} argument need: 0 for dense and
     * sparse operators; for structured ones their intermediate vectors plus what their factors, blocks or
     * terms need.
     *
     * @return the workspace length, ≥ 0
     */
    int workspaceLength();

    /**
     * Row application y = x·M, that is y<sub>j</sub> = Σ<sub>i</sub> x<sub>i</sub> M<sub>ij</sub>. Allocates nothing.
     *
     * @param x         (Input) row vector, read from {@code x[xOffset .. xOffset+n)}
     * @param xOffset   first index of x
     * @param y         (Output) written to {@code y[yOffset .. yOffset+n)}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles, overlapping neither x nor y;
     *                  may be null when that is 0
     * @throws IllegalArgumentException if a range does not fit its array, x and y overlap, or the workspace
     *                                  is too short or overlaps x or y
     */
    void leftApply(double[] x, int xOffset, double[] y, int yOffset, double[] workspace);

    /**
     * Column application y = M·x, that is y<sub>i</sub> = Σ<sub>j</sub> M<sub>ij</sub> x<sub>j</sub>. Allocates nothing.
     *
     * @param x         (Input) column vector, read from {@code x[xOffset .. xOffset+n)}
     * @param xOffset   first index of x
     * @param y         (Output) written to {@code y[yOffset .. yOffset+n)}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles, overlapping neither x nor y;
     *                  may be null when that is 0
     * @throws IllegalArgumentException if a range does not fit its array, x and y overlap, or the workspace
     *                                  is too short or overlaps x or y
     */
    void rightApply(double[] x, int xOffset, double[] y, int yOffset, double[] workspace);

    /**
     * Row application to a batch: for r = 0 … rows−1, the row vector at {@code x[xOffset + r·n ..]} times M
     * is written to {@code y[yOffset + r·n ..]}. Kronecker application and batched belief updates use this.
     * Allocates nothing.
     *
     * @param x         (Input) the rows·n values of the batch, from {@code xOffset}
     * @param xOffset   first index of x
     * @param rows      how many vectors the batch holds, ≥ 0
     * @param y         (Output) the rows·n results, from {@code yOffset}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles, overlapping neither x nor y;
     *                  may be null when that is 0
     * @throws IllegalArgumentException if rows &lt; 0, a range does not fit its array, x and y overlap, or
     *                                  the workspace is too short or overlaps x or y
     */
    void leftApplyRows(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] workspace);

    /**
     * Column application to a batch: as {@link #leftApplyRows} with y = M·x for each of the vectors.
     *
     * @param x         (Input) the rows·n values of the batch, from {@code xOffset}
     * @param xOffset   first index of x
     * @param rows      how many vectors the batch holds, ≥ 0
     * @param y         (Output) the rows·n results, from {@code yOffset}; must not overlap x
     * @param yOffset   first index of y
     * @param workspace (Workspace) at least {@link #workspaceLength()} doubles, overlapping neither x nor y;
     *                  may be null when that is 0
     * @throws IllegalArgumentException if rows &lt; 0, a range does not fit its array, x and y overlap, or
     *                                  the workspace is too short or overlaps x or y
     */
    void rightApplyRows(double[] x, int xOffset, int rows, double[] y, int yOffset, double[] workspace);

    /**
     * Visits every stored entry (i, j, M<sub>ij</sub>) with M<sub>ij</sub> ≠ 0, in no particular order.
     * This is how operators are materialised and how partition checks see them.
     *
     * @param visitor called once per stored non-zero entry
     */
    void forEachNonZero(EntryVisitor visitor);

    /**
     * y = x·M for vectors starting at index 0. Allocates a workspace of {@link #workspaceLength()} doubles
     * per call when that is not 0; loops should hold one and call
     * {@link #leftApply(double[], int, double[], int, double[])}.
     *
     * @param x (Input) the vector x
     * @param y (Output) the vector y; must not be x
     */
    default void leftApply(double[] x, double[] y) {
        leftApply(x, 0, y, 0, newWorkspace());
    }

    /**
     * y = M·x for vectors starting at index 0. Allocates a workspace of {@link #workspaceLength()} doubles
     * per call when that is not 0; loops should hold one and call
     * {@link #rightApply(double[], int, double[], int, double[])}.
     *
     * @param x (Input) the vector x
     * @param y (Output) the vector y; must not be x
     */
    default void rightApply(double[] x, double[] y) {
        rightApply(x, 0, y, 0, newWorkspace());
    }

    /**
     * Returns x·M in a new array (a convenience over {@link #leftApply(double[], double[])}, which may
     * allocate a workspace too).
     *
     * @param x (Input) the vector x
     * @return x·M in a new array
     */
    default double[] leftApply(double[] x) {
        double[] y = new double[dimension()];
        leftApply(x, y);
        return y;
    }

    /**
     * Returns M·x in a new array (a convenience over {@link #rightApply(double[], double[])}, which may
     * allocate a workspace too).
     *
     * @param x (Input) the vector x
     * @return M·x in a new array
     */
    default double[] rightApply(double[] x) {
        double[] y = new double[dimension()];
        rightApply(x, y);
        return y;
    }

    private double[] newWorkspace() {
        int length = workspaceLength();
        return length == 0 ? null : new double[length];
    }

    /** {@return the number of entries {@link #forEachNonZero} visits} */
    default long nonZeros() {
        long[] count = {0};
        forEachNonZero((i, j, v) -> count[0]++);
        return count[0];
    }

    /**
     * {@return whether every entry of M is ≥ 0} The default visits every stored entry; structured operators decide
     * from their parts where that is cheaper.
     */
    default boolean isNonNegative() {
        boolean[] negative = {false};
        forEachNonZero((i, j, v) -> negative[0] |= v < 0);
        return !negative[0];
    }

    /**
     * Materialises M as a new dense n×n matrix.
     *
     * @return a new dense n×n matrix equal to M
     */
    default DMatrixRMaj toDense() {
        DMatrixRMaj m = new DMatrixRMaj(dimension(), dimension());
        forEachNonZero((i, j, v) -> m.unsafe_set(i, j, v));
        return m;
    }

    /**
     * Materialises M as a new {@code double[n][n]}, row by row: the route out of ghmm for plain Java (into it:
     * {@link Operators#dense(double[][])}).
     *
     * @return a new array equal to M
     */
    default double[][] toArray() {
        double[][] m = new double[dimension()][dimension()];
        forEachNonZero((i, j, v) -> m[i][j] = v);
        return m;
    }

    /**
     * The matrix as text, one row a line, for n ≤ 8 (what JShell shows); larger operators print their kind and size
     * only.
     *
     * @param m the operator
     * @return the text
     */
    static String format(Operator m) {
        int n = m.dimension();
        StringBuilder s = new StringBuilder(m.structure().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'))
                .append(' ').append(n).append('×').append(n);
        if (n <= 8) {
            for (double[] row : m.toArray()) {
                s.append("\n  ").append(java.util.Arrays.toString(row));
            }
        }
        return s.toString();
    }

    /**
     * Materialises M as a new compressed-sparse-column matrix holding only its non-zero entries.
     *
     * @return a new compressed-sparse-column matrix equal to M
     */
    default DMatrixSparseCSC toSparse() {
        long nz = nonZeros();
        if (nz > Integer.MAX_VALUE) {
            throw new IllegalStateException("operator has " + nz + " non-zeros, more than a CSC matrix holds");
        }
        DMatrixSparseTriplet triplet = new DMatrixSparseTriplet(dimension(), dimension(), (int) nz);
        forEachNonZero(triplet::addItem);
        return DConvertMatrixStruct.convert(triplet, (DMatrixSparseCSC) null);
    }

    /**
     * {@return the entry M<sub>ij</sub>, found by a scan of the non-zeros: O(nnz), for tests and reports}
     *
     * @param i the row
     * @param j the column
     */
    default double get(int i, int j) {
        double[] found = {0};
        forEachNonZero((r, c, v) -> {
            if (r == i && c == j) {
                found[0] = v;
            }
        });
        return found[0];
    }

    /** Callback of {@link #forEachNonZero}. */
    @FunctionalInterface
    interface EntryVisitor {
        /**
         * Called with row i, column j and the value M<sub>ij</sub>.
         *
         * @param i the row
         * @param j the column
         * @param value T(x)<sub>ij</sub>
         */
        void visit(int i, int j, double value);
    }
}
