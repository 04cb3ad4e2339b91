package dev.ghmm.probe;

import static dev.ghmm.probe.BadInputTest.refused;
import static dev.ghmm.probe.ProbeFitTest.fit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe directory: what is written is what the fit holds, and reading it back gives the same fit. */
class ProbeFilesTest {
    @TempDir
    Path tmp;

    static Planted planted() {
        Planted p = new Planted();
        p.count = 200;
        p.noise = 0.05;
        p.angles = new double[] {0.4, 1.1};
        return p;
    }

    ProbeFit fitBoth(Planted p, String name) throws IOException {
        Path dir = p.write(Files.createDirectories(tmp.resolve(name)));
        return fit(dir, ProbeOptions.defaults().withTargets(ProbeOptions.Targets.BOTH).withRidge(1e-7).withShuffleSeed(-3));
    }

    static void assertScoresEqual(Scores a, Scores b) {
        assertArrayEquals(a.r2(), b.r2(), 0);
        assertArrayEquals(a.rmse(), b.rmse(), 0);
        assertEquals(a.pooledR2(), b.pooledR2(), 0);
        assertEquals(a.pooledRmse(), b.pooledRmse(), 0);
        assertEquals(a.rows(), b.rows());
        assertEquals(a.weight(), b.weight(), 0);
    }

    /**
     * Write, read: every number of the fit comes back bit for bit (JSON doubles are written in their shortest exact
     * form, .npy as float64), so geometry and steering computed from the read fit are those of the original.
     */
    @Test
    void aWrittenFitReadsBackTheSame() throws IOException {
        Planted p = planted();
        ProbeFit fit = fitBoth(p, "fit");
        Path out = Files.createDirectories(tmp.resolve("probe"));
        ProbeFiles.write(fit, out);
        ProbeFit back = ProbeFiles.read(out);
        assertEquals(fit.options(), back.options());
        assertEquals(fit.source(), back.source());
        assertEquals(fit.width(), back.width());
        assertEquals(fit.firstBeliefRow(), back.firstBeliefRow());
        assertEquals(fit.trainingSequences(), back.trainingSequences());
        assertEquals(fit.validationSequences(), back.validationSequences());
        assertEquals(fit.targets(), back.targets());
        assertArrayEquals(fit.covarianceEigenvalues(), back.covarianceEigenvalues(), 0);
        assertEquals(fit.toString(), back.toString());
        assertTrue(fit.toString().matches("ProbeFit\\(d = 12, \\d+ training and \\d+ validation sequences, validation R²: joint [-0-9.e]+, factor 0 "
                + "[-0-9.e]+, factor 1 [-0-9.e]+\\)"), fit.toString());
        assertEquals("LinearProbe(3 × 12: ŷ = c + W x)", fit.factor(0).toString());
        assertArrayEquals(fit.factoredBeliefVariance().orElseThrow().spectrum(), back.factoredBeliefVariance().orElseThrow().spectrum(), 0);
        assertArrayEquals(fit.jointBeliefVariance().orElseThrow().spectrum(), back.jointBeliefVariance().orElseThrow().spectrum(), 0);
        for (ProbeFit.Target t : fit.targets()) {
            ProbeFitTest.assertProbesEqual(fit.probe(t), back.probe(t), 0);
            ProbeFit.Evaluation a = fit.evaluation(t);
            ProbeFit.Evaluation b = back.evaluation(t);
            assertScoresEqual(a.training(), b.training());
            assertScoresEqual(a.validation(), b.validation());
            assertScoresEqual(a.shuffledTraining(), b.shuffledTraining());
            assertScoresEqual(a.shuffledValidation(), b.shuffledValidation());
        }
        assertArrayEquals(Geometry.of(fit).principalAngles(0, 1), Geometry.of(back).principalAngles(0, 1), 0);
        assertEquals(Geometry.of(fit).unionDimension(), Geometry.of(back).unionDimension());
        double[] target = {0.6, 0.3, 0.1};
        ActivationSteering.Shift s = ActivationSteering.of(fit).toward(1, target);
        ActivationSteering.Shift r = ActivationSteering.of(back).toward(1, target);
        assertArrayEquals(s.delta(), r.delta(), 0);
        assertArrayEquals(s.crossTalk(), r.crossTalk(), 0);
        assertArrayEquals(s.jointChange(), r.jointChange(), 0);
    }

