package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ghmm probe}: every option on planted-truth activations (see {@link ProbeFixture}). */
class ProbeCommandTest {
    @TempDir
    Path tmp;

    Path fixture(String name, ProbeFixture f) throws IOException {
        return f.write(Files.createDirectories(tmp.resolve(name)));
    }

    static CliTest.Result probe(Path dir, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("probe", "--dataset", dir.resolve("data").toString(), "--activations",
                dir.resolve("acts.npy").toString(), "--out", dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static JsonNode json(Path file) throws IOException {
        return Json.readTree(file);
    }

    @Test
    void skipPositionsAndLevelsReachTheFitAndTheReport() throws IOException {
        Path dir = fixture("levels", new ProbeFixture());
        CliTest.Result r = probe(dir, "probe", "--skip-positions", "1", "--levels", "0.5,1");
        assertEquals(0, r.code(), r.err());
        JsonNode out = Json.parse(r.out());
        assertEquals("[0.5,1.0]", out.at("/components/levels").toString());
        assertEquals(2, out.at("/components/activations").size());
        assertEquals(4, out.at("/components/factoredBeliefs/1").asInt(), "two Mess3 factors: 2 + 2 dimensions");
        assertEquals(8, out.at("/components/jointBelief/1").asInt(), "3 x 3 joint states: 8 dimensions");
        JsonNode probe = json(dir.resolve("probe/probe.json"));
        assertEquals(1, probe.at("/options/skipPositions").asInt());
        long trained = probe.at("/trainingSequences").asLong();
        int positions = out.at("/positions").asInt();
        assertEquals(trained * (positions - 1), probe.at("/targets/0/training/rows").asLong());
        assertEquals("[0.5,1.0]", probe.at("/explainedVariance/levels").toString());

        CliTest.Result text = probe(dir, "probe-text", "--text", "--levels", "0.9,0.95");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("NC@0\\.9/0\\.95: activations \\d+ \\d+, factor beliefs \\d+ \\d+, joint belief \\d+ \\d+")), text.out());

        for (String[] bad : new String[][] {{"--levels", "0,1"}, {"--levels", "x"}, {"--skip-positions", "-1"}, {"--skip-positions", "100"}}) {
            CliTest.Result b = probe(dir, "bad", bad);
            assertEquals(2, b.code(), String.join(" ", bad) + ": " + b.err());
            assertEquals(1, b.err().lines().count(), b.err());
            assertTrue(b.err().contains(bad[0]) || b.err().contains("skipping 100 positions"), b.err());
        }
    }

