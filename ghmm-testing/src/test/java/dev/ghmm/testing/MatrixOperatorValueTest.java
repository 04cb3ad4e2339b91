package dev.ghmm.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import org.junit.jupiter.api.Test;

/** {@link ProcessArbitraries.MatrixOperator} is a value: its matrix is copied in and out and compared by content. */
class MatrixOperatorValueTest {
    @Test
    void theMatrixIsCopiedAndComparedByContent() {
        double[][] m = {{1, 0}, {0.5, 0.5}};
        Operator op = Operators.dense(m);
        ProcessArbitraries.MatrixOperator mo = new ProcessArbitraries.MatrixOperator(m, op);
        m[0][0] = 9;
        mo.matrix()[1][1] = 9;
        assertArrayEquals(new double[][] {{1, 0}, {0.5, 0.5}}, mo.matrix());
        ProcessArbitraries.MatrixOperator same = new ProcessArbitraries.MatrixOperator(new double[][] {{1, 0}, {0.5, 0.5}}, op);
        assertEquals(mo, same);
        assertEquals(mo.hashCode(), same.hashCode());
        assertNotEquals(mo, new ProcessArbitraries.MatrixOperator(new double[][] {{1, 0}, {0.5, 0.25}}, op));
    }
}
