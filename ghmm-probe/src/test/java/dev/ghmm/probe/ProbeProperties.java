package dev.ghmm.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.ejml.EjmlUnitTests;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.RandomMatrices_DDRM;

/** The laws the probe's pieces rest on. */
class ProbeProperties {

    /**
     * Streaming moments do not depend on how the rows are cut into blocks, and equal the two-pass definition
     * W = Σw, μ = Σwz/W, C = Σw(z − μ)(z − μ)ᵀ (rows of weight 0 count for nothing).
     */
    @Property(tries = 100)
    void momentsOfAnySplitAreTheTwoPassMoments(@ForAll @IntRange(min = 1, max = 40) int rows, @ForAll @IntRange(min = 1, max = 5) int dimension,
                                              @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 40) Integer> cuts, @ForAll long seed) {
        Random r = new Random(seed);
        double[] z = new double[rows * dimension];
        double[] w = new double[rows];
        for (int i = 0; i < z.length; i++) {
            z[i] = 100 + r.nextGaussian();
        }
        for (int i = 0; i < rows; i++) {
            w[i] = r.nextInt(4) == 0 ? 0 : r.nextDouble() * 3;
        }
        w[0] = 1;
        Moments streamed = new Moments(dimension);
        BitSet cut = new BitSet();
        cuts.forEach(c -> cut.set(Math.min(c, rows)));
        cut.set(rows);
        int from = 0;
        for (int to = cut.nextSetBit(1); to >= 0 && to <= rows; to = cut.nextSetBit(to + 1)) {
            streamed.add(java.util.Arrays.copyOfRange(z, from * dimension, to * dimension), java.util.Arrays.copyOfRange(w, from, to), to - from);
            from = to;
        }
        double total = 0;
        double[] mean = new double[dimension];
        for (int i = 0; i < rows; i++) {
            total += w[i];
            for (int j = 0; j < dimension; j++) {
                mean[j] += w[i] * z[i * dimension + j];
            }
        }
        for (int j = 0; j < dimension; j++) {
            mean[j] /= total;
        }
        assertEquals(total, streamed.weight(), 1e-12 * total);
        for (int a = 0; a < dimension; a++) {
            assertEquals(mean[a], streamed.mean(a), 1e-12 * 100);
            for (int b = 0; b < dimension; b++) {
                double c = 0;
                for (int i = 0; i < rows; i++) {
                    c += w[i] * (z[i * dimension + a] - mean[a]) * (z[i * dimension + b] - mean[b]);
                }
                assertEquals(c, streamed.comoment(a, b), 1e-10 * (1 + total));
            }
        }
    }

    /** The shuffled baseline's permutation is a bijection of [0, n) for every n and seed. */
    @Property(tries = 60)
    void sequencePermutationsAreBijections(@ForAll @IntRange(min = 1, max = 3000) int n, @ForAll long seed) {
        SequencePermutation p = new SequencePermutation(n, seed);
        BitSet seen = new BitSet(n);
        for (int i = 0; i < n; i++) {
            long v = p.apply(i);
            assertTrue(v >= 0 && v < n);
            seen.set((int) v);
        }
        assertEquals(n, seen.cardinality());
    }

    /** K⁺ satisfies the four Penrose conditions, for full-rank and rank-deficient K alike. */
    @Property(tries = 60)
    void pseudoInversesSatisfyThePenroseConditions(@ForAll @IntRange(min = 1, max = 6) int rows, @ForAll @IntRange(min = 1, max = 8) int columns,
                                                  @ForAll @IntRange(min = 1, max = 6) int rank, @ForAll long seed) {
        Random r = new Random(seed);
        DMatrixRMaj k = new DMatrixRMaj(rows, columns);
        CommonOps_DDRM.mult(RandomMatrices_DDRM.rectangle(rows, rank, -1, 1, r), RandomMatrices_DDRM.rectangle(rank, columns, -1, 1, r), k);
        DMatrixRMaj p = ActivationSteering.pseudoInverse(k);
        DMatrixRMaj kp = new DMatrixRMaj(rows, rows);
        DMatrixRMaj pk = new DMatrixRMaj(columns, columns);
        CommonOps_DDRM.mult(k, p, kp);
        CommonOps_DDRM.mult(p, k, pk);
        DMatrixRMaj kpk = new DMatrixRMaj(rows, columns);
        DMatrixRMaj pkp = new DMatrixRMaj(columns, rows);
        CommonOps_DDRM.mult(kp, k, kpk);
        CommonOps_DDRM.mult(pk, p, pkp);
        double tolerance = 1e-9 * (1 + CommonOps_DDRM.elementMaxAbs(p) * CommonOps_DDRM.elementMaxAbs(p));
        EjmlUnitTests.assertEquals(k, kpk, tolerance);
        EjmlUnitTests.assertEquals(p, pkp, tolerance);
        EjmlUnitTests.assertEquals(kp, CommonOps_DDRM.transpose(kp, null), tolerance);
        EjmlUnitTests.assertEquals(pk, CommonOps_DDRM.transpose(pk, null), tolerance);
    }

    /**
     * Principal angles lie in [0, π/2], are symmetric in their arguments, and do not change when both subspaces turn by
     * the same rotation.
     */
    @Property(tries = 60)
    void principalAnglesAreSymmetricAndRotationInvariant(@ForAll @IntRange(min = 2, max = 7) int d, @ForAll @IntRange(min = 1, max = 3) int r1,
                                                        @ForAll @IntRange(min = 1, max = 3) int r2, @ForAll long seed) {
        Random r = new Random(seed);
        DMatrixRMaj q1 = Geometry.orthonormalRange(RandomMatrices_DDRM.rectangle(d, Math.min(r1, d), -1, 1, r), 1e-12);
        DMatrixRMaj q2 = Geometry.orthonormalRange(RandomMatrices_DDRM.rectangle(d, Math.min(r2, d), -1, 1, r), 1e-12);
        double[] angles = Geometry.principalAngles(q1, q2);
        assertEquals(Math.min(q1.numCols, q2.numCols), angles.length);
        double[] swapped = Geometry.principalAngles(q2, q1);
        DMatrixRMaj rotation = RandomMatrices_DDRM.orthogonal(d, d, r);
        DMatrixRMaj t1 = new DMatrixRMaj(d, q1.numCols);
        DMatrixRMaj t2 = new DMatrixRMaj(d, q2.numCols);
        CommonOps_DDRM.mult(rotation, q1, t1);
        CommonOps_DDRM.mult(rotation, q2, t2);
        double[] turned = Geometry.principalAngles(t1, t2);
        for (int i = 0; i < angles.length; i++) {
            assertTrue(angles[i] >= 0 && angles[i] <= Math.PI / 2 + 1e-12);
            assertEquals(angles[i], swapped[i], 1e-9);
            assertEquals(angles[i], turned[i], 1e-9);
        }
    }
}