    /** Activations of a range of the dataset's sequences, fitted with --first-sequence, reproduce the exact fit; without it they are refused. */
    @Test
    void activationsOfARangeOfSequencesNeedTheirFirstSequence() throws IOException {
        ProbeFixture f = new ProbeFixture();
        Path dir = fixture("range", f);
        Npy.Array all = Npy.read(dir.resolve("acts.npy"));
        long[] shape = all.shape();
        int first = 7;
        int count = (int) shape[0] - first - 3;
        long per = shape[1] * shape[2];
        try (Npy.Writer w = Npy.Writer.float64(dir.resolve("part.npy"), count, shape[1], shape[2])) {
            w.write(all.doubles(), (int) (first * per), (int) (count * per));
        }
        List<String> args = new ArrayList<>(List.of("probe", "--dataset", dir.resolve("data").toString(), "--activations",
                dir.resolve("part.npy").toString(), "--out", dir.resolve("part").toString()));
        CliTest.Result refused = run(args.toArray(String[]::new));
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("holds " + count + " sequences but the dataset") && refused.err().contains("give the dataset index"),
                refused.err());
        args.addAll(List.of("--first-sequence", Integer.toString(first)));
        CliTest.Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        for (JsonNode t : r.json().get("targets")) {
            if (!t.get("name").asText().equals("joint")) {
                assertEquals(1, t.get("validationR2").asDouble(), 1e-9, t.toString());
            }
        }
        assertEquals(first, json(dir.resolve("part/probe.json")).at("/options/firstSequence").asLong());
        args.set(args.size() - 1, Integer.toString(first + 4));
        args.set(args.indexOf(dir.resolve("part").toString()), dir.resolve("past").toString());
        CliTest.Result past = run(args.toArray(String[]::new));
        assertEquals(2, past.code());
        assertTrue(past.err().contains("sequences from sequence " + (first + 4) + " on, past the"), past.err());
    }

    @Test
    void anOutputHoldingTheDatasetOrTheActivationsIsRefusedAndTheyAreKept() throws IOException {
        Path dir = fixture("inputs", new ProbeFixture());
        Path acts = Files.move(dir.resolve("acts.npy"), dir.resolve("data/acts.npy"));
        byte[] before = Files.readAllBytes(acts);
        for (Path out : List.of(dir.resolve("data"), dir)) {
            CliTest.Result r = run("probe", "--dataset", dir.resolve("data").toString(), "--activations", acts.toString(), "--out", out.toString(),
                    "--overwrite");
            assertEquals(2, r.code(), r.err());
            assertEquals("ghmm probe: --out " + out + " holds the input " + dir.resolve("data") + ", which writing it would delete: choose another --out\n",
                    r.err());
            assertArrayEquals(before, Files.readAllBytes(acts));
            assertTrue(Files.exists(dir.resolve("data/meta.json")));
        }
    }

    /**
     * Without noise each factor's belief is an exact affine function of x: R² = 1 on both factors, the probes are the planted
     * W<sub>f</sub> = [0 … V … 0] with c = 1/3, the read planes are orthogonal (π/2), their union has dimension 4 against
     * 3·3 − 1 = 8 for a joint representation, and the default targets are both beliefs the dataset holds.
     */
    @Test
    void probeRecoversThePlantedProbesAndWritesTheDirectory() throws IOException {
        Path dir = fixture("exact", new ProbeFixture());
        CliTest.Result r = probe(dir, "probe");
        assertEquals(0, r.code(), r.err());
        long n = r.json().get("trainingSequences").asLong() + r.json().get("validationSequences").asLong();
        assertEquals("ghmm probe: " + n + "/" + n + " sequences\n", r.err(), "stderr holds the progress line alone");
        JsonNode out = r.json();
        assertEquals(3, out.get("targets").size());
        for (JsonNode t : out.get("targets")) {
            if (t.get("name").asText().equals("joint")) {
                // η₀ ⊗ η₁ is bilinear in x: no affine probe reads it exactly
                assertTrue(t.get("validationR2").asDouble() < 0.9 && t.get("validationR2").asDouble() > 0.3, t.toString());
            } else {
                assertEquals(1, t.get("validationR2").asDouble(), 1e-10, t.toString());
            }
            assertTrue(Math.abs(t.get("shuffledValidationR2").asDouble()) < 0.5, t.toString());
        }
        assertEquals(32, out.get("trainingSequences").asLong());
        assertEquals(8, out.get("validationSequences").asLong());
        assertEquals(Math.PI / 2, out.at("/geometry/principalAngles/0/radians/0").asDouble(), 1e-8);
        assertEquals(Math.PI / 2, out.at("/geometry/principalAngles/0/radians/1").asDouble(), 1e-8);
        assertEquals(4, out.at("/geometry/unionDimension").asInt());
        Path probe = dir.resolve("probe");
        JsonNode json = json(probe.resolve("probe.json"));
        assertEquals("ghmm-probe/1", json.get("format").asText());
        assertEquals(8, json.at("/geometry/jointDimension").asInt());
        assertEquals(4, json.at("/geometry/factoredDimension").asInt());
        assertEquals(3, json.at("/targets/1/validation/r2").size());
        Npy.Array w = Npy.read(probe.resolve("weights.f1.npy"));
        assertArrayEquals(new long[] {3, 8}, w.shape());
        for (int s = 0; s < 3; s++) {
            for (int k = 0; k < 8; k++) {
                double expected = k == 2 || k == 3 ? ProbeFixture.V[s][k - 2] : 0;
                assertEquals(expected, w.doubles()[s * 8 + k], 1e-9, "W1[" + s + "][" + k + "]");
            }
        }
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3}, Npy.read(probe.resolve("intercept.f1.npy")).doubles(), 1e-9);
        assertTrue(Files.exists(probe.resolve("weights.joint.npy")));
        try (var files = Files.list(tmp.resolve("exact"))) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().startsWith(".")), "no temporary directory left");
        }
    }

    @Test
    void textPrintsTheSummaryTable() throws IOException {
        CliTest.Result r = probe(fixture("text", new ProbeFixture()), "probe", "--text", "--targets", "factors");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("factor 1"), r.out());
        assertTrue(r.out().contains("effective dimension"), r.out());
        assertTrue(r.out().strip().endsWith("probe"), r.out());
    }

    /** The planted layer is the last; the others are NaN, so a fit that read them would be refused. */
    @Test
    void layerChoosesOneLayerOfAFourDimensionalFile() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.layers = 3;
        Path dir = fixture("layers", f);
        CliTest.Result r = probe(dir, "probe", "--layer", "2");
        assertEquals(0, r.code(), r.err());
        assertEquals(2, r.json().get("layer").asInt());
        assertEquals(2, json(dir.resolve("probe/probe.json")).get("layer").asInt());
        assertEquals(1, r.json().at("/targets/1/validationR2").asDouble(), 1e-10);
        CliTest.Result nan = probe(dir, "probe0", "--layer", "0");
        assertEquals(2, nan.code());
        assertTrue(nan.err().contains("acts.npy[0, 0, 0, 0] = NaN: activations must be finite"), nan.err());
    }

    /**
     * Without --layer every layer is fitted, each into its own probe directory, with layers.json listing them: layer 0
     * is exact (R² = 1) and noise grows with the layer, so R² falls layer by layer.
     */
    @Test
    void withoutLayerEveryLayerIsFittedIntoItsOwnDirectory() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.layers = 3;
        f.noisePerLayer = 0.2;
        Path dir = fixture("every", f);
        CliTest.Result r = probe(dir, "probe", "--targets", "factors");
        assertEquals(0, r.code(), r.err());
        JsonNode layers = r.json().get("layers");
        assertEquals(3, layers.size());
        assertEquals(1, layers.at("/0/targets/0/validationR2").asDouble(), 1e-10);
        double previous = 2;
        for (int l = 0; l < 3; l++) {
            assertEquals(l, layers.get(l).get("layer").asInt());
            assertEquals("layer" + l, layers.get(l).get("directory").asText());
            double r2 = layers.get(l).at("/targets/0/validationR2").asDouble();
            assertTrue(r2 < previous, "layer " + l + ": " + r2);
            previous = r2;
            assertEquals(l, json(dir.resolve("probe/layer" + l + "/probe.json")).get("layer").asInt());
        }
        JsonNode index = json(dir.resolve("probe/layers.json"));
        assertEquals("ghmm-probe-layers/1", index.get("format").asText());
        assertEquals(layers, index.get("layers"));
        CliTest.Result text = probe(dir, "text", "--targets", "factors", "--text");
        assertTrue(text.out().startsWith("layer 0"), text.out());
        assertTrue(text.out().contains("layer 2"), text.out());
    }

    @Test
    void targetsChooseWhichBeliefsAreFitted() throws IOException {
        Path dir = fixture("targets", new ProbeFixture());
        assertEquals(0, probe(dir, "joint", "--targets", "joint").code());
        assertEquals(0, probe(dir, "factors", "--targets", "factors").code());
        assertEquals(0, probe(dir, "both", "--targets", "both").code());
        assertEquals(List.of("joint"), names(dir.resolve("joint")));
        assertEquals(List.of("factor 0", "factor 1"), names(dir.resolve("factors")));
        assertEquals(List.of("joint", "factor 0", "factor 1"), names(dir.resolve("both")));
        assertFalse(Files.exists(dir.resolve("joint/weights.f0.npy")));
        assertFalse(Files.exists(dir.resolve("factors/weights.joint.npy")));
        assertTrue(json(dir.resolve("joint/probe.json")).path("geometry").isMissingNode(), "no geometry without factor probes");
    }

    private static List<String> names(Path probe) throws IOException {
        List<String> names = new ArrayList<>();
        json(probe.resolve("probe.json")).get("targets").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }

    /**
     * Uniform rows weigh 1 each (W = rows); prefix-probability rows weigh Pr(x₁ … x_r): 1 at r = 0, then about 9<sup>−r</sup>
     * (a joint symbol of two Mess3 factors has probability near 1/9), so W is a little above the 32 training rows of r = 0.
     * Without noise the fit stays exact.
     */
    @Test
    void weightsLogprobWeighsRowsByPrefixProbability() throws IOException {
        Path dir = fixture("weights", new ProbeFixture());
        assertEquals(0, probe(dir, "uniform", "--weights", "uniform").code());
        CliTest.Result r = probe(dir, "logprob", "--weights", "logprob");
        assertEquals(0, r.code(), r.err());
        JsonNode uniform = json(dir.resolve("uniform/probe.json"));
        JsonNode logprob = json(dir.resolve("logprob/probe.json"));
        assertEquals("logprob", logprob.at("/options/weights").asText());
        long rows = uniform.at("/targets/0/training/rows").asLong();
        assertEquals(32 * 6, rows);
        assertEquals(rows, uniform.at("/targets/0/training/weight").asDouble(), 0);
        double weight = logprob.at("/targets/0/training/weight").asDouble();
        assertTrue(weight > 32 && weight < rows / 2.0, "weight " + weight);
        assertEquals(1, logprob.at("/targets/1/validation/pooledR2").asDouble(), 1e-10);
    }

    /**
     * A duplicated component makes Σ<sub>xx</sub> singular: refused without a ridge (suggesting one), fitted with it.
     * On a full-rank design the ridge shrinks the weights: ‖W‖ decreases as λ grows.
     */
    @Test
    void ridgeRegularisesTheFit() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.duplicate = true;
        Path dir = fixture("rank", f);
        CliTest.Result refused = probe(dir, "none");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("rank-deficient") && refused.err().contains("rank 7 < d = 8") && refused.err().contains("pass --ridge, e.g. --ridge "),
                refused.err());
        assertFalse(Files.exists(dir.resolve("none")));
        CliTest.Result ok = probe(dir, "ridged", "--ridge", "1e-6");
        assertEquals(0, ok.code(), ok.err());
        assertEquals(1e-6, json(dir.resolve("ridged/probe.json")).at("/options/ridge").asDouble(), 0);
        ProbeFixture noisy = new ProbeFixture();
        noisy.noise = 0.05;
        Path full = fixture("full", noisy);
        double previous = Double.POSITIVE_INFINITY;
        for (String lambda : new String[] {"0", "0.01", "1"}) {
            assertEquals(0, probe(full, "r" + lambda, "--ridge", lambda, "--targets", "factors").code());
            double norm = 0;
            for (double v : Npy.read(full.resolve("r" + lambda).resolve("weights.f0.npy")).doubles()) {
                norm += v * v;
            }
            assertTrue(norm < previous, "λ = " + lambda + ": " + norm + " < " + previous);
            previous = norm;
        }
    }

    /** round(0.25·40) = 10 sequences held out; with 0 none, and the validation scores are null. */
    @Test
    void validationHoldsOutTheLastSequences() throws IOException {
        Path dir = fixture("validation", new ProbeFixture());
        CliTest.Result quarter = probe(dir, "quarter", "--validation", "0.25");
        assertEquals(0, quarter.code(), quarter.err());
        assertEquals(10, quarter.json().get("validationSequences").asLong());
        assertEquals(10 * 6, json(dir.resolve("quarter/probe.json")).at("/targets/0/validation/rows").asLong());
        CliTest.Result none = probe(dir, "none", "--validation", "0");
        assertEquals(0, none.code(), none.err());
        assertEquals(40, none.json().get("trainingSequences").asLong());
        assertTrue(none.json().at("/targets/0/validationR2").isNull());
    }

    /** The seed permutes the shuffled baseline only: the probes are the same, the baseline's scores differ, same seed same bytes. */
    @Test
    void seedChangesTheShuffledBaselineOnly() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.noise = 0.1;
        Path dir = fixture("seed", f);
        assertEquals(0, probe(dir, "a", "--seed", "1").code());
        assertEquals(0, probe(dir, "b", "--seed", "2").code());
        assertEquals(0, probe(dir, "c", "--seed", "1").code());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/weights.f0.npy")), Files.readAllBytes(dir.resolve("b/weights.f0.npy")));
        assertNotEquals(json(dir.resolve("a/probe.json")).at("/targets/1/shuffledValidation/pooledR2").asDouble(),
                json(dir.resolve("b/probe.json")).at("/targets/1/shuffledValidation/pooledR2").asDouble());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/probe.json")), Files.readAllBytes(dir.resolve("c/probe.json")));
    }

    /** --threads changes no byte of the probe directory; T = 0 and T = −1 are refused with exit 2 and one line. */
    @Test
    void threadsChangeNoByteOfTheProbe() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.noise = 0.1;
        Path dir = fixture("threads", f);
        assertEquals(0, probe(dir, "one", "--threads", "1").code());
        assertEquals(0, probe(dir, "two", "--threads", "2").code());
        for (String file : List.of("probe.json", "weights.f0.npy", "weights.f1.npy")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve("one").resolve(file)), Files.readAllBytes(dir.resolve("two").resolve(file)), file);
        }
        for (String t : List.of("0", "-1")) {
            CliTest.Result refused = probe(dir, "refused", "--threads", t);
            assertEquals(2, refused.code());
            assertTrue(refused.err().contains("--threads \"" + t + "\""), refused.err());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
        }
    }

    /**
     * Activations of positions 1 … L (P = L, no BOS): paired automatically with rows 1 … L they fit exactly; --first-row 0
     * pairs them with the rows before and loses the fit.
     */
    @Test
    void firstRowOverridesTheAlignment() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.positions = f.length;
        f.firstRow = 1;
        Path dir = fixture("first", f);
        CliTest.Result auto = probe(dir, "auto");
        assertEquals(0, auto.code(), auto.err());
        assertEquals(1, auto.json().get("firstBeliefRow").asInt());
        assertEquals(1, auto.json().at("/targets/1/validationR2").asDouble(), 1e-10);
        CliTest.Result shifted = probe(dir, "shifted", "--first-row", "0");
        assertEquals(0, shifted.code(), shifted.err());
        assertEquals(0, json(dir.resolve("shifted/probe.json")).get("firstBeliefRow").asInt());
        assertTrue(shifted.json().at("/targets/1/validationR2").asDouble() < 0.9);
    }

    /** With a BOS token, activations of ghmm_data's inputs (P = L, BOS x₁ … x_{L−1}) start at row 0 without being told. */
    @Test
    void aBosDatasetPairsTheInputsWithRowsFromZero() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.bos = true;
        f.positions = f.length;
        Path dir = fixture("bos", f);
        CliTest.Result r = probe(dir, "probe");
        assertEquals(0, r.code(), r.err());
        assertEquals(0, r.json().get("firstBeliefRow").asInt());
        assertEquals(1, r.json().at("/targets/1/validationR2").asDouble(), 1e-10);
    }

    @Test
    void outIsRefusedWhenNotEmptyAndReplacedWholeWithOverwrite() throws IOException {
        Path dir = fixture("out", new ProbeFixture());
        Path out = Files.createDirectories(dir.resolve("probe"));
        Files.writeString(out.resolve("old.txt"), "old");
        CliTest.Result refused = probe(dir, "probe");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("is not empty: pass --overwrite to replace it whole"), refused.err());
        CliTest.Result r = probe(dir, "probe", "--overwrite");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(out.resolve("old.txt")));
        assertTrue(Files.exists(out.resolve("probe.json")));
    }

    /** One PNG per target, the true and the predicted panel side by side (2 × 600 by 600 pixels). */
    @Test
    void plotDrawsTrueAndPredictedBeliefsSideBySide() throws IOException {
        Path dir = fixture("plot", new ProbeFixture());
        CliTest.Result r = probe(dir, "probe", "--plot");
        assertEquals(0, r.code(), r.err());
        List<String> plots = new ArrayList<>();
        r.json().get("plots").forEach(p -> plots.add(p.asText()));
        assertEquals(List.of("beliefs.joint.png", "beliefs.f0.png", "beliefs.f1.png"), plots);
        for (String p : plots) {
            BufferedImage image = ImageIO.read(dir.resolve("probe").resolve(p).toFile());
            assertEquals(2 * ProbeCommand.PLOT_SIZE, image.getWidth(), p);
            assertEquals(ProbeCommand.PLOT_SIZE, image.getHeight(), p);
        }
        assertEquals(0, probe(dir, "noplot").code());
        assertFalse(Files.exists(dir.resolve("noplot/beliefs.f0.png")));
    }
}
