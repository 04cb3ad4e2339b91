package dev.ghmm.probe;

import dev.ghmm.internal.Eigenvalues;
import static dev.ghmm.probe.ProbeFitTest.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.factored.FactoredCatalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeometryTest {
    @TempDir
    Path tmp;

    /**
     * Two factors written along 2-planes at principal angles θ<sub>1</sub>, θ<sub>2</sub>: the probes read through the
     * dual basis of [Q<sub>0</sub> Q<sub>1</sub>], R<sub>0</sub> = Q<sub>1</sub>⊥ and R<sub>1</sub> = Q<sub>0</sub>⊥
     * within their 4-dimensional sum, and the principal angles between the orthogonal complements of two subspaces
     * (within their sum) are theirs: θ<sub>1</sub>, θ<sub>2</sub> again. Without noise the fit is exact, so are the angles.
     */
    @Test
    void recoveredPrincipalAnglesMatchThePlantedOnes() throws IOException {
        Planted p = new Planted();
        p.angles = new double[] {0.3, 1.0};
        Geometry g = Geometry.of(fit(p.write(Files.createDirectories(tmp.resolve("exact"))), ProbeOptions.defaults()));
        assertEquals(2, g.factors());
        assertEquals(12, g.width());
        assertEquals(2, g.dimension(0));
        assertEquals(2, g.dimension(1));
        assertArrayEquals(new double[] {0.3, 1.0}, g.principalAngles(0, 1), 1e-8);
        assertArrayEquals(new double[] {0.3, 1.0}, g.principalAngles(1, 0), 1e-8);
        assertArrayEquals(new double[] {0, 0}, g.principalAngles(1, 1), 1e-7);
        assertEquals(4, g.unionDimension());
        double[][] q = g.basis(0);
        assertEquals(12, q.length);
        assertEquals(2, q[0].length);
    }

    /** The columns of a d × r basis as r directions (rows). */
    private static double[][] columns(double[][] q) {
        double[][] rows = new double[q[0].length][q.length];
        for (int i = 0; i < q.length; i++) {
            for (int j = 0; j < q[0].length; j++) {
                rows[j][i] = q[i][j];
            }
        }
        return rows;
    }

    /**
     * Directions built from the read subspaces split as built: a direction of R<sub>0</sub> lies wholly in it (and,
     * with the factors' planes at angles 0.3 and 1.0, partly in R<sub>1</sub>: cos² 0.3 of it along the first principal
     * pair); a sum of directions of both lies in the union; a direction orthogonal to the union lies outside it; the span
     * of R<sub>0</sub>'s basis meets R<sub>0</sub> at angles 0 and R<sub>1</sub> at the planted angles.
     */
    @Test
    void directionsSplitOverTheReadSubspacesAsBuilt() throws IOException {
        Planted p = new Planted();
        p.angles = new double[] {0.3, 1.0};
        Geometry g = Geometry.of(fit(p.write(Files.createDirectories(tmp.resolve("decompose"))), ProbeOptions.defaults()));
        double[][] r0 = columns(g.basis(0));
        double[][] r1 = columns(g.basis(1));
        Geometry.Decomposition in0 = g.decompose(r0[0]);
        assertEquals(1, in0.factorShares()[0], 1e-9);
        assertEquals(1, in0.union(), 1e-9);
        assertEquals(0, in0.outside(), 1e-9);
        double[] both = new double[12];
        for (int i = 0; i < 12; i++) {
            both[i] = 3 * r0[1][i] - 2 * r1[0][i];
        }
        Geometry.Decomposition sum = g.decompose(both);
        assertEquals(1, sum.union(), 1e-9);
        assertTrue(sum.factorShares()[0] > 0 && sum.factorShares()[1] > 0);
        // a direction orthogonal to the 4-dimensional union: Gram–Schmidt of e_k against r0 and r1
        double[] out = new double[12];
        for (int k = 0; k < 12 && norm(out) < 0.5; k++) {
            java.util.Arrays.fill(out, 0);
            out[k] = 1;
            orthogonalise(out, r0, r1);
        }
        Geometry.Decomposition outside = g.decompose(out);
        assertEquals(1, outside.outside(), 1e-9);
        assertArrayEquals(new double[] {0, 0}, outside.factorShares(), 1e-9);
        assertArrayEquals(new double[] {0, 0}, g.principalAngles(r0, 0), 1e-7);
        assertArrayEquals(new double[] {0.3, 1.0}, g.principalAngles(r0, 1), 1e-8);
        double[] line = g.principalAngles(new double[][] {r1[0], r1[0]}, 0); // a rank-1 span: one angle, between R0 and R1's extremes
        assertEquals(1, line.length);
        assertTrue(line[0] > 0.3 - 1e-8 && line[0] < 1.0 + 1e-8, java.util.Arrays.toString(line));
        assertEquals("a direction of length 3, expected d = 12", assertThrows(IllegalArgumentException.class, () -> g.decompose(new double[3]))
                .getMessage());
        assertEquals("the direction is zero", assertThrows(IllegalArgumentException.class, () -> g.decompose(new double[12])).getMessage());
        assertEquals("the directions span nothing: every one is zero", assertThrows(IllegalArgumentException.class,
                () -> g.principalAngles(new double[][] {new double[12]}, 0)).getMessage());
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    /** Removes from v its components along an orthonormal basis of span(r0 ∪ r1), by modified Gram–Schmidt twice. */
    private static void orthogonalise(double[] v, double[][] r0, double[][] r1) {
        double[][] all = {r0[0], r0[1], r1[0], r1[1]};
        double[][] basis = new double[4][];
        for (int k = 0; k < 4; k++) {
            double[] b = all[k].clone();
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < b.length; i++) {
                    dot += b[i] * basis[j][i];
                }
                for (int i = 0; i < b.length; i++) {
                    b[i] -= dot * basis[j][i];
                }
            }
            double n = norm(b);
            for (int i = 0; i < b.length; i++) {
                b[i] /= n;
            }
            basis[k] = b;
        }
        for (int pass = 0; pass < 2; pass++) {
            for (double[] b : basis) {
                double dot = 0;
                for (int i = 0; i < v.length; i++) {
                    dot += v[i] * b[i];
                }
                for (int i = 0; i < v.length; i++) {
                    v[i] -= dot * b[i];
                }
            }
        }
    }

    /**
     * With noise σ the probe is W = Σ<sub>ax</sub>Σ<sub>xx</sub>⁻¹, no longer the dual basis: it shrinks along the
     * directions where the beliefs vary little, and the read subspaces turn. Within span{o₁ … o₄} (the nuisance and the
     * rest are orthogonal and independent) write Q = [Q<sub>0</sub> Q<sub>1</sub>] = O G; then in O's coordinates
     * W = sΣ<sub>aa</sub>Gᵀ(s²GΣ<sub>aa</sub>Gᵀ + σ²I)⁻¹ with Σ<sub>aa</sub> the block-diagonal covariance of both factors'
     * plane coordinates (independent factors). The angles between the row blocks of this W are the planted truth for
     * this σ; the fit matches them within its sampling error.
     */
    @Test
    void noisyAnglesMatchThePopulationProbe() throws IOException {
        Planted p = new Planted();
        double t1 = 0.3;
        double t2 = 1.0;
        p.angles = new double[] {t1, t2};
        p.noise = 0.05;
        p.count = 1000;
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("noisy"))), ProbeOptions.defaults());
        DMatrixRMaj g = new DMatrixRMaj(new double[][] {{1, 0, Math.cos(t1), 0}, {0, 1, 0, Math.cos(t2)}, {0, 0, Math.sin(t1), 0},
            {0, 0, 0, Math.sin(t2)}});
        DMatrixRMaj saa = new DMatrixRMaj(4, 4);
        for (int f = 0; f < 2; f++) {
            double[][] m = ProbeFitTest.planeMoments(p, f, 0, fit.trainingSequences());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    saa.set(2 * f + i, 2 * f + j, m[1 + i][j]);
                }
            }
        }
        double s = p.scale;
        DMatrixRMaj gs = new DMatrixRMaj(4, 4);
        DMatrixRMaj sxx = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.mult(g, saa, gs);
        CommonOps_DDRM.multTransB(s * s, gs, g, sxx);
        for (int i = 0; i < 4; i++) {
            sxx.add(i, i, p.noise * p.noise);
        }
        CommonOps_DDRM.invert(sxx);
        DMatrixRMaj w = new DMatrixRMaj(4, 4);
        CommonOps_DDRM.multTransA(s, gs, sxx, w);
        DMatrixRMaj r0 = Geometry.orthonormalRange(CommonOps_DDRM.transpose(CommonOps_DDRM.extract(w, 0, 2, 0, 4), null), 1e-12);
        DMatrixRMaj r1 = Geometry.orthonormalRange(CommonOps_DDRM.transpose(CommonOps_DDRM.extract(w, 2, 4, 0, 4), null), 1e-12);
        double[] expected = Geometry.principalAngles(r0, r1);
        double[] angles = Geometry.of(fit).principalAngles(0, 1);
        assertTrue(expected[0] > t1 + 0.05, "noise turns the read subspaces: " + expected[0]);
        assertArrayEquals(expected, angles, 0.02);
        assertEquals(4, Geometry.of(fit).unionDimension());
    }

    /** A third factor on its own orthogonal plane: right angles to both, the union is six-dimensional. */
    @Test
    void anOrthogonalThirdFactorAddsTwoDimensions() throws IOException {
        Planted p = new Planted();
        p.process = FactoredCatalogue.mess3Cubed();
        p.angles = new double[] {0.3, 1.0};
        p.count = 300;
        Geometry g = Geometry.of(fit(p.write(Files.createDirectories(tmp.resolve("three"))), ProbeOptions.defaults()));
        assertArrayEquals(new double[] {Math.PI / 2, Math.PI / 2}, g.principalAngles(0, 2), 1e-8);
        assertArrayEquals(new double[] {Math.PI / 2, Math.PI / 2}, g.principalAngles(1, 2), 1e-8);
        assertEquals(6, g.unionDimension());
    }

    /** The participation ratio of the covariance eigenvalues, computed here in two passes over the training rows. */
    @Test
    void effectiveDimensionIsTheParticipationRatioOfTheActivationCovariance() throws IOException {
        Planted p = new Planted();
        p.noise = 0.1;
        p.count = 200;
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("pr"))), ProbeOptions.defaults());
        int n = (int) fit.trainingSequences() * p.positions();
        DMatrixRMaj x = new DMatrixRMaj(n, p.width);
        for (int i = 0, row = 0; i < fit.trainingSequences(); i++) {
            for (int q = 0; q < p.positions(); q++, row++) {
                double[] a = p.activation(i, q);
                for (int k = 0; k < p.width; k++) {
                    x.set(row, k, a[k]);
                }
            }
        }
        DMatrixRMaj mean = new DMatrixRMaj(1, p.width);
        CommonOps_DDRM.sumCols(x, mean);
        CommonOps_DDRM.divide(mean, n);
        for (int r = 0; r < n; r++) {
            for (int k = 0; k < p.width; k++) {
                x.add(r, k, -mean.get(k));
            }
        }
        DMatrixRMaj cov = new DMatrixRMaj(p.width, p.width);
        CommonOps_DDRM.multTransA(x, x, cov);
        CommonOps_DDRM.divide(cov, n);
        double[] eig = Eigenvalues.symmetric(cov, "a test covariance");
        double sum = 0;
        double squares = 0;
        for (double e : eig) {
            sum += e;
            squares += e * e;
        }
        assertArrayEquals(eig, fit.covarianceEigenvalues(), 1e-10);
        assertEquals(sum * sum / squares, fit.effectiveDimension(), 1e-9);
        assertEquals(fit.effectiveDimension(), Geometry.of(fit).effectiveDimension());
        // unit nuisance in 8 directions dominates the belief directions (variance about 0.03): close to 8, below 12
        assertTrue(fit.effectiveDimension() > 6 && fit.effectiveDimension() < 12, "" + fit.effectiveDimension());
    }

    /** In ℝ³, span{e₁} and span{cos t·e₁ + sin t·e₂} meet at t, accurately even for t = 10⁻⁹ (the sine branch). */
    @Test
    void principalAnglesOfHandMadeLines() {
        for (double t : new double[] {1e-9, 1e-4, 0.5, Math.PI / 4, 1.5, Math.PI / 2}) {
            DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1}, {0}, {0}});
            DMatrixRMaj b = new DMatrixRMaj(new double[][] {{Math.cos(t)}, {Math.sin(t)}, {0}});
            assertEquals(t, Geometry.principalAngles(a, b)[0], 1e-15 + 1e-12 * t, "t = " + t);
        }
    }

    /**
     * span{e₁, e₂} and span{e₁, e₃} share e₁: angles 0 and π/2, union of dimension 3; span{e₁, e₂} and a plane tilted by
     * 10⁻³ off it: union 4 at τ = 10⁻⁶, 2 at τ = 10⁻² (singular values √(1 ± cos θ) ≈ θ/√2 = 7·10⁻⁴).
     */
    @Test
    void unionDimensionCountsSharedDirectionsOnce() {
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}, {0, 0}, {0, 0}});
        DMatrixRMaj b = new DMatrixRMaj(new double[][] {{1, 0}, {0, 0}, {0, 1}, {0, 0}});
        assertArrayEquals(new double[] {0, Math.PI / 2}, Geometry.principalAngles(a, b), 1e-15);
        assertEquals(3, Geometry.unionDimension(new DMatrixRMaj[] {a, b}, 1e-6));
        double t = 1e-3;
        DMatrixRMaj c = new DMatrixRMaj(new double[][] {{Math.cos(t), 0}, {0, Math.cos(t)}, {Math.sin(t), 0}, {0, Math.sin(t)}});
        assertEquals(4, Geometry.unionDimension(new DMatrixRMaj[] {a, c}, 1e-6));
        assertEquals(2, Geometry.unionDimension(new DMatrixRMaj[] {a, c}, 1e-2));
    }
}
