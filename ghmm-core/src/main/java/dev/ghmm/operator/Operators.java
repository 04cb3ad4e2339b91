package dev.ghmm.operator;

import dev.ghmm.internal.Checks;
import dev.ghmm.partition.Partition;
import java.util.ArrayList;
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

    /*
     * The cost model of optimise, in ns per row application x·M, fitted to OperatorBench on a 2-core x86-64
     * (docs/performance.md): dense 0.4 per entry; sparse (CSC) 1.0 per stored entry and per column; Kronecker
     * 0.7 per stored factor entry or factor row, per copy (n / d_f copies of factor f).
     */
    private static final double DENSE_COST = 0.4;
    private static final double SPARSE_COST = 1.0;
    private static final double KRON_COST = 0.7;
    /** Materialising a structured operator is considered only up to these sizes (about 32 MiB dense, 64 MiB sparse). */
    private static final long MAX_DENSE_ENTRIES = 1L << 22;
    private static final long MAX_SPARSE_ENTRIES = 1L << 22;

    private Operators() {
    }

    /**
     * {@return a dense operator holding a copy of {@code matrix}; throws unless it is square and finite}
     *
     * @param matrix the matrix, square
     */
    public static DenseOperator dense(double[][] matrix) {
        Checks.requireSquareFinite("matrix", matrix);
        return new DenseOperator(new DMatrixRMaj(matrix));
    }

    /**
     * {@return a dense operator holding a copy of {@code matrix}; throws unless it is square and finite}
     *
     * @param matrix the matrix, square
     */
    public static DenseOperator dense(DMatrixRMaj matrix) {
        return new DenseOperator(matrix);
    }

    /**
     * {@return a sparse operator holding a copy of {@code matrix}; throws unless it is square and finite}
     *
     * @param matrix the matrix, square
     */
    public static SparseOperator sparse(DMatrixSparseCSC matrix) {
        return new SparseOperator(matrix);
    }

    /**
     * {@return a sparse operator holding the non-zeros of {@code matrix}; throws unless it is square and finite}
     *
     * @param matrix the matrix, square
     */
    public static SparseOperator sparse(double[][] matrix) {
        Checks.requireSquareFinite("matrix", matrix);
        return new SparseOperator(DConvertMatrixStruct.convert(new DMatrixRMaj(matrix), (DMatrixSparseCSC) null, 0.0));
    }

    /**
     * {@return a dense or sparse operator for {@code matrix}, sparse when fewer than {@link #SPARSE_DENSITY} of
     * its entries are non-zero}
     *
     * @param matrix the matrix, square
     */
    public static Operator auto(double[][] matrix) {
        int n = Checks.requireSquareFinite("matrix", matrix);
        long nz = Arrays.stream(matrix).flatMapToDouble(Arrays::stream).filter(v -> v != 0.0).count();
        return nz < SPARSE_DENSITY * n * n ? sparse(matrix) : dense(matrix);
    }

    /**
     * The representation of M that a cost model predicts to apply fastest: dense, sparse, or M's own structure
     * with every factor, block or term optimised in turn. The model (ns per row application, fitted to the
     * OperatorBench results of docs/performance.md) is 0.4·n² for dense, 1.0·(nnz + n) for sparse, and for a
     * Kronecker product 0.7·Σ<sub>f</sub> (n/d<sub>f</sub>)(nnz(M<sub>f</sub>) + d<sub>f</sub>); block-diagonal
     * operators and sums cost their parts. So a product of permutation-like factors is materialised sparse (its
     * nnz is n), a product of dense factors stays structured, and a matrix with few non-zeros is stored sparse.
     * A structured operator is materialised only up to 2<sup>22</sup> entries (dense n², or sparse nnz).
     *
     * @param m the operator
     * @return an operator equal to M, possibly M itself
     */
    public static Operator optimise(Operator m) {
        return choose(m).op();
    }

    private record Choice(Operator op, double cost) {
    }

    private static Choice choose(Operator m) {
        int n = m.dimension();
        // no default: a new Structure constant does not compile until it is handled here
        Choice structured = switch (m.structure()) {
            case DENSE, SPARSE -> null;
            case KRONECKER -> {
                KronOperator k = (KronOperator) m;
                List<Operator> factors = new ArrayList<>();
                double cost = 0;
                for (int f = 0; f < k.factorCount(); f++) {
                    Operator factor = choose(k.factor(f)).op();
                    int d = factor.dimension();
                    factors.add(factor);
                    cost += KRON_COST * ((double) n / d) * (factor.nonZeros() + d);
                }
                yield new Choice(kron(factors), cost);
            }
            case BLOCK_DIAGONAL -> {
                BlockDiagonalOperator b = (BlockDiagonalOperator) m;
                Operator[] blocks = new Operator[b.partition().sectorCount()];
                double cost = n;
                for (int s = 0; s < blocks.length; s++) {
                    Choice c = choose(b.block(s));
                    blocks[s] = c.op();
                    cost += c.cost();
                }
                yield new Choice(blockDiagonal(b.partition(), blocks), cost);
            }
            case SUM -> {
                SumOperator sum = (SumOperator) m;
                List<Operator> terms = new ArrayList<>();
                double cost = n;
                for (int t = 0; t < sum.termCount(); t++) {
                    Choice c = choose(sum.term(t));
                    terms.add(c.op());
                    cost += c.cost() + n;
                }
                yield new Choice(sum(terms), cost);
            }
        };
        double nnz = m.nonZeros();
        boolean dense = m.structure() == Operator.Structure.DENSE;
        boolean sparse = m.structure() == Operator.Structure.SPARSE;
        boolean denseAllowed = dense || (double) n * n <= MAX_DENSE_ENTRIES;
        boolean sparseAllowed = sparse || nnz <= MAX_SPARSE_ENTRIES;
        double denseCost = denseAllowed ? DENSE_COST * n * n : Double.POSITIVE_INFINITY;
        double sparseCost = sparseAllowed ? SPARSE_COST * (nnz + n) : Double.POSITIVE_INFINITY;
        if (structured != null && structured.cost() <= Math.min(denseCost, sparseCost)) {
            return structured;
        }
        if (denseCost <= sparseCost && denseCost < Double.POSITIVE_INFINITY) {
            return new Choice(dense ? m : new DenseOperator(m.toDense()), denseCost);
        }
        if (sparseCost < Double.POSITIVE_INFINITY) {
            return new Choice(sparse ? m : new SparseOperator(m.toSparse()), sparseCost);
        }
        return structured != null ? structured : new Choice(m, Double.POSITIVE_INFINITY);
    }

    /**
     * {@return the Kronecker product M<sub>1</sub> ⊗ … ⊗ M<sub>F</sub>, applied without materialising (eq. 2.10)}
     *
     * @param factors the factors, in order
     */
    public static KronOperator kron(Operator... factors) {
        return new KronOperator(List.of(factors));
    }

    /**
     * {@return the Kronecker product of a list of factors}
     *
     * @param factors the factors, in order
     */
    public static KronOperator kron(List<? extends Operator> factors) {
        return new KronOperator(factors);
    }

    /**
     * {@return the sum M<sub>1</sub> + … + M<sub>k</sub> (eq. 2.1 for the net operator)}
     *
     * @param terms the terms
     */
    public static SumOperator sum(List<? extends Operator> terms) {
        return new SumOperator(terms);
    }

    /**
     * {@return the sum M<sub>1</sub> + … + M<sub>k</sub>}
     *
     * @param terms the terms
     */
    public static SumOperator sum(Operator... terms) {
        return new SumOperator(List.of(terms));
    }

    /**
     * {@return the block-diagonal operator with {@code blocks[s]} on sector s of {@code partition} (eq. 2.14)}
     *
     * @throws IllegalArgumentException if the block count or a block's dimension does not match
     * @param partition the partition
     * @param blocks the blocks, one per sector
     */
    public static BlockDiagonalOperator blockDiagonal(Partition partition, Operator... blocks) {
        return new BlockDiagonalOperator(partition, blocks);
    }

    /**
     * {@return the n×n identity, stored sparse}
     *
     * @param n the dimension n
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
        return switch (m.structure()) {
            case SPARSE -> {
                DMatrixSparseCSC s = m.toSparse();
                CommonOps_DSCC.scale(c, s, s);
                yield new SparseOperator(s);
            }
            case DENSE, KRONECKER, BLOCK_DIAGONAL, SUM -> {
                DMatrixRMaj d = m.toDense();
                CommonOps_DDRM.scale(c, d);
                yield new DenseOperator(d);
            }
        };
    }
}
