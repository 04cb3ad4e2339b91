package dev.ghmm.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.partition.Partition;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorsTest {

    @Test
    void kronOfTwoByTwoByHand() {
        // [[1,2],[3,4]] ⊗ [[0,1],[1,0]] = [[0,1,0,2],[1,0,2,0],[0,3,0,4],[3,0,4,0]]
        Operator k = Operators.kron(Operators.dense(new double[][] {{1, 2}, {3, 4}}), Operators.sparse(new double[][] {{0, 1}, {1, 0}}));
        double[] x = {1, 10, 100, 1000};
        // x·K: column j of K dotted with x
        assertArrayEquals(new double[] {3010, 301, 4020, 402}, k.leftApply(x), 0);
        // K·x
        assertArrayEquals(new double[] {2010, 201, 4030, 403}, k.rightApply(x), 0);
        assertEquals(8, k.nonZeros());
        assertEquals(4.0, k.get(2, 3));
    }

    @Test
    void structureNamesEachImplementationOfTheClosedSet() {
        assertEquals(Set.of(DenseOperator.class, SparseOperator.class, KronOperator.class, BlockDiagonalOperator.class, SumOperator.class),
                Set.of(Operator.class.getPermittedSubclasses()));
        Operator one = Operators.identity(1);
        assertEquals(Operator.Structure.DENSE, Operators.dense(new double[][] {{1}}).structure());
        assertEquals(Operator.Structure.SPARSE, one.structure());
        assertEquals(Operator.Structure.KRONECKER, Operators.kron(one).structure());
        assertEquals(Operator.Structure.BLOCK_DIAGONAL, Operators.blockDiagonal(Partition.trivial(1), one).structure());
        assertEquals(Operator.Structure.SUM, Operators.sum(one).structure());
    }

    @Test
    void applyChecksItsArgumentsOnceAtTheEntry() {
        Operator m = Operators.dense(new double[][] {{1, 2, 0}, {0, 1, 0}, {0, 0, 1}});
        assertMessage(() -> m.leftApply(new double[2], 0, new double[3], 0, null), "x has length 2, too short for 3 values from offset 0");
        assertMessage(() -> m.rightApply(new double[3], 0, new double[4], 2, null), "y has length 4, too short for 3 values from offset 2");
        assertMessage(() -> m.leftApply(new double[3], -1, new double[3], 0, null), "x offset -1 is negative");
        assertMessage(() -> m.leftApplyRows(new double[5], 0, 2, new double[6], 0, null), "x has length 5, too short for 6 values from offset 0");
        assertMessage(() -> m.rightApplyRows(new double[3], 0, -1, new double[3], 0, null), "rows = -1 is negative");
        // aliasing: y = x·M written over x would read entries it has already overwritten
        double[] b = {1, 1, 1, 0};
        assertMessage(() -> m.leftApply(b, 0, b, 1, null), "x and y are the same array with overlapping ranges [0, 3) and [1, 4)");
        assertArrayEquals(new double[] {1, 1, 1, 0}, b, 0);
        // one array holding x and y side by side is fine: (1, 1, 1)·M = (1, 3, 1)
        double[] both = {1, 1, 1, 0, 0, 0};
        m.leftApply(both, 0, both, 3, null);
        assertArrayEquals(new double[] {1, 1, 1, 1, 3, 1}, both, 0);
        // a product of two 3×3 factors needs one intermediate vector of n = 9
        Operator k = Operators.kron(m, m);
        assertEquals(9, k.workspaceLength());
        assertEquals(0, m.workspaceLength());
        assertMessage(() -> k.leftApply(new double[9], 0, new double[9], 0, null), "workspace is null but workspaceLength() is 9");
        assertMessage(() -> k.leftApply(new double[9], 0, new double[9], 0, new double[8]), "workspace has length 8 but workspaceLength() is 9");
        double[] shared = new double[18];
        assertMessage(() -> k.leftApply(shared, 0, new double[9], 0, shared), "workspace [0, 9) overlaps x [0, 9)");
        assertMessage(() -> k.rightApply(new double[9], 0, shared, 5, shared), "workspace [0, 9) overlaps y [5, 14)");
        k.leftApply(shared, 9, new double[9], 0, shared);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }

    @Test
    void rejectsBadMatrices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Operators.dense(new double[][] {{1, 2}, {3}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Operators.sparse(new double[][] {{1, Double.NaN}, {0, 1}}));
        assertTrue(e.getMessage().contains("[0][1] = NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Operators.dense(new double[0][]));
        e = assertThrows(IllegalArgumentException.class, () -> Operators.sum(Operators.identity(2), Operators.identity(3)));
        assertTrue(e.getMessage().contains("term 1 has dimension 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Operators.blockDiagonal(Partition.contiguous(1, 2), Operators.identity(1), Operators.identity(1)));
        assertTrue(e.getMessage().contains("block 1 has dimension 1"), e.getMessage());
    }

    @Test
    void optimiseFollowsTheCostModel() {
        Operator permutation = Operators.sparse(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}});
        Operator full = Operators.dense(new double[][] {{0.5, 0.25, 0.25}, {0.25, 0.5, 0.25}, {0.25, 0.25, 0.5}});
        // 4 permutation factors: nnz = 81 = n, so sparse costs 1.0·(81 + 81) = 162 < Kronecker 0.7·4·27·6 = 454 < dense 2624
        assertTrue(Operators.optimise(Operators.kron(permutation, permutation, permutation, permutation)) instanceof SparseOperator);
        // 4 dense factors: Kronecker 0.7·4·27·12 = 907 < dense 2624 < sparse 6642
        Operator structured = Operators.optimise(Operators.kron(full, full, full, full));
        assertTrue(structured instanceof KronOperator, structured.toString());
        // 2 dense factors: dense 0.4·81 = 32 < Kronecker 0.7·2·3·12 = 50.4 < sparse 90
        assertTrue(Operators.optimise(Operators.kron(full, full)) instanceof DenseOperator);
        // a 3×3 permutation stored dense: dense 0.4·9 = 3.6 < sparse 1.0·(3 + 3) = 6
        assertTrue(Operators.optimise(Operators.dense(permutation.toDense())) instanceof DenseOperator);
        double[][] diagonal = new double[40][40];
        for (int i = 0; i < 40; i++) {
            diagonal[i][i] = 1;
        }
        // sparse 80 < dense 640
        assertTrue(Operators.optimise(Operators.dense(diagonal)) instanceof SparseOperator);
        // eight dense 8×8 blocks: 8·25.6 + 64 = 269 < dense 1638 and < sparse 576
        Operator[] blocks = new Operator[8];
        int[] sizes = new int[8];
        for (int b = 0; b < 8; b++) {
            blocks[b] = Operators.dense(uniform(8));
            sizes[b] = 8;
        }
        assertTrue(Operators.optimise(Operators.blockDiagonal(Partition.contiguous(sizes), blocks)) instanceof BlockDiagonalOperator);
    }

    private static double[][] uniform(int n) {
        double[][] m = new double[n][n];
        for (double[] row : m) {
            java.util.Arrays.fill(row, 1.0 / n);
        }
        return m;
    }

    @Test
    void autoChoosesByDensity() {
        assertTrue(Operators.auto(new double[][] {{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}}) instanceof SparseOperator);
        assertTrue(Operators.auto(new double[][] {{1, 1}, {0, 1}}) instanceof DenseOperator);
    }
}
