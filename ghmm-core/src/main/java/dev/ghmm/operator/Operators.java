package dev.ghmm.operator;

import dev.ghmm.Checks;
import dev.ghmm.partition.Partition;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.ops.DConvertMatrixStruct;
import org.ejml.sparse.csc.CommonOps_DSCC;

/**
 * Factory methods for every {@link Operator}: the one place operators are built. Inputs are copied and
 * validated (square, finite) before anything is returned.
 */
public final class Operators {
    /** Below this fraction of non-zeros {@link #auto} stores a matrix sparse. */
    public static final double SPARSE_DENSITY = 0.25;

    private Operators() {
    }

    /**
     * A dense operator holding a copy of {@code matrix}; throws unless it is square and finite.
     *
     * @param matrix the matrix, square
     * @return a dense operator holding a copy of {@code matrix}; throws unless it is square and finite
     */
    public static DenseOperator dense(double[][] matrix) {
        Checks.requireSquareFinite("matrix", matrix);
        return new DenseOperator(new DMatrixRMaj(matrix));
    }

    /**
     * A dense operator holding a copy of {@code matrix}; throws unless it is square and finite.
     *
     * @param matrix the matrix, square
     * @return a dense operator holding a copy of {@code matrix}; throws unless it is square and finite
     */
    public static DenseOperator dense(DMatrixRMaj matrix) {
        return new DenseOperator(matrix);
    }

    /**
     * A sparse operator holding a copy of {@code matrix}; throws unless it is square and finite.
     *
     * @param matrix the matrix, square
     * @return a sparse operator holding a copy of {@code matrix}; throws unless it is square and finite
     */
    public static SparseOperator sparse(DMatrixSparseCSC matrix) {
        return new SparseOperator(matrix);
    }

    /**
     * A sparse operator holding the non-zeros of {@code matrix}; throws unless it is square and finite.
     *
     * @param matrix the matrix, square
     * @return a sparse operator holding the non-zeros of {@code matrix}; throws unless it is square and finite
     */
    public static SparseOperator sparse(double[][] matrix) {
        Checks.requireSquareFinite("matrix", matrix);
        return new SparseOperator(DConvertMatrixStruct.convert(new DMatrixRMaj(matrix), (DMatrixSparseCSC) null, 0.0));
    }

    /**
     * A dense or sparse operator for {@code matrix}, sparse when fewer than {@link #SPARSE_DENSITY} of its
     * entries are non-zero.
     *
     * @param matrix the matrix, square
     * @return a dense or sparse operator for {@code matrix}, sparse when fewer than {@link #SPARSE_DENSITY} of its entries are non-zero
     */
    public static Operator auto(double[][] matrix) {
        int n = Checks.requireSquareFinite("matrix", matrix);
        long nz = Arrays.stream(matrix).flatMapToDouble(Arrays::stream).filter(v -> v != 0.0).count();
        return nz < SPARSE_DENSITY * n * n ? sparse(matrix) : dense(matrix);
    }

    /**
     * The Kronecker product M<sub>1</sub> ⊗ … ⊗ M<sub>F</sub>, applied without materialising (eq. 2.10).
     *
     * @param factors the factors, in order
     * @return the Kronecker product M<sub>1</sub> ⊗ … ⊗ M<sub>F</sub>, applied without materialising (eq. 2.10)
     */
    public static KronOperator kron(Operator... factors) {
        return new KronOperator(List.of(factors));
    }

    /**
     * The Kronecker product of a list of factors.
     *
     * @param factors the factors, in order
     * @return the Kronecker product of a list of factors
     */
    public static KronOperator kron(List<? extends Operator> factors) {
        return new KronOperator(factors);
    }

    /**
     * The sum M<sub>1</sub> + … + M<sub>k</sub> (eq. 2.1 for the net operator).
     *
     * @param terms the terms
     * @return the sum M<sub>1</sub> + … + M<sub>k</sub> (eq. 2.1 for the net operator)
     */
    public static SumOperator sum(List<? extends Operator> terms) {
        return new SumOperator(terms);
    }

    /**
     * The sum M<sub>1</sub> + … + M<sub>k</sub>.
     *
     * @param terms the terms
     * @return the sum M<sub>1</sub> + … + M<sub>k</sub>
     */
    public static SumOperator sum(Operator... terms) {
        return new SumOperator(List.of(terms));
    }

    /**
     * The block-diagonal operator with {@code blocks[s]} on sector s of {@code partition} (eq. 2.14).
     *
     * @throws IllegalArgumentException if the block count or a block's dimension does not match
     * @param partition the partition
     * @param blocks the blocks, one per sector
     * @return the block-diagonal operator with {@code blocks[s]} on sector s of {@code partition} (eq. 2.14)
     */
    public static BlockDiagonalOperator blockDiagonal(Partition partition, Operator... blocks) {
        return new BlockDiagonalOperator(partition, blocks);
    }

    /**
     * The n×n identity, stored sparse.
     *
     * @param n the dimension n
     * @return the n×n identity, stored sparse
     */
    public static SparseOperator identity(int n) {
        return new SparseOperator(CommonOps_DSCC.identity(n));
    }

    /**
     * The n×n zero matrix, stored sparse with no entries: the block of a symbol that a component of a direct
     * sum cannot emit.
     *
     * @param n the dimension n
     * @return the n×n zero matrix
     */
    public static SparseOperator zero(int n) {
        return new SparseOperator(new DMatrixSparseCSC(n, n, 0));
    }

    /**
     * c·M, materialised: sparse if M is sparse, dense otherwise.
     *
     * @param m the operator M
     * @param c the finite factor c
     * @return c·M as a new sparse or dense operator
     */
    public static Operator scale(Operator m, double c) {
        if (!Double.isFinite(c)) {
            throw new IllegalArgumentException("scale factor " + c + " is not finite");
        }
        if (m instanceof SparseOperator) {
            DMatrixSparseCSC s = m.toSparse();
            CommonOps_DSCC.scale(c, s, s);
            return new SparseOperator(s);
        }
        DMatrixRMaj d = m.toDense();
        CommonOps_DDRM.scale(c, d);
        return new DenseOperator(d);
    }
}
