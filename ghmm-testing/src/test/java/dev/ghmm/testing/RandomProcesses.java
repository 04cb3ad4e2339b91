package dev.ghmm.testing;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Helpers of example tests: a fixed random invertible matrix for a GHMM by {@linkplain Similarity similarity
 * transform}, matrix differences. Properties draw their processes from {@link ProcessArbitraries} instead, which shrink.
 */
public final class RandomProcesses {
    private RandomProcesses() {
    }

    /** A random well-conditioned invertible matrix: I + E with ‖E‖ small, entries of mixed sign. */
    public static DMatrixRMaj invertible(Random random, int n) {
        DMatrixRMaj p = CommonOps_DDRM.identity(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                p.add(i, j, (2 * random.nextDouble() - 1) * 0.6 / n);
            }
        }
        return p;
    }

    /** max |a − b| over two dense matrices of one shape. */
    public static double maxDifference(DMatrixRMaj a, DMatrixRMaj b) {
        double m = 0;
        for (int i = 0; i < a.getNumElements(); i++) {
            m = Math.max(m, Math.abs(a.get(i) - b.get(i)));
        }
        return m;
    }
}
