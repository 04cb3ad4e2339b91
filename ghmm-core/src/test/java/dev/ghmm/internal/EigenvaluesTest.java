package dev.ghmm.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class EigenvaluesTest {

    @Test
    void theEigenvaluesOfASymmetricMatrixComeLargestFirstAndLeaveItUnchanged() {
        // [[2, 1], [1, 2]] has eigenvectors (1, 1) and (1, −1) with eigenvalues 3 and 1
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, Eigenvalues.symmetric(a, "a"), 1e-14);
        assertArrayEquals(new double[] {2, 1, 1, 2}, a.getData(), 0.0);
        // a block diagonal: [[0, 0, 0], [0, 4, −2], [0, −2, 1]] has eigenvalues 0 (e₀), 5 (0, 2, −1)/√5 and 0 (0, 1, 2)/√5
        DMatrixRMaj b = new DMatrixRMaj(new double[][] {{0, 0, 0}, {0, 4, -2}, {0, -2, 1}});
        double[] values = Eigenvalues.symmetric(b, "b");
        assertEquals(5.0, values[0], 1e-14);
        assertEquals(0.0, values[1], 1e-14);
        assertEquals(0.0, values[2], 1e-14);
        // −diag(1, 3, 2): a negative spectrum, sorted
        assertArrayEquals(new double[] {-1, -2, -3}, Eigenvalues.symmetric(new DMatrixRMaj(new double[][] {{-1, 0, 0}, {0, -3, 0}, {0, 0, -2}}), "c"), 1e-14);
    }
}
