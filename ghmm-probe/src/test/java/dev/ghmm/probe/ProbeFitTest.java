package dev.ghmm.probe;

import dev.ghmm.internal.Eigenvalues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.factored.FactoredCatalogue;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProbeFitTest {
    @TempDir
    Path tmp;

    static ProbeFit fit(Path dir, ProbeOptions options) throws IOException {
        return fit(dir, -1, options);
    }

    static ProbeFit fit(Path dir, int layer, ProbeOptions options) throws IOException {
        try (Activations a = Activations.open(dir.resolve("acts.npy"), layer); BeliefDataset ds = BeliefDataset.open(dir.resolve("data"))) {
            return ProbeFitter.fit(a, ds, options);
        }
    }

    Path dir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name));
    }

    static void assertProbesEqual(LinearProbe expected, LinearProbe actual, double tolerance) {
        assertArrayEquals(expected.intercept(), actual.intercept(), tolerance);
        double[][] e = expected.weights();
        double[][] a = actual.weights();
        for (int i = 0; i < e.length; i++) {
            assertArrayEquals(e[i], a[i], tolerance, "row " + i);
        }
    }

    /**
     * Blocks of 7 sequences on 1, 2 and 3 threads: each block's moments are computed alone and merged in the order of
     * the blocks, so probe.json is the same bytes whatever the thread count, and progress reports each block once, in
     * order (160 training sequences, then 40 validation ones).
     */
    @Test
    void threadsChangeNoByteOfTheFit() throws IOException {
        Planted p = new Planted();
        p.count = 200;
        p.noise = 0.2;
        Path dir = p.write(dir("threads"));
        List<Long> expectedProgress = new ArrayList<>();
        for (long[] split : new long[][] {{0, 160}, {160, 200}}) {
            for (long s = split[0]; s < split[1]; s += 7) {
                expectedProgress.add(Math.min(s + 7, split[1]));
            }
        }
        byte[] expected = null;
        for (int threads = 1; threads <= 3; threads++) {
            List<Long> progress = Collections.synchronizedList(new ArrayList<>());
            ProbeFit fit;
            try (Activations a = Activations.open(dir.resolve("acts.npy")); BeliefDataset ds = BeliefDataset.open(dir.resolve("data"))) {
                fit = ProbeFitter.fit(a, ds, ProbeOptions.defaults(), threads, 7L * p.positions() * p.width, progress::add);
            }
            assertEquals(expectedProgress, progress, "threads " + threads);
            Path out = dir("threads-" + threads);
            ProbeFiles.write(fit, out);
            byte[] json = Files.readAllBytes(out.resolve("probe.json"));
            if (expected == null) {
                expected = json;
            } else {
                assertArrayEquals(expected, json, "threads " + threads);
            }
        }
    }

    /**
     * T = 64 on a machine of fewer processors: no more threads than the available processors accumulate moments (those
     * the heap check counts), however many blocks (200 of 1 sequence) there are: the threads that merge a block (each
     * reports its progress as it merges) are counted.
     */
    @Test
    void threadsBeyondTheProcessorsAreNotStarted() throws IOException {
        Planted p = new Planted();
        p.count = 200;
        Path dir = p.write(dir("many-threads"));
        Set<Thread> merging = ConcurrentHashMap.newKeySet();
        try (Activations a = Activations.open(dir.resolve("acts.npy")); BeliefDataset ds = BeliefDataset.open(dir.resolve("data"))) {
            ProbeFitter.fit(a, ds, ProbeOptions.defaults(), 64, (long) p.positions() * p.width, done -> merging.add(Thread.currentThread()));
        }
        int processors = Runtime.getRuntime().availableProcessors();
        assertTrue(merging.size() <= Math.min(64, processors), merging.size() + " threads accumulated moments on " + processors + " processors");
    }

    /**
     * Orthogonal planted subspaces with noise σ: factor f's plane coordinates a = V<sub>f</sub>ᵀη<sub>f</sub> are seen
     * as z = s·a + σε (ε standard normal in the plane) and nothing else in x correlates with them, so the probe tends
     * to B = sΣ<sub>t</sub>(s²Σ<sub>t</sub> + σ²I)⁻¹ (Σ<sub>t</sub>: the training covariance of a). On the validation rows
     * (covariance Σ<sub>v</sub>, mean shifted by m = μ<sub>v</sub> − μ<sub>t</sub>) its expected error is
     * E = (I − sB)(Σ<sub>v</sub> + mmᵀ)(I − sB)ᵀ + σ²BBᵀ, so R² = 1 − tr E / tr Σ<sub>v</sub>. What is left is sampling
     * error: the noise on n<sub>v</sub> validation rows (relative standard deviation of the SSE about √(2/(2n<sub>v</sub>)))
     * and the fitted weights' excess error (about (d + 1)/n<sub>t</sub> relative).
     */
    @Test
    void recoveredR2MatchesThePlantedSignalToNoise() throws IOException {
        Planted p = new Planted();
        p.count = 1500;
        p.noise = 0.18;
        Path dir = p.write(dir("snr"));
        ProbeFit fit = fit(dir, ProbeOptions.defaults());
        long trained = fit.trainingSequences();
        assertEquals(1200, trained);
        long validationRows = (p.count - trained) * p.positions();
        long trainingRows = trained * p.positions();
        for (int f = 0; f < 2; f++) {
            double expected = expectedR2(p, f, trained);
            ProbeFit.Evaluation e = fit.evaluation(fit.targets().get(f));
            double tolerance = (1 - expected) * (4 * Math.sqrt(1.0 / validationRows) + 2.0 * (p.width + 1) / trainingRows);
            assertEquals(expected, e.validation().pooledR2(), tolerance, "factor " + f);
            assertTrue(expected > 0.6 && expected < 0.9, "a signal-to-noise ratio where R² says something: " + expected);
            // the shuffled baseline explains what the position does (row 0 is the same initial belief everywhere): little
            assertTrue(Math.abs(e.shuffledValidation().pooledR2()) < 0.1, "shuffled " + e.shuffledValidation().pooledR2());
            assertTrue(e.shuffledTraining().pooledR2() < 0.12, "shuffled training " + e.shuffledTraining().pooledR2());
            assertEquals(validationRows, e.validation().rows());
            assertEquals(3, e.validation().r2().length);
            // RMSE² pooled = mean of the per-dimension RMSE²
            double[] rmse = e.validation().rmse();
            assertEquals(e.validation().pooledRmse() * e.validation().pooledRmse(), (rmse[0] * rmse[0] + rmse[1] * rmse[1] + rmse[2] * rmse[2]) / 3,
                    1e-12);
        }
    }

    static double expectedR2(Planted p, int f, long trained) {
        double[][] t = planeMoments(p, f, 0, trained);
        double[][] v = planeMoments(p, f, trained, p.count);
        DMatrixRMaj st = new DMatrixRMaj(new double[][] {{t[1][0], t[1][1]}, {t[2][0], t[2][1]}});
        DMatrixRMaj sv = new DMatrixRMaj(new double[][] {{v[1][0], v[1][1]}, {v[2][0], v[2][1]}});
        double s = p.scale;
        double s2 = p.noise * p.noise;
        DMatrixRMaj m = st.copy();
        CommonOps_DDRM.scale(s * s, m);
        m.add(0, 0, s2);
        m.add(1, 1, s2);
        CommonOps_DDRM.invert(m);
        DMatrixRMaj b = new DMatrixRMaj(2, 2);
        CommonOps_DDRM.mult(st, m, b);
        CommonOps_DDRM.scale(s, b);
        DMatrixRMaj residual = CommonOps_DDRM.identity(2);
        DMatrixRMaj sb = b.copy();
        CommonOps_DDRM.scale(s, sb);
        CommonOps_DDRM.subtract(residual, sb, residual);
        DMatrixRMaj shifted = sv.copy();
        double[] shift = {v[0][0] - t[0][0], v[0][1] - t[0][1]};
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                shifted.add(i, j, shift[i] * shift[j]);
            }
        }
        DMatrixRMaj tmp = new DMatrixRMaj(2, 2);
        DMatrixRMaj e = new DMatrixRMaj(2, 2);
        CommonOps_DDRM.mult(residual, shifted, tmp);
        CommonOps_DDRM.multTransB(tmp, residual, e);
        DMatrixRMaj bbt = new DMatrixRMaj(2, 2);
        CommonOps_DDRM.multTransB(b, b, bbt);
        CommonOps_DDRM.addEquals(e, s2, bbt);
        return 1 - CommonOps_DDRM.trace(e) / CommonOps_DDRM.trace(sv);
    }

    /** {mean, covariance rows} of the plane coordinates of factor f over the rows of sequences [from, to). */
    static double[][] planeMoments(Planted p, int f, long from, long to) {
        double[] mean = new double[2];
        double[][] second = new double[2][2];
        long n = 0;
        for (int i = (int) from; i < to; i++) {
            for (int q = 0; q < p.positions(); q++) {
                double[] a = Planted.plane(p.belief(f, i, p.firstRow() + q));
                n++;
                for (int j = 0; j < 2; j++) {
                    mean[j] += a[j];
                    for (int k = 0; k < 2; k++) {
                        second[j][k] += a[j] * a[k];
                    }
                }
            }
        }
        mean[0] /= n;
        mean[1] /= n;
        double[][] out = new double[3][2];
        out[0] = mean;
        for (int j = 0; j < 2; j++) {
            for (int k = 0; k < 2; k++) {
                out[1 + j][k] = second[j][k] / n - mean[j] * mean[k];
            }
        }
        return out;
    }

    /**
     * Without noise the factors are exact linear functions of x: R² = 1 and the probe reproduces every belief. The joint
     * belief η<sub>0</sub> ⊗ η<sub>1</sub> is not linear in x, but least squares is linear in the targets and the joint's
     * marginals are the factor beliefs, so summing the joint probe over factor 1's index gives factor 0's probe exactly.
     */
    @Test
    void noiselessFactorsAreRecoveredExactlyAndTheJointProbeMarginalisesToThem() throws IOException {
        Planted p = new Planted();
        p.angles = new double[] {0.4, 1.1};
        Path dir = p.write(dir("exact"));
        ProbeFit fit = fit(dir, ProbeOptions.defaults().withTargets(ProbeOptions.Targets.BOTH));
        assertEquals(List.of("joint", "factor 0", "factor 1"), fit.targets().stream().map(ProbeFit.Target::name).toList());
        for (int f = 0; f < 2; f++) {
            ProbeFit.Evaluation e = fit.evaluation(fit.targets().get(1 + f));
            assertEquals(1, e.training().pooledR2(), 1e-10);
            assertEquals(1, e.validation().pooledR2(), 1e-10);
            assertTrue(e.validation().pooledRmse() < 1e-7, "rmse " + e.validation().pooledRmse());
            for (int i : new int[] {p.count - 1, p.count - 50}) {
                for (int q = 0; q < p.positions(); q++) {
                    assertArrayEquals(p.belief(f, i, q), fit.factor(f).predict(p.activation(i, q)), 1e-9);
                }
            }
        }
        double jointR2 = fit.evaluation(fit.targets().get(0)).validation().pooledR2();
        assertTrue(jointR2 < 0.999, "a product of beliefs is not linear in x: " + jointR2);
        double[][] joint = fit.joint().weights();
        double[] jointIntercept = fit.joint().intercept();
        double[][] factor0 = fit.factor(0).weights();
        double[][] factor1 = fit.factor(1).weights();
        for (int a = 0; a < 3; a++) {
            double[] marginal0 = new double[p.width];
            double[] marginal1 = new double[p.width];
            double c0 = 0;
            double c1 = 0;
            for (int b = 0; b < 3; b++) {
                for (int k = 0; k < p.width; k++) {
                    marginal0[k] += joint[3 * a + b][k];
                    marginal1[k] += joint[3 * b + a][k];
                }
                c0 += jointIntercept[3 * a + b];
                c1 += jointIntercept[3 * b + a];
            }
            assertArrayEquals(factor0[a], marginal0, 1e-9);
            assertArrayEquals(factor1[a], marginal1, 1e-9);
            assertEquals(fit.factor(0).intercept()[a], c0, 1e-9);
            assertEquals(fit.factor(1).intercept()[a], c1, 1e-9);
        }
    }

    /**
     * Factor probes only: the joint baseline is the spectrum of ⊗<sub>f</sub> η<sub>f</sub> formed here from the factor
     * beliefs and, the factors of the planted process evolving independently, of the dataset's own joint belief
     * (beliefs.npy, fitted as a target): two Mess3 factors (9 entries, 8 dimensions) and five (243, within the cap of
     * 256). Six (729) exceed the cap: no baseline, a reason naming 729 in its place, in probe.json too.
     */
    @Test
    void theJointBaselineOfFactorProbesIsTheOuterProductOfTheirBeliefs() throws IOException {
        for (int factors : new int[] {2, 5}) {
            Planted p = new Planted();
            p.process = FactoredProcess.of(java.util.Collections.nCopies(factors, Catalogue.mess3(0.15, 0.6)).toArray(new Process[0]));
            p.count = 100;
            p.length = 4;
            p.noise = 0.1;
            Path dir = p.write(dir("outer-" + factors));
            ProbeFit factorsOnly = fit(dir, ProbeOptions.defaults().withRidge(1e-9));
            ProbeFit both = fit(dir, ProbeOptions.defaults().withTargets(ProbeOptions.Targets.BOTH).withRidge(1e-9));
            double[] outer = factorsOnly.jointBeliefVariance().orElseThrow().spectrum();
            assertEquals((int) Math.pow(3, factors), outer.length);
            assertArrayEquals(outerProductSpectrum(p, factorsOnly.trainingSequences(), 0), outer, 1e-12);
            assertArrayEquals(both.jointBeliefVariance().orElseThrow().spectrum(), outer, 1e-12);
            assertEquals(java.util.Optional.of("outerProduct"), factorsOnly.jointBaselineSource());
            assertEquals(java.util.Optional.of("beliefs"), both.jointBaselineSource());
            Path out = dir("outer-probe-" + factors);
            ProbeFiles.write(factorsOnly, out);
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("probe.json").toFile());
            assertEquals("outerProduct", json.at("/beliefEigenvalues/jointSource").asText());
            assertTrue(json.at("/beliefEigenvalues/jointOmitted").isNull());
            assertEquals((long) Math.pow(3, factors) - 1, json.at("/explainedVariance/jointBelief/dimension").asLong());
        }
        Planted p = new Planted();
        p.process = FactoredProcess.of(java.util.Collections.nCopies(6, Catalogue.mess3(0.15, 0.6)).toArray(new Process[0]));
        p.count = 20;
        p.length = 3;
        Path dir = p.write(dir("outer-6"));
        ProbeFit fit = fit(dir, ProbeOptions.defaults().withRidge(1e-9));
        assertTrue(fit.jointBeliefVariance().isEmpty());
        String reason = "the outer product of the factor beliefs has 729 entries, more than the 256 the joint baseline accumulates; a joint probe "
                + "(--targets both) gives the joint belief's own";
        assertEquals(java.util.Optional.of(reason), fit.jointBaselineOmission());
        Path out = dir("outer-probe-6");
        ProbeFiles.write(fit, out);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.resolve("probe.json").toFile());
        assertTrue(json.at("/beliefEigenvalues/joint").isNull());
        assertTrue(json.at("/beliefEigenvalues/jointSource").isNull());
        assertEquals(reason, json.at("/beliefEigenvalues/jointOmitted").asText());
        assertTrue(json.at("/explainedVariance/jointBelief").isNull());
    }

    /** The eigenvalues of the covariance (divided by the rows) of η<sub>0</sub> ⊗ … ⊗ η<sub>F−1</sub> (last fastest), training positions q ≥ skip. */
    private static double[] outerProductSpectrum(Planted p, long trained, int skip) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < trained; i++) {
            for (int q = skip; q < p.positions(); q++) {
                double[] product = {1};
                for (int f = 0; f < p.factors(); f++) {
                    double[] eta = p.belief(f, i, p.firstRow() + q);
                    double[] next = new double[product.length * eta.length];
                    for (int a = 0; a < product.length; a++) {
                        for (int b = 0; b < eta.length; b++) {
                            next[a * eta.length + b] = product[a] * eta[b];
                        }
                    }
                    product = next;
                }
                rows.add(product);
            }
        }
        return ExplainedVariance.of(Eigenvalues.symmetric(ExplainedVarianceTest.covariance(rows), "a test covariance")).spectrum();
    }

    /** The eigenvalues of the covariance (divided by the rows) of the factor beliefs concatenated, training positions q ≥ skip. */
    private static double[] factoredSpectrum(Planted p, long trained, int skip) {
        List<double[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < trained; i++) {
            for (int q = skip; q < p.positions(); q++) {
                double[] a = p.belief(0, i, p.firstRow() + q);
                double[] b = p.belief(1, i, p.firstRow() + q);
                double[] row = Arrays.copyOf(a, a.length + b.length);
                System.arraycopy(b, 0, row, a.length, b.length);
                rows.add(row);
            }
        }
        return ExplainedVariance.of(Eigenvalues.symmetric(ExplainedVarianceTest.covariance(rows), "a test covariance")).spectrum();
    }

    /**
     * Noiseless activations without nuisance span the two factors' planes (4 dimensions); the factored baseline is the
     * spectrum of the concatenated factor beliefs (4 components) and the joint one of η₀ ⊗ η₁ (8), both as computed
     * directly from the beliefs; leaving positions out changes the rows of every moment alike.
     */
    @Test
    void explainedVarianceOfActivationsAndOfTheBeliefBaselines() throws IOException {
        Planted p = new Planted();
        p.nuisance = 0;
        Path dir = p.write(dir("variance"));
        ProbeFit fit = fit(dir, ProbeOptions.defaults().withTargets(ProbeOptions.Targets.BOTH).withRidge(1e-9));
        assertEquals(4, fit.activationVariance().componentsFor(1 - 1e-9));
        ExplainedVariance factored = fit.factoredBeliefVariance().orElseThrow();
        assertEquals(4, factored.componentsFor(1 - 1e-9));
        assertEquals(8, fit.jointBeliefVariance().orElseThrow().componentsFor(1 - 1e-9));
        assertArrayEquals(factoredSpectrum(p, fit.trainingSequences(), 0), factored.spectrum(), 1e-12);

        ProbeFit skipping = fit(dir, ProbeOptions.defaults().withRidge(1e-9).withSkipPositions(2));
        assertEquals(fit.trainingSequences() * (p.positions() - 2), skipping.evaluation(skipping.targets().get(0)).training().rows());
        assertArrayEquals(factoredSpectrum(p, fit.trainingSequences(), 2), skipping.factoredBeliefVariance().orElseThrow().spectrum(), 1e-12);
        assertArrayEquals(outerProductSpectrum(p, fit.trainingSequences(), 2), skipping.jointBeliefVariance().orElseThrow().spectrum(), 1e-12,
                "no joint probe: the joint baseline of the outer product, on the same rows");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit(dir, ProbeOptions.defaults().withSkipPositions(
                p.positions())));
        assertTrue(e.getMessage().startsWith("skipping " + p.positions() + " positions leaves none of the P = " + p.positions()), e.getMessage());
    }

    @Test
    void svdAndNormalEquationPathsAgree() throws IOException {
        Planted p = new Planted();
        p.noise = 0.1;
        p.angles = new double[] {0.5, 0.9};
        Path dir = p.write(dir("svd"));
        for (double ridge : new double[] {0, 0.01}) {
            ProbeOptions cholesky = ProbeOptions.defaults().withRidge(ridge);
            ProbeFit a = fit(dir, cholesky);
            ProbeFit b = fit(dir, cholesky.withSvdCutoff(1e-14));
            for (int f = 0; f < 2; f++) {
                assertProbesEqual(a.factor(f), b.factor(f), 1e-9);
                assertEquals(a.evaluation(a.targets().get(f)).validation().pooledR2(), b.evaluation(b.targets().get(f)).validation().pooledR2(), 1e-10);
            }
        }
        // a ridge shrinks: the validation error of a heavily regularised probe is larger
        ProbeFit plain = fit(dir, ProbeOptions.defaults());
        ProbeFit ridged = fit(dir, ProbeOptions.defaults().withRidge(10));
        assertTrue(ridged.evaluation(ridged.targets().get(0)).validation().pooledR2() < plain.evaluation(plain.targets().get(0)).validation().pooledR2());
    }

    /**
     * Merging rows with the same prefix (weighted mean activation, summed weight) changes no moment when activations are
     * a function of the prefix, so merged and unmerged fits agree, with uniform and with prefix-probability weights.
     */
    @Test
    void mergedAndUnmergedFitsAgreeWhenActivationsDependOnThePrefixOnly() throws IOException {
        Planted p = new Planted();
        p.noise = 0.1;
        p.prefixNoise = true;
        p.count = 400;
        Path dir = p.write(dir("merge"));
        for (ProbeOptions.Weighting weighting : ProbeOptions.Weighting.values()) {
            ProbeOptions options = ProbeOptions.defaults().withWeighting(weighting);
            ProbeFit unmerged = fit(dir, options);
            ProbeFit merged = fit(dir, options.withMergedPrefixes(true));
            for (int f = 0; f < 2; f++) {
                assertProbesEqual(unmerged.factor(f), merged.factor(f), 1e-9);
                ProbeFit.Evaluation u = unmerged.evaluation(unmerged.targets().get(f));
                ProbeFit.Evaluation m = merged.evaluation(merged.targets().get(f));
                assertEquals(u.validation().pooledR2(), m.validation().pooledR2(), 1e-9);
                assertEquals(u.validation().weight(), m.validation().weight(), 1e-9 * u.validation().weight());
                assertEquals(distinctPrefixes(p, 320, 400), m.validation().rows());
                assertEquals(80L * p.positions(), u.validation().rows());
            }
        }
    }

    static long distinctPrefixes(Planted p, int from, int to) {
        Set<List<Integer>> seen = new HashSet<>();
        for (int i = from; i < to; i++) {
            for (int r = p.firstRow(); r < p.firstRow() + p.positions(); r++) {
                List<Integer> prefix = new java.util.ArrayList<>();
                for (int t = 0; t < r; t++) {
                    prefix.add(p.block.tokens()[i * p.length + t]);
                }
                seen.add(prefix);
            }
        }
        return seen.size();
    }

    /** With noise per row, merging averages activations that differ: close to, but not the same as, the unmerged fit. */
    @Test
    void mergingAveragesActivationsThatDiffer() throws IOException {
        Planted p = new Planted();
        p.noise = 0.1;
        p.count = 400;
        Path dir = p.write(dir("merge-noise"));
        ProbeFit unmerged = fit(dir, ProbeOptions.defaults());
        ProbeFit merged = fit(dir, ProbeOptions.defaults().withMergedPrefixes(true));
        double a = unmerged.evaluation(unmerged.targets().get(0)).training().pooledR2();
        double b = merged.evaluation(merged.targets().get(0)).training().pooledR2();
        assertTrue(a != b && Math.abs(a - b) < 0.2, a + " vs " + b);
        assertTrue(b > a, "averaging noise over a prefix's rows raises the in-sample R²: " + a + " vs " + b);
    }

    /** Without noise any positive weights recover the same exact probe. */
    @Test
    void uniformAndPrefixProbabilityWeightsAgreeOnAnExactFit() throws IOException {
        Planted p = new Planted();
        p.angles = new double[] {0.7, 1.2};
        Path dir = p.write(dir("weights"));
        ProbeFit uniform = fit(dir, ProbeOptions.defaults());
        ProbeFit weighted = fit(dir, ProbeOptions.defaults().withWeighting(ProbeOptions.Weighting.PREFIX_PROBABILITY));
        for (int f = 0; f < 2; f++) {
            assertProbesEqual(uniform.factor(f), weighted.factor(f), 1e-8);
        }
        double w = weighted.evaluation(weighted.targets().get(0)).training().weight();
        assertTrue(w < uniform.evaluation(uniform.targets().get(0)).training().weight() / 5, "prefix probabilities shrink: " + w);
    }

    static Planted alignment(boolean bos, boolean bosPosition) {
        Planted p = new Planted();
        p.noise = 0.1;
        p.prefixNoise = true;
        p.count = 300;
        p.bos = bos;
        p.bosPosition = bosPosition;
        return p;
    }

    /**
     * The same sequences with and without a BOS token in the dataset pair the same activations with the same beliefs and
     * weights (logprob gains a leading 0, tokens a leading BOS column): the fits are the same, for P = L + 1 (position 0
     * reads BOS, row 0) and for P = L (rows 1 … L). Pairing with the wrong rows loses the exact fit.
     */
    @Test
    void alignmentsOfBosTokenAndBosPositionAgree() throws IOException {
        ProbeOptions options = ProbeOptions.defaults().withWeighting(ProbeOptions.Weighting.PREFIX_PROBABILITY).withMergedPrefixes(true);
        ProbeFit a = fit(alignment(false, true).write(dir("plain")), options);
        ProbeFit b = fit(alignment(true, true).write(dir("bos")), options);
        assertEquals(0, a.firstBeliefRow());
        assertEquals(0, b.firstBeliefRow());
        ProbeFit c = fit(alignment(false, false).write(dir("plain-l")), options);
        // a BOS dataset with P = L is read as its inputs (rows 0 … L-1): these activations skipped BOS, so say so
        ProbeFit e = fit(alignment(true, false).write(dir("bos-l")), options.withFirstBeliefRow(1));
        ProbeFit explicit = fit(dir("plain-l"), options.withFirstBeliefRow(1));
        assertEquals(1, c.firstBeliefRow());
        assertEquals(1, e.firstBeliefRow());
        for (int f = 0; f < 2; f++) {
            assertProbesEqual(a.factor(f), b.factor(f), 1e-12);
            assertProbesEqual(c.factor(f), e.factor(f), 1e-12);
            assertProbesEqual(c.factor(f), explicit.factor(f), 0);
        }
        Planted exact = alignment(false, false);
        exact.noise = 0;
        Path shifted = exact.write(dir("shifted"));
        ProbeFit right = fit(shifted, ProbeOptions.defaults());
        ProbeFit wrong = fit(shifted, ProbeOptions.defaults().withFirstBeliefRow(0));
        assertEquals(0, wrong.firstBeliefRow());
        assertEquals(1, right.evaluation(right.targets().get(0)).validation().pooledR2(), 1e-10);
        assertTrue(wrong.evaluation(wrong.targets().get(0)).validation().pooledR2() < 0.9);
    }

    /**
     * Activations recorded on the inputs tokens[:, :-1] of ghmm_data's batches are aligned without being told: with a
     * BOS token P = L and position p reads BOS x₁ … x_p (row p); without, P = L − 1 and position p reads x₁ … x_{p+1}
     * (row p + 1). Without noise the right rows fit exactly.
     */
    @Test
    void activationsOfTheInputsAreAlignedAutomatically() throws IOException {
        for (boolean bos : new boolean[] {true, false}) {
            Planted p = alignment(bos, bos);
            p.noise = 0;
            p.inputsOnly = true;
            ProbeFit fit = fit(p.write(dir("inputs-" + bos)), ProbeOptions.defaults());
            assertEquals(bos ? 0 : 1, fit.firstBeliefRow());
            assertEquals(p.length - (bos ? 0 : 1), p.positions());
            assertEquals(1, fit.evaluation(fit.targets().get(0)).validation().pooledR2(), 1e-10);
        }
    }

    @Test
    void aLayerOfAFourDimensionalFileIsReadAlone() throws IOException {
        Planted p = new Planted();
        p.noise = 0.05;
        p.count = 300;
        p.layers = 3;
        p.layer = 1;
        Path dir = p.write(dir("layers"));
        ProbeFit fit = fit(dir, 1, ProbeOptions.defaults());
        Planted single = new Planted();
        single.noise = 0.05;
        single.count = 300;
        ProbeFit reference = fit(single.write(dir("single")), ProbeOptions.defaults());
        for (int f = 0; f < 2; f++) {
            assertProbesEqual(reference.factor(f), fit.factor(f), 0);
        }
    }

    /** Activations that are multiples of 2⁻⁸ below 8 are exact in float16: the float16 file fits exactly as the float64 one. */
    @Test
    void float16ActivationsAreReadExactly() throws IOException {
        Planted half = new Planted();
        half.noise = 0.1;
        half.count = 300;
        half.quantise = true;
        half.dtype = Planted.Dtype.FLOAT16;
        Planted wide = new Planted();
        wide.noise = 0.1;
        wide.count = 300;
        wide.quantise = true;
        ProbeFit a = fit(half.write(dir("f16")), ProbeOptions.defaults());
        ProbeFit b = fit(wide.write(dir("f64")), ProbeOptions.defaults());
        for (int f = 0; f < 2; f++) {
            assertProbesEqual(b.factor(f), a.factor(f), 0);
        }
        Planted single = new Planted();
        single.noise = 0.1;
        single.count = 300;
        single.dtype = Planted.Dtype.FLOAT32;
        Planted full = new Planted();
        full.noise = 0.1;
        full.count = 300;
        ProbeFit c = fit(single.write(dir("f32")), ProbeOptions.defaults());
        ProbeFit d = fit(full.write(dir("f64-full")), ProbeOptions.defaults());
        for (int f = 0; f < 2; f++) {
            assertProbesEqual(d.factor(f), c.factor(f), 1e-5);
        }
    }

    /** Three Mess3 factors, the third on its own orthogonal pair: every factor read exactly, the summary lists them. */
    @Test
    void mess3CubedHasThreeExactProbes() throws IOException {
        Planted p = new Planted();
        p.process = FactoredCatalogue.mess3Cubed();
        p.count = 300;
        p.angles = new double[] {0.3, 1.0};
        ProbeFit fit = fit(p.write(dir("cubed")), ProbeOptions.defaults().withValidation(0.25));
        assertEquals(3, fit.factors());
        assertEquals(225, fit.trainingSequences());
        assertEquals(75, fit.validationSequences());
        for (int f = 0; f < 3; f++) {
            assertEquals(1, fit.evaluation(fit.targets().get(f)).validation().pooledR2(), 1e-10);
        }
        String summary = fit.summary();
        assertTrue(summary.contains("factor 2") && summary.contains("effective dimension"), summary);
    }
}