    /** The files hold what the fit holds, in the documented layout: weights [k, d] row by row, intercepts [k]. */
    @Test
    void theFilesHoldTheProbesInTheDocumentedLayout() throws IOException {
        ProbeFit fit = fitBoth(planted(), "layout");
        Path out = Files.createDirectories(tmp.resolve("probe"));
        ProbeFiles.write(fit, out);
        Npy.Array w = Npy.read(out.resolve("weights.f1.npy"));
        assertEquals(Npy.Dtype.FLOAT64, w.dtype());
        assertArrayEquals(new long[] {3, 12}, w.shape());
        double[][] expected = fit.factor(1).weights();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 12; j++) {
                assertEquals(expected[i][j], w.doubles()[i * 12 + j], 0);
            }
        }
        assertArrayEquals(fit.joint().intercept(), Npy.read(out.resolve("intercept.joint.npy")).doubles(), 0);
        assertArrayEquals(new long[] {9, 12}, Npy.read(out.resolve("weights.joint.npy")).shape());
        assertArrayEquals(new long[] {3, 2}, Npy.read(out.resolve("directions.f0.npy")).shape());
        JsonNode json = new ObjectMapper().readTree(out.resolve("probe.json").toFile());
        assertEquals("ghmm-probe/1", json.get("format").asText());
        assertEquals("both", json.at("/options/targets").asText());
        assertEquals(-3, json.at("/options/seed").asLong());
        assertEquals("factor 0", json.at("/targets/1/name").asText());
        assertTrue(json.at("/targets/0/factor").isNull());
        ProbeFit.Target f0 = fit.targets().get(1);
        assertEquals(fit.evaluation(f0).validation().pooledR2(), json.at("/targets/1/validation/pooledR2").asDouble(), 0);
        // two Mess3 factors: Σ(d_f − 1) = 4 read directions against 3·3 − 1 = 8 for a joint representation
        assertEquals(4, json.at("/geometry/factoredDimension").asInt());
        assertEquals(8, json.at("/geometry/jointDimension").asInt());
        assertEquals(4, json.at("/geometry/unionDimension").asInt());
        assertEquals(Geometry.of(fit).principalAngles(0, 1)[0], json.at("/geometry/principalAngles/0/radians/0").asDouble(), 0);
        // overlap of the two read planes against random planes of R^12: O(k) from the principal angles, mean k/d
        double[] angles = Geometry.of(fit).principalAngles(0, 1);
        double cos0 = Math.cos(angles[0]);
        double cos1 = Math.cos(angles[1]);
        assertEquals((cos0 * cos0 + cos1 * cos1) / 2, json.at("/geometry/overlaps/0/overlap/1").asDouble(), 1e-12,
                "O(2) = mean squared cosine of the principal angles");
        assertEquals(2.0 / 12, json.at("/geometry/overlaps/0/chance/mean/1").asDouble(), 0);
        assertTrue(json.at("/geometry/overlaps/0/chance/p5/0").asDouble() < 1.0 / 12);
        // explained variance: NC@p at the default shares, the CEV curves, and each baseline's largest dimension
        assertEquals("[0.9,0.95,0.99]", json.at("/explainedVariance/levels").toString());
        assertEquals(fit.activationVariance().componentsFor(0.95), json.at("/explainedVariance/activations/components/1").asInt());
        assertEquals(12, json.at("/explainedVariance/activations/cev").size());
        assertEquals(4, json.at("/explainedVariance/factoredBeliefs/dimension").asInt());
        assertEquals(8, json.at("/explainedVariance/jointBelief/dimension").asInt());
        assertEquals(fit.jointBeliefVariance().orElseThrow().cumulative(3), json.at("/explainedVariance/jointBelief/cev/2").asDouble(), 0);
        assertEquals(9, json.at("/beliefEigenvalues/joint").size());
        ProbeFiles.write(fit, out, 0.5, 1);
        JsonNode levels = new ObjectMapper().readTree(out.resolve("probe.json").toFile());
        assertEquals("[0.5,1.0]", levels.at("/explainedVariance/levels").toString());
        assertEquals(fit.factoredBeliefVariance().orElseThrow().componentsFor(1), levels.at("/explainedVariance/factoredBeliefs/components/1").asInt());
        assertEquals("explained-variance level 0.0 is outside (0, 1]", assertThrows(IllegalArgumentException.class, () -> ProbeFiles.write(fit, out, 0))
                .getMessage());
    }

    /** Without validation sequences the validation scores are undefined: null in JSON, NaN again when read. */
    @Test
    void undefinedScoresAreNullAndReadBackAsNaN() throws IOException {
        Path dir = planted().write(Files.createDirectories(tmp.resolve("noval")));
        ProbeFit fit = fit(dir, ProbeOptions.defaults().withValidation(0));
        Path out = Files.createDirectories(tmp.resolve("probe"));
        ProbeFiles.write(fit, out);
        JsonNode json = new ObjectMapper().readTree(out.resolve("probe.json").toFile());
        assertTrue(json.at("/targets/0/validation/pooledR2").isNull());
        assertTrue(Double.isNaN(ProbeFiles.read(out).evaluation(fit.targets().get(0)).validation().pooledR2()));
    }

    @Test
    void brokenProbeDirectoriesAreRefusedNamingTheFileAndPath() throws IOException {
        ProbeFit fit = fitBoth(planted(), "broken");
        Path out = Files.createDirectories(tmp.resolve("probe"));
        refused(() -> ProbeFiles.read(out), "is not a probe directory", "probe.json");
        ProbeFiles.write(fit, out);
        ObjectMapper mapper = new ObjectMapper();
        Path json = out.resolve("probe.json");
        ObjectNode good = (ObjectNode) mapper.readTree(json.toFile());
        ObjectNode bad = good.deepCopy();
        bad.put("format", "ghmm-probe/9");
        mapper.writeValue(json.toFile(), bad);
        refused(() -> ProbeFiles.read(out), "format is \"ghmm-probe/9\"");
        bad = good.deepCopy();
        ((ObjectNode) bad.at("/targets/2")).put("dimension", 4);
        mapper.writeValue(json.toFile(), bad);
        refused(() -> ProbeFiles.read(out), "weights.f1.npy has shape [3, 12], expected [4, 12]");
        bad = good.deepCopy();
        ((ObjectNode) bad.at("/options")).put("validation", 1.5);
        mapper.writeValue(json.toFile(), bad);
        refused(() -> ProbeFiles.read(out), "probe.json: validation fraction 1.5");
        bad = good.deepCopy();
        ((ObjectNode) bad.at("/targets/1")).remove("beliefMean");
        mapper.writeValue(json.toFile(), bad);
        assertEquals(json + ": targets[1].beliefMean is missing", refused(() -> ProbeFiles.read(out)), "the file named once");
        bad = good.deepCopy();
        bad.remove("width");
        mapper.writeValue(json.toFile(), bad);
        assertEquals(json + ": width is missing", refused(() -> ProbeFiles.read(out)), "the file named once");
        bad = good.deepCopy();
        bad.put("width", "12");
        mapper.writeValue(json.toFile(), bad);
        assertEquals(json + ": width = \"12\" is not an integer", refused(() -> ProbeFiles.read(out)));
        bad.put("width", 12.5);
        mapper.writeValue(json.toFile(), bad);
        assertEquals(json + ": width = 12.5 is not an integer", refused(() -> ProbeFiles.read(out)));
        bad.put("width", 12.0);
        mapper.writeValue(json.toFile(), bad);
        assertEquals(12, ProbeFiles.read(out).width(), "an integer key takes a number whose value is an exact integer (docs/guide.md)");
        bad = good.deepCopy();
        ((ObjectNode) bad.at("/targets/1")).put("factor", 1);
        mapper.writeValue(json.toFile(), bad);
        refused(() -> ProbeFiles.read(out), "targets[1].factor is 1");
        mapper.writeValue(json.toFile(), good);
        Files.delete(out.resolve("intercept.f0.npy"));
        refused(() -> ProbeFiles.read(out), "targets[1].intercept names", "intercept.f0.npy, which is missing");
        Files.writeString(json, "{\"format\": ");
        refused(() -> ProbeFiles.read(out), "probe.json: malformed JSON at line 1");
    }

    /**
     * Predictions are read with the fit's alignment: without noise every prediction is the belief of its row (P = L,
     * row p + 1 for position p), and each is c + Wx of the planted activation.
     */
    @Test
    void predictionsPairEachPositionWithItsBeliefRow() throws IOException {
        Planted p = planted();
        p.noise = 0;
        p.bosPosition = false;
        Path dir = p.write(Files.createDirectories(tmp.resolve("pred")));
        try (Activations a = Activations.open(dir.resolve("acts.npy")); BeliefDataset ds = BeliefDataset.open(dir.resolve("data"))) {
            ProbeFit fit = ProbeFitter.fit(a, ds, ProbeOptions.defaults());
            ProbeFit.Target f1 = fit.targets().get(1);
            ProbeFitter.Predictions pr = ProbeFitter.predictions(fit, a, ds, f1, 190, 10);
            double before = pr.truth()[0][0];
            pr.truth()[0][0] = before + 1;
            pr.predicted()[0][0] = before + 1;
            assertEquals(before, pr.truth()[0][0], 0, "the arrays are copies");
            assertArrayEquals(pr.truth()[0], pr.predicted()[0], 1e-9);
            assertEquals(10 * p.length, pr.truth().length);
            for (int q = 0; q < 10; q++) {
                for (int pos = 0; pos < p.length; pos++) {
                    int row = q * p.length + pos;
                    assertArrayEquals(p.belief(1, 190 + q, pos + 1), pr.truth()[row], 0);
                    assertArrayEquals(pr.truth()[row], pr.predicted()[row], 1e-9);
                    assertArrayEquals(fit.factor(1).predict(p.activation(190 + q, pos)), pr.predicted()[row], 1e-12);
                }
            }
            refused(() -> ProbeFitter.predictions(fit, a, ds, f1, 195, 10), "sequences [195, 205) are outside the 200");
        }
    }
}
