package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghmm steer} on a probe of planted orthogonal factors ({@link ProbeFixture}, no noise): the least-norm change δ
 * of factor 0 holding factor 1 is Δx = (Vᵀδ, 0, …), with no cross-talk.
 */
class SteerCommandTest {
    @TempDir
    static Path tmp;

    static Path probe;

    @BeforeAll
    static void fit() throws IOException {
        Path dir = new ProbeFixture().write(Files.createDirectories(tmp.resolve("fixture")));
        CliTest.Result r = ProbeCommandTest.probe(dir, "probe");
        assertEquals(0, r.code(), r.err());
        probe = dir.resolve("probe");
    }

    static CliTest.Result steer(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("steer", "--probe", probe.toString(), "--out", tmp.resolve(out).toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    static double[] mean(JsonNode probeJson, int target) {
        double[] m = new double[3];
        for (int s = 0; s < 3; s++) {
            m[s] = probeJson.at("/targets/" + target + "/beliefMean/" + s).asDouble();
        }
        return m;
    }

    /** Vᵀδ in components 0, 1 and zeros elsewhere, in float32 [1, 8]. */
    static void assertPlanted(Path file, double[] delta) throws IOException {
        Npy.Array a = Npy.read(file);
        assertEquals(Npy.Dtype.FLOAT32, a.dtype());
        assertArrayEquals(new long[] {1, 8}, a.shape());
        double[] plane = ProbeFixture.plane(delta);
        double[] expected = {plane[0], plane[1], 0, 0, 0, 0, 0, 0};
        assertArrayEquals(expected, a.doubles(), 1e-6);
    }

    /** From the mean training belief (probe.json's beliefMean of factor 0, targets[1]) to the target. */
    @Test
    void steerMovesOneFactorFromTheMeanBelief() throws IOException {
        double[] to = {0.7, 0.2, 0.1};
        CliTest.Result r = steer("mean.npy", "--factor", "0", "--to", "0.7 0.2 0.1");
        assertEquals(0, r.code(), r.err());
        double[] from = mean(Json.readTree(probe.resolve("probe.json")), 1);
        double[] delta = {to[0] - from[0], to[1] - from[1], to[2] - from[2]};
        assertPlanted(tmp.resolve("mean.npy"), delta);
        JsonNode j = r.json();
        for (int s = 0; s < 3; s++) {
            assertEquals(from[s], j.at("/from/" + s).asDouble(), 0);
            assertEquals(delta[s], j.at("/effects/0/change/" + s).asDouble(), 1e-9);
            assertEquals(0, j.at("/effects/1/change/" + s).asDouble(), 1e-9);
        }
        assertTrue(j.at("/effects/0/miss").asDouble() < 1e-9);
        assertTrue(j.at("/effects/1/crossTalk").asDouble() < 1e-9);
        assertEquals(9, j.get("jointChange").size(), "the joint probe's predicted change too");
        double[] plane = ProbeFixture.plane(delta);
        assertEquals(Math.hypot(plane[0], plane[1]), j.get("norm").asDouble(), 1e-9);
    }

    @Test
    void fromGivesTheStartingBelief() throws IOException {
        CliTest.Result r = steer("from.npy", "--factor", "1", "--from", "1 0 0", "--to", "0 0 1");
        assertEquals(0, r.code(), r.err());
        Npy.Array a = Npy.read(tmp.resolve("from.npy"));
        double[] plane = ProbeFixture.plane(new double[] {-1, 0, 1});
        assertArrayEquals(new double[] {0, 0, plane[0], plane[1], 0, 0, 0, 0}, a.doubles(), 1e-6);
        assertEquals(1, r.json().at("/effects/1/change/2").asDouble(), 1e-9);
        assertTrue(r.json().at("/effects/0/crossTalk").asDouble() < 1e-9);
    }

    @Test
    void factorChoosesTheFactorMoved() throws IOException {
        assertEquals(0, steer("f0.npy", "--factor", "0", "--from", "1 0 0", "--to", "0 1 0").code());
        assertEquals(0, steer("f1.npy", "--factor", "1", "--from", "1 0 0", "--to", "0 1 0").code());
        double[] plane = ProbeFixture.plane(new double[] {-1, 1, 0});
        assertArrayEquals(new double[] {plane[0], plane[1], 0, 0, 0, 0, 0, 0}, Npy.read(tmp.resolve("f0.npy")).doubles(), 1e-6);
        assertArrayEquals(new double[] {0, 0, plane[0], plane[1], 0, 0, 0, 0}, Npy.read(tmp.resolve("f1.npy")).doubles(), 1e-6);
    }

    @Test
    void outIsReplacedOnlyWithOverwrite() throws IOException {
        Path out = Files.writeString(tmp.resolve("exists.npy"), "old");
        CliTest.Result refused = steer("exists.npy", "--factor", "0", "--to", "1 0 0");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("exists: pass --overwrite to replace it"), refused.err());
        assertEquals("old", Files.readString(out));
        CliTest.Result r = steer("exists.npy", "--factor", "0", "--to", "1 0 0", "--overwrite");
        assertEquals(0, r.code(), r.err());
        assertEquals(Npy.Dtype.FLOAT32, Npy.read(out).dtype());
    }

    @Test
    void textPrintsTheEffectOnEveryFactor() {
        CliTest.Result r = steer("text.npy", "--factor", "0", "--to", "0.5 0.5 0", "--text");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith("wrote ") && lines.get(0).contains("moves factor 0"), lines.get(0));
        assertTrue(lines.get(1).startsWith("factor 0: predicted change") && lines.get(1).contains("miss"), lines.get(1));
        assertTrue(lines.get(2).startsWith("factor 1: predicted change") && lines.get(2).contains("cross-talk"), lines.get(2));
    }

    @Test
    void aDirectoryOfLayersNeedsOneOfItsLayers() throws IOException {
        ProbeFixture f = new ProbeFixture();
        f.layers = 2;
        f.noisePerLayer = 0.1;
        Path dir = f.write(Files.createDirectories(tmp.resolve("layers")));
        assertEquals(0, ProbeCommandTest.probe(dir, "probe").code());
        CliTest.Result refused = run("steer", "--probe", dir.resolve("probe").toString(), "--factor", "0", "--to", "1 0 0", "--out",
                tmp.resolve("layers.npy").toString());
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("holds one probe per layer (layers.json): give one of them, e.g. --probe "), refused.err());
        CliTest.Result r = run("steer", "--probe", dir.resolve("probe/layer0").toString(), "--factor", "0", "--from", "1 0 0", "--to", "0 1 0",
                "--out", tmp.resolve("layers.npy").toString());
        assertEquals(0, r.code(), r.err());
        double[] plane = ProbeFixture.plane(new double[] {-1, 1, 0});
        assertArrayEquals(new double[] {plane[0], plane[1], 0, 0, 0, 0, 0, 0}, Npy.read(tmp.resolve("layers.npy")).doubles(), 1e-6);
    }

    @Test
    void aTargetThatIsNotABeliefIsRefusedAndNothingIsWritten() {
        CliTest.Result r = steer("bad.npy", "--factor", "0", "--to", "0.6 0.6 0");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("ghmm steer: target belief [0.6, 0.6, 0.0] is not a belief of factor 0"), r.err());
        assertFalse(Files.exists(tmp.resolve("bad.npy")));
    }
}
