package dev.ghmm.probe;

import static dev.ghmm.probe.ProbeFitTest.fit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projected regression against least squares done row by row on the projected activations, and on planted truths. */
class ProjectedRegressionTest {
    @TempDir
    Path tmp;

    /** The first k directions of a d × r basis as rows. */
    static double[][] rows(double[][] basis, int k) {
        double[][] out = new double[k][basis.length];
        for (int i = 0; i < basis.length; i++) {
            for (int j = 0; j < k; j++) {
                out[j][i] = basis[i][j];
            }
        }
        return out;
    }

    /**
     * R²(k) computed directly: z = Q<sub>k</sub>ᵀx of every row of sequences [0, trained), the normal equations of
     * [1, z] solved by EJML, then 1 − ΣSSE/ΣSST of the belief's components on the rows of [from, to) with the
     * coefficients of the training rows.
     */
    static double directR2(Planted p, int factor, double[][] q, int trained, int from, int to) {
        int k = q.length;
        int positions = p.positions();
        int n = trained * positions;
        DMatrixRMaj z = new DMatrixRMaj(n, k + 1);
        DMatrixRMaj y = new DMatrixRMaj(n, 3);
        for (int i = 0; i < trained; i++) {
            for (int t = 0; t < positions; t++) {
                row(p, factor, q, i, t, z, y, i * positions + t);
            }
        }
        DMatrixRMaj ztz = new DMatrixRMaj(k + 1, k + 1);
        CommonOps_DDRM.multTransA(z, z, ztz);
        DMatrixRMaj zty = new DMatrixRMaj(k + 1, 3);
        CommonOps_DDRM.multTransA(z, y, zty);
        DMatrixRMaj beta = new DMatrixRMaj(k + 1, 3);
        assertTrue(CommonOps_DDRM.solve(ztz, zty, beta));
        int m = (to - from) * positions;
        DMatrixRMaj zv = new DMatrixRMaj(m, k + 1);
        DMatrixRMaj yv = new DMatrixRMaj(m, 3);
        for (int i = from; i < to; i++) {
            for (int t = 0; t < positions; t++) {
                row(p, factor, q, i, t, zv, yv, (i - from) * positions + t);
            }
        }
        DMatrixRMaj predicted = new DMatrixRMaj(m, 3);
        CommonOps_DDRM.mult(zv, beta, predicted);
        double sse = 0;
        double sst = 0;
        for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (int r = 0; r < m; r++) {
                mean += yv.get(r, j) / m;
            }
            for (int r = 0; r < m; r++) {
                sse += Math.pow(yv.get(r, j) - predicted.get(r, j), 2);
                sst += Math.pow(yv.get(r, j) - mean, 2);
            }
        }
        return 1 - sse / sst;
    }

    private static void row(Planted p, int factor, double[][] q, int i, int t, DMatrixRMaj z, DMatrixRMaj y, int r) {
        double[] x = p.activation(i, t);
        z.set(r, 0, 1);
        for (int j = 0; j < q.length; j++) {
            double s = 0;
            for (int c = 0; c < x.length; c++) {
                s += q[j][c] * x[c];
            }
            z.set(r, j + 1, s);
        }
        double[] eta = p.belief(factor, i, p.firstRow() + t);
        for (int j = 0; j < 3; j++) {
            y.set(r, j, eta[j]);
        }
    }

    /** With noise and factors at angles 0.3 and 1.0, each R²(k) is that of least squares on the projected rows. */
    @Test
    void projectedR2IsLeastSquaresOnTheProjectedRows() throws IOException {
        Planted p = new Planted();
        p.count = 200;
        p.noise = 0.3;
        p.angles = new double[] {0.3, 1.0};
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("noisy"))), ProbeOptions.defaults());
        assertEquals(160, fit.trainingSequences());
        for (int f = 0; f < 2; f++) {
            ProjectedRegression read = fit.projectedRegression(f);
            assertEquals(2, read.size());
            double[][] basis = Geometry.of(fit).basis(f);
            for (int k = 1; k <= 2; k++) {
                double[][] q = rows(basis, k);
                assertEquals(directR2(p, f, q, 160, 0, 160), read.training()[k - 1], 1e-9, "factor " + f + ", k = " + k);
                assertEquals(directR2(p, f, q, 160, 160, 200), read.validation()[k - 1], 1e-9, "factor " + f + ", k = " + k);
            }
            // onto the whole read subspace the training R² is the full probe's: it reads the belief through Q_fᵀx only
            assertEquals(fit.evaluation(fit.targets().get(f)).training().pooledR2(), read.training()[1], 1e-9);
            // a subspace of planted directions: the factor's own plane, then the other's
            double[][] planted = new double[4][];
            System.arraycopy(rows(toArray(p.subspace(f)), 2), 0, planted, 0, 2);
            System.arraycopy(rows(toArray(p.subspace(1 - f)), 2), 0, planted, 2, 2);
            ProjectedRegression given = fit.projectedRegression(f, planted, 3);
            assertEquals(3, given.size());
            for (int k = 1; k <= 3; k++) {
                assertEquals(directR2(p, f, java.util.Arrays.copyOf(planted, k), 160, 160, 200), given.validation()[k - 1], 1e-9);
            }
        }
    }

    static double[][] toArray(DMatrixRMaj m) {
        double[][] out = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                out[i][j] = m.get(i, j);
            }
        }
        return out;
    }

    /**
     * Without noise and with orthogonal factors, η<sub>f</sub> is an affine function of its plane's two coordinates:
     * R²(2) = 1 exactly, on the read subspace and on the planted plane, and one direction of the plane falls short.
     */
    @Test
    void aPlantedPlaneCarriesTheWholeBelief() throws IOException {
        Planted p = new Planted();
        p.count = 200;
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("exact"))), ProbeOptions.defaults());
        for (int f = 0; f < 2; f++) {
            ProjectedRegression read = fit.projectedRegression(f);
            assertEquals(1, read.training()[1], 1e-10);
            assertEquals(1, read.validation()[1], 1e-10);
            ProjectedRegression planted = fit.projectedRegression(f, rows(toArray(p.subspace(f)), 2), 5);
            assertEquals(2, planted.size(), "K is capped at the number of directions");
            assertEquals(1, planted.validation()[1], 1e-10);
            assertTrue(planted.training()[0] < 0.99 && planted.training()[0] > 0, "R²(1) = " + planted.training()[0]);
            // the other factor's plane carries only the sample's chance correlation between independent factors
            ProjectedRegression other = fit.projectedRegression(f, rows(toArray(p.subspace(1 - f)), 2), 2);
            assertTrue(other.training()[1] < 0.02, "R² from the other plane " + other.training()[1]);
        }
    }

    @Test
    void badDirectionsAndFitsReadBackAreRefused() throws IOException {
        Planted p = new Planted();
        p.count = 50;
        Path dir = p.write(Files.createDirectories(tmp.resolve("bad")));
        ProbeFit fit = fit(dir, ProbeOptions.defaults());
        double[][] planted = rows(toArray(p.subspace(0)), 2);
        assertEquals("K = 0 must be >= 1", assertThrows(IllegalArgumentException.class, () -> fit.projectedRegression(0, planted, 0)).getMessage());
        assertEquals("direction 0 has length 3, expected d = 12",
                assertThrows(IllegalArgumentException.class, () -> fit.projectedRegression(0, new double[][] {{1, 0, 0}}, 1)).getMessage());
        double[][] nan = {planted[0].clone()};
        nan[0][4] = Double.NaN;
        assertEquals("direction 0 component 4 = NaN is not finite",
                assertThrows(IllegalArgumentException.class, () -> fit.projectedRegression(0, nan, 1)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> fit.projectedRegression(2));
        Path out = Files.createDirectories(tmp.resolve("probe"));
        ProbeFiles.write(fit, out);
        ProbeFit back = ProbeFiles.read(out);
        for (int f = 0; f < 2; f++) {
            assertEquals(fit.projectedRegression(f), back.projectedRegression(f));
        }
        assertThrows(IllegalStateException.class, () -> back.projectedRegression(0, planted, 1));
    }
}
