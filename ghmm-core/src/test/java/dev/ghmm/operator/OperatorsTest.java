package dev.ghmm.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.partition.Partition;
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
    void autoChoosesByDensity() {
        assertTrue(Operators.auto(new double[][] {{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}}) instanceof SparseOperator);
        assertTrue(Operators.auto(new double[][] {{1, 1}, {0, 1}}) instanceof DenseOperator);
    }
}
