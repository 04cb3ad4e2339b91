package dev.ghmm.probe;

import static dev.ghmm.probe.ProbeFitTest.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SteeringTest {
    @TempDir
    Path tmp;

    static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double[] plus(double[] a, double[] b) {
        double[] c = a.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] += b[i];
        }
        return c;
    }

    /** ‖v − QQᵀv‖ for an orthonormal basis Q given as d rows of r. */
    static double offSpan(double[][] q, double[] v) {
        double[] c = new double[q[0].length];
        for (int j = 0; j < c.length; j++) {
            for (int i = 0; i < v.length; i++) {
                c[j] += q[i][j] * v[i];
            }
        }
        double[] r = v.clone();
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < c.length; j++) {
                r[i] -= q[i][j] * c[j];
            }
        }
        return norm(r);
    }

    /**
     * Orthogonal planted subspaces: moving factor 0 to η′ leaves factor 1's prediction unchanged to round-off, the
     * change lies in factor 0's read subspace, and it is the same with or without the constraint on factor 1.
     */
    @Test
    void orthogonalSubspacesSteerWithoutCrossTalk() throws IOException {
        Planted p = new Planted();
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("orthogonal"))), ProbeOptions.defaults());
        ActivationSteering steering = ActivationSteering.of(fit);
        assertEquals(2, steering.factors());
        double[] x = p.activation(p.count - 1, 3);
        double[] target = {0.6, 0.3, 0.1};
        ActivationSteering.Shift shift = steering.toward(x, 0, target);
        assertTrue(shift.crossTalk()[1] < 1e-10, "cross-talk " + shift.crossTalk()[1]);
        assertTrue(shift.crossTalk()[0] < 1e-10, "miss " + shift.crossTalk()[0]);
        double[] moved = plus(x, shift.delta());
        assertArrayEquals(target, fit.factor(0).predict(moved), 1e-10);
        assertArrayEquals(fit.factor(1).predict(x), fit.factor(1).predict(moved), 1e-10);
        assertTrue(offSpan(Geometry.of(fit).basis(0), shift.delta()) < 1e-10 * shift.norm());
        double[] change = shift.changes()[0];
        assertArrayEquals(shift.delta(), steering.unconstrained(0, change).delta(), 1e-10);
        assertArrayEquals(shift.delta(), steering.shift(0, change).delta(), 1e-12);
        // s = 1 and orthonormal planes: ‖Δx‖ = ‖δ‖
        assertEquals(norm(change), shift.norm(), 1e-10);
        assertNull(shift.jointChange());
    }

    /**
     * Without an activation, steering starts from the mean one: the prediction there is the mean training belief
     * η̄ (the intercept makes the fit pass through the means), here averaged by hand over the planted training rows,
     * so Δx moves factor 0 by η′ − η̄; between two beliefs it moves by their difference. Orthogonal planes: no cross-talk.
     */
    @Test
    void steeringWithoutAnActivationStartsFromTheMeanBelief() throws IOException {
        Planted p = new Planted();
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("mean"))), ProbeOptions.defaults());
        double[] mean = new double[3];
        long rows = fit.trainingSequences() * p.positions();
        for (int i = 0; i < fit.trainingSequences(); i++) {
            for (int q = 0; q < p.positions(); q++) {
                double[] eta = p.belief(0, i, p.firstRow() + q);
                for (int s = 0; s < 3; s++) {
                    mean[s] += eta[s] / rows;
                }
            }
        }
        double[] target = {0.1, 0.2, 0.7};
        ActivationSteering.Shift shift = ActivationSteering.of(fit).toward(0, target);
        double[] expected = {target[0] - mean[0], target[1] - mean[1], target[2] - mean[2]};
        assertArrayEquals(expected, shift.changes()[0], 1e-10);
        assertTrue(shift.crossTalk()[1] < 1e-10, "cross-talk " + shift.crossTalk()[1]);
        ActivationSteering.Shift between = ActivationSteering.of(fit).between(0, new double[] {1, 0, 0}, new double[] {0, 0, 1});
        assertArrayEquals(new double[] {-1, 0, 1}, between.changes()[0], 1e-10);
        BadInputTest.refused(() -> ActivationSteering.of(fit).between(0, new double[] {1, 1, 0}, target), "starting belief [1.0, 1.0, 0.0] is not a belief of factor 0");
    }

    /**
     * Planes at angles θ<sub>1</sub>, θ<sub>2</sub> (Q<sub>1</sub> = [cos θ<sub>1</sub>o₁ + sin θ<sub>1</sub>o₃, …]). In the basis
     * o₁ … o₄ the probes are the dual basis: factor 0 reads a₁ = (x₁ − x₃ cot θ<sub>1</sub>)/s, factor 1 reads
     * a₁′ = x₃/(s sin θ<sub>1</sub>) (likewise for index 2 with o₂, o₄). Changing factor 0's plane coordinates by (α, β)
     * <ul>
     * <li>with factor 1 held: Δx = s(αo₁ + βo₂), ‖Δx‖ = s‖(α, β)‖, no cross-talk;</li>
     * <li>unconstrained (least norm for factor 0 alone): Δx = s(α sin²θ<sub>1</sub>(o₁ − cot θ<sub>1</sub> o₃) + …), of norm
     * s√(α² sin²θ<sub>1</sub> + β² sin²θ<sub>2</sub>), which moves factor 1's plane coordinates by
     * (−α cos θ<sub>1</sub>, −β cos θ<sub>2</sub>): the predicted cross-talk.</li>
     * </ul>
     */
    @Test
    void tiltedSubspacesCrossTalkAsPredicted() throws IOException {
        Planted p = new Planted();
        double t1 = 0.4;
        double t2 = 1.1;
        p.angles = new double[] {t1, t2};
        p.scale = 1.5;
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("tilted"))), ProbeOptions.defaults().withTargets(ProbeOptions.Targets.BOTH));
        ActivationSteering steering = ActivationSteering.of(fit);
        double[] delta = {0.2, -0.05, -0.15};
        double[] a = Planted.plane(delta);
        ActivationSteering.Shift held = steering.shift(0, delta);
        assertTrue(held.crossTalk()[1] < 1e-10 && held.crossTalk()[0] < 1e-10);
        assertEquals(p.scale * norm(a), held.norm(), 1e-9);
        ActivationSteering.Shift free = steering.unconstrained(0, delta);
        assertTrue(free.crossTalk()[0] < 1e-10);
        assertEquals(p.scale * Math.sqrt(a[0] * a[0] * Math.sin(t1) * Math.sin(t1) + a[1] * a[1] * Math.sin(t2) * Math.sin(t2)), free.norm(), 1e-9);
        double[] predicted = new double[3];
        for (int s = 0; s < 3; s++) {
            predicted[s] = Planted.V[s][0] * (-a[0] * Math.cos(t1)) + Planted.V[s][1] * (-a[1] * Math.cos(t2));
        }
        assertArrayEquals(predicted, free.changes()[1], 1e-9);
        assertEquals(norm(predicted), free.crossTalk()[1], 1e-9);
        assertTrue(free.norm() < held.norm(), "holding the other factor costs norm");
        // the joint probe sees the same move: its marginals are the factors' changes (least squares is linear)
        double[] joint = held.jointChange();
        for (int i = 0; i < 3; i++) {
            double m0 = 0;
            double m1 = 0;
            for (int j = 0; j < 3; j++) {
                m0 += joint[3 * i + j];
                m1 += joint[3 * j + i];
            }
            assertEquals(held.changes()[0][i], m0, 1e-9);
            assertEquals(held.changes()[1][i], m1, 1e-9);
        }
    }

    /** Fitted with noise the probes differ from the truth, but the constraints stay exactly satisfiable. */
    @Test
    void noisyProbesStillSteerOneFactorAlone() throws IOException {
        Planted p = new Planted();
        p.noise = 0.1;
        p.angles = new double[] {0.6, 1.2};
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("noisy"))), ProbeOptions.defaults());
        double[] x = p.activation(p.count - 3, 2);
        for (int f = 0; f < 2; f++) {
            double[] target = f == 0 ? new double[] {0.1, 0.1, 0.8} : new double[] {1, 0, 0};
            ActivationSteering.Shift s = ActivationSteering.of(fit).toward(x, f, target);
            assertTrue(s.crossTalk()[1 - f] < 1e-9 && s.crossTalk()[f] < 1e-9, java.util.Arrays.toString(s.crossTalk()));
            assertArrayEquals(target, fit.factor(f).predict(plus(x, s.delta())), 1e-9);
        }
    }

    /**
     * Float32 beliefs (the default of {@code ghmm sample}) sum to 1 only within about 10⁻⁷: the belief directions are
     * still the d<sub>f</sub> − 1 = 2 of the simplex, and beliefs typed by hand are valid targets.
     */
    @Test
    void float32BeliefsKeepTheSimplexDirections() throws IOException {
        Planted p = new Planted();
        p.noise = 0.05;
        p.count = 300;
        p.singleBeliefs = true;
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("float32"))), ProbeOptions.defaults()
                .withWeighting(ProbeOptions.Weighting.PREFIX_PROBABILITY));
        assertEquals(2, Geometry.of(fit).dimension(0));
        assertEquals(2, Geometry.of(fit).dimension(1));
        double[] x = p.activation(299, 4);
        for (double[] target : new double[][] {{1, 0, 0}, {0.6, 0.3, 0.1}, {1 / 3.0, 1 / 3.0, 1 / 3.0}}) {
            ActivationSteering.Shift s = ActivationSteering.of(fit).toward(x, 1, target);
            assertTrue(s.crossTalk()[0] < 1e-9 && s.crossTalk()[1] < 1e-6, java.util.Arrays.toString(s.crossTalk()));
        }
    }

    @Test
    void steeringVectorsAreWrittenAsFloat32() throws IOException {
        Planted p = new Planted();
        p.count = 200;
        ProbeFit fit = fit(p.write(Files.createDirectories(tmp.resolve("write"))), ProbeOptions.defaults());
        double[] x = p.activation(150, 1);
        double[] a = ActivationSteering.of(fit).toward(x, 0, new double[] {1, 0, 0}).delta();
        double[] b = ActivationSteering.of(fit).toward(x, 1, new double[] {0, 0.5, 0.5}).delta();
        Path file = tmp.resolve("steer.npy");
        ActivationSteering.write(file, List.of(a, b));
        Npy.Array read = Npy.read(file);
        assertEquals(Npy.Dtype.FLOAT32, read.dtype());
        assertArrayEquals(new long[] {2, p.width}, read.shape());
        for (int k = 0; k < p.width; k++) {
            assertEquals((float) a[k], read.doubles()[k]);
            assertEquals((float) b[k], read.doubles()[p.width + k]);
        }
    }
}
