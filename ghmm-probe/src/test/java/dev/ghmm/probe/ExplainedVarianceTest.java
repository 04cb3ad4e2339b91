package dev.ghmm.probe;

import dev.ghmm.internal.Eigenvalues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.process.Catalogue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** CEV and NC@p by hand, their laws, and the factored and joint belief baselines of a product process. */
class ExplainedVarianceTest {
    @Test
    void cumulativeShareAndComponentsByHand() {
        ExplainedVariance ev = ExplainedVariance.of(new double[] {1, 4, 2, 3});
        assertArrayEquals(new double[] {4, 3, 2, 1}, ev.spectrum());
        assertArrayEquals(new double[] {0.4, 0.7, 0.9, 1.0}, ev.curve(), 1e-15);
        assertEquals(0, ev.cumulative(0));
        assertEquals(10, ev.total());
        assertEquals(1, ev.componentsFor(0.4));
        assertEquals(2, ev.componentsFor(0.41));
        assertEquals(3, ev.componentsFor(0.9));
        assertEquals(4, ev.componentsFor(0.95));
        assertEquals(4, ev.componentsFor(1));
        assertArrayEquals(new int[] {3, 4, 1}, ev.componentsFor(new double[] {0.9, 0.95, 0.4}));
        assertEquals("ExplainedVariance[n=4, NC@0.9=3, NC@0.95=4]", ev.toString());
    }

    @Test
    void roundOffNegativesAreZeroAndRealNegativesAreRefused() {
        assertArrayEquals(new double[] {2, 0}, ExplainedVariance.of(new double[] {-1e-15, 2}).spectrum());
        assertEquals("eigenvalue 1 = -0.5 < 0: not a covariance spectrum",
                assertThrows(IllegalArgumentException.class, () -> ExplainedVariance.of(new double[] {2, -0.5})).getMessage());
        assertEquals("eigenvalue 0 = NaN is not finite",
                assertThrows(IllegalArgumentException.class, () -> ExplainedVariance.of(new double[] {Double.NaN})).getMessage());
        assertEquals("share 0.0 is outside (0, 1]",
                assertThrows(IllegalArgumentException.class, () -> ExplainedVariance.of(new double[] {1}).componentsFor(0)).getMessage());
        assertEquals("k = 2 is out of range [0, 1]", assertThrows(IllegalArgumentException.class, () -> ExplainedVariance.of(new double[] {1})
                .cumulative(2)).getMessage());
        ExplainedVariance zeros = ExplainedVariance.of(new double[3]);
        assertEquals(1, zeros.componentsFor(0.95), "no variance: one component explains all of it");
    }

    @Property
    void theCurveRisesToOneAndComponentsGrowWithTheShare(@ForAll @Size(min = 1, max = 12) List<@DoubleRange(min = 0, max = 1e3) Double> values,
            @ForAll @DoubleRange(min = 0.01, max = 1) double p, @ForAll @DoubleRange(min = 0.01, max = 1) double q) {
        ExplainedVariance ev = ExplainedVariance.of(values.stream().mapToDouble(Double::doubleValue).toArray());
        double[] curve = ev.curve();
        for (int k = 1; k < curve.length; k++) {
            assertTrue(curve[k] >= curve[k - 1]);
        }
        assertEquals(1, curve[curve.length - 1]);
        int np = ev.componentsFor(Math.min(p, q));
        int nq = ev.componentsFor(Math.max(p, q));
        assertTrue(np <= nq);
        assertTrue(ev.cumulative(nq) >= Math.max(p, q) - 1e-12);
        assertTrue(nq == 1 || ev.cumulative(nq - 1) < Math.max(p, q), "the fewest components");
    }

    /** The covariance of rows (each row a vector), divided by their number. */
    static DMatrixRMaj covariance(List<double[]> rows) {
        int n = rows.get(0).length;
        double[] mean = new double[n];
        for (double[] r : rows) {
            for (int i = 0; i < n; i++) {
                mean[i] += r[i] / rows.size();
            }
        }
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (double[] r : rows) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    c.add(i, j, (r[i] - mean[i]) * (r[j] - mean[j]) / rows.size());
                }
            }
        }
        return c;
    }

    /**
     * The beliefs of Mess3 × Mess3 (independent factors) along sampled sequences: the concatenated factor beliefs span
     * at most Σ(d_f − 1) = 4 dimensions, the joint belief (their outer product) Π d_f − 1 = 8, and both reach them.
     */
    @Test
    void factoredAndJointBeliefBaselinesOfAProductProcessHaveTheirDimensions() {
        FactoredProcess p = FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85));
        List<double[]> factored = new ArrayList<>();
        List<double[]> joint = new ArrayList<>();
        Random rng = new Random(3);
        for (int i = 0; i < 200; i++) {
            int[] word = p.sample(rng.nextLong(), 12);
            double[][] beliefs = p.joint().beliefs(word);
            for (double[] eta : beliefs) {
                double[] a = new double[3];
                double[] b = new double[3];
                for (int s = 0; s < 9; s++) {
                    a[s / 3] += eta[s];
                    b[s % 3] += eta[s];
                }
                double[] concat = Arrays.copyOf(a, 6);
                System.arraycopy(b, 0, concat, 3, 3);
                factored.add(concat);
                joint.add(eta);
            }
        }
        ExplainedVariance f = ExplainedVariance.of(Eigenvalues.symmetric(covariance(factored), "a test covariance"));
        ExplainedVariance j = ExplainedVariance.of(Eigenvalues.symmetric(covariance(joint), "a test covariance"));
        double[] fs = f.spectrum();
        double[] js = j.spectrum();
        assertTrue(fs[3] > 1e-6 && fs[4] < 1e-12 * fs[0], Arrays.toString(fs));
        assertTrue(js[7] > 1e-9 && js[8] < 1e-12 * js[0], Arrays.toString(js));
        assertEquals(4, f.componentsFor(1 - 1e-9));
        assertEquals(8, j.componentsFor(1 - 1e-9));
    }

    /** The largest of the levels, whatever their order; an empty list or a share outside (0, 1] is refused. */
    @Test
    void levelsAreCheckedAndTheLargestReturned() {
        assertEquals(0.99, ExplainedVariance.largestLevel(0.99, 0.5));
        assertEquals(1, ExplainedVariance.largestLevel(0.9, 1));
        assertEquals("no explained-variance level", assertThrows(IllegalArgumentException.class, ExplainedVariance::largestLevel).getMessage());
        assertEquals("explained-variance level 0.0 is outside (0, 1]",
                assertThrows(IllegalArgumentException.class, () -> ExplainedVariance.largestLevel(0.9, 0)).getMessage());
        assertEquals("explained-variance level NaN is outside (0, 1]",
                assertThrows(IllegalArgumentException.class, () -> ExplainedVariance.largestLevel(Double.NaN)).getMessage());
    }
}
