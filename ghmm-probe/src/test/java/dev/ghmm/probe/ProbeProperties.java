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

    /**
     * Projected regression on random weighted rows and a random orthonormal frame Q of ℝ<sup>d</sup>: the training R²(k)
     * never falls as k grows (a larger subspace can only fit better), R²(d) is the least squares on all of x
     * (1 − Σ<sub>j</sub>(C<sub>yy</sub> − C<sub>yx</sub>C<sub>xx</sub>⁻¹C<sub>xy</sub>)<sub>jj</sub> / ΣC<sub>yy,jj</sub>), and R²(k) depends on the
     * span of the first k directions only (a rotation within it changes nothing).
     */
    @Property(tries = 60)
    void projectedR2GrowsWithTheSubspaceAndDependsOnItsSpanOnly(@ForAll @IntRange(min = 2, max = 5) int d,
                                                               @ForAll @IntRange(min = 1, max = 3) int m, @ForAll long seed) {
        Random r = new Random(seed);
        int rows = 40;
        Moments train = new Moments(d + m);
        Moments validation = new Moments(d + m);
        for (Moments set : new Moments[] {train, validation}) {
            double[] z = new double[rows * (d + m)];
            double[] w = new double[rows];
            for (int i = 0; i < rows; i++) {
                w[i] = 0.2 + r.nextDouble();
                for (int j = 0; j < d; j++) {
                    z[i * (d + m) + j] = r.nextGaussian();
                }
                for (int j = 0; j < m; j++) {
                    double y = r.nextGaussian();
                    for (int k = 0; k < d; k++) {
                        y += (k + j + 1) * 0.3 * z[i * (d + m) + k];
                    }
                    z[i * (d + m) + d + j] = y;
                }
            }
            set.add(z, w, rows);
        }
        DMatrixRMaj frame = RandomMatrices_DDRM.orthogonal(d, d, new Random(seed + 1));
        double[] training = ProjectedRegression.of(train, validation, d, 0, m, frame, 0).training();
        for (int k = 1; k < d; k++) {
            assertTrue(training[k] >= training[k - 1] - 1e-10, "R²(" + (k + 1) + ") = " + training[k] + " < R²(" + k + ") = " + training[k - 1]);
        }
        DMatrixRMaj cxx = CommonOps_DDRM.extract(train.comoment(), 0, d, 0, d);
        DMatrixRMaj cxy = CommonOps_DDRM.extract(train.comoment(), 0, d, d, d + m);
        DMatrixRMaj b = new DMatrixRMaj(d, m);
        assertTrue(CommonOps_DDRM.solve(cxx, cxy, b));
        double sse = 0;
        double sst = 0;
        for (int j = 0; j < m; j++) {
            double explained = 0;
            for (int k = 0; k < d; k++) {
                explained += cxy.get(k, j) * b.get(k, j);
            }
            sse += train.comoment(d + j, d + j) - explained;
            sst += train.comoment(d + j, d + j);
        }
        assertEquals(1 - sse / sst, training[d - 1], 1e-9);
        // rotate the first two directions within their plane
        double angle = r.nextDouble() * Math.PI;
        DMatrixRMaj turned = frame.copy();
        for (int i = 0; i < d; i++) {
            turned.set(i, 0, Math.cos(angle) * frame.get(i, 0) + Math.sin(angle) * frame.get(i, 1));
            turned.set(i, 1, -Math.sin(angle) * frame.get(i, 0) + Math.cos(angle) * frame.get(i, 1));
        }
        ProjectedRegression a = ProjectedRegression.of(train, validation, d, 0, m, frame, 0);
        ProjectedRegression c = ProjectedRegression.of(train, validation, d, 0, m, turned, 0);
        for (int k = 2; k <= d; k++) {
            assertEquals(a.training()[k - 1], c.training()[k - 1], 1e-9);
            assertEquals(a.validation()[k - 1], c.validation()[k - 1], 1e-9);
        }
    }
}
