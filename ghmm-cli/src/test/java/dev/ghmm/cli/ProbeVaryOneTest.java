package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.run;
import static dev.ghmm.cli.ProbeCheckpointsTest.assertOneLine;
import static dev.ghmm.cli.ProbeCommandTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghmm probe --vary-one}: the planted fixture ({@link ProbeFixture}: factor f on the coordinate plane x[2f], x[2f+1],
 * no noise) and, per factor f, a vary-one dataset (the fixture's dataset stating {@code "freeze": [1 − f], "groups": 4})
 * with activations whose plane f carries η<sub>f</sub> of each sequence and whose other coordinates are the same for every
 * sequence of a group at each position. Then V<sub>f</sub> is the plane f exactly: it meets R<sub>f</sub> wholly and
 * R<sub>1−f</sub> and V<sub>1−f</sub> not at all, and carries the whole belief.
 */
class ProbeVaryOneTest {
    static final int GROUPS = 4;

    @TempDir
    Path tmp;

    Path main() throws IOException {
        return new ProbeFixture().write(Files.createDirectories(tmp.resolve("main")));
    }

    /** The vary-one dataset of factor f (dir/varyF/data) and its activations (dir/varyF/acts.npy). */
    static Path varyOne(Path main, int f) throws IOException {
        ProbeFixture fixture = new ProbeFixture();
        Path dir = Files.createDirectories(main.resolve("vary" + f));
        Path data = Files.createDirectories(dir.resolve("data"));
        try (Stream<Path> files = Files.list(main.resolve("data"))) {
            for (Path file : files.toList()) {
                Files.copy(file, data.resolve(file.getFileName().toString()));
            }
        }
        ObjectNode meta = (ObjectNode) json(data.resolve("meta.json"));
        meta.putArray("freeze").add(1 - f);
        meta.put("groups", GROUPS);
        Files.writeString(data.resolve("meta.json"), meta.toPrettyString());
        double[] beliefs = Npy.read(data.resolve("beliefs.f" + f + ".npy")).doubles();
        int p = fixture.positions();
        int d = fixture.width;
        Random rng = new Random(5);
        double[][] shared = new double[GROUPS][p * d];
        for (double[] g : shared) {
            for (int k = 0; k < g.length; k++) {
                g[k] = rng.nextGaussian();
            }
        }
        double[] x = new double[fixture.count * p * d];
        for (int i = 0; i < fixture.count; i++) {
            for (int q = 0; q < p; q++) {
                int o = (i * p + q) * d;
                System.arraycopy(shared[i % GROUPS], q * d, x, o, d);
                int row = i * (fixture.length + 1) + q;
                for (int j = 0; j < 2; j++) {
                    double a = 0;
                    for (int s = 0; s < 3; s++) {
                        a += ProbeFixture.V[s][j] * beliefs[row * 3 + s];
                    }
                    x[o + 2 * f + j] = a;
                }
            }
        }
        try (Npy.Writer w = Npy.Writer.float64(dir.resolve("acts.npy"), fixture.count, p, d)) {
            w.write(x, 0, x.length);
        }
        return dir;
    }

    static String pair(Path vary, int f) {
        return f + "=" + vary.resolve("acts.npy") + ":" + vary.resolve("data");
    }

    static CliTest.Result probe(Path main, String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("probe", "--dataset", main.resolve("data").toString(), "--activations",
                main.resolve("acts.npy").toString(), "--out", main.resolve(out).toString(), "--targets", "factors"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void varyOneSubspacesMeetTheReadSubspacesAsPlanted() throws IOException {
        Path main = main();
        Path v0 = varyOne(main, 0);
        Path v1 = varyOne(main, 1);
        CliTest.Result r = probe(main, "probe", "--vary-one", pair(v0, 0), "--vary-one", pair(v1, 1));
        assertEquals(0, r.code(), r.err());
        assertEquals("varyone.json", r.json().get("varyOne").asText());
        JsonNode report = json(main.resolve("probe/varyone.json"));
        assertEquals("ghmm-probe-varyone/1", report.get("format").asText());
        assertTrue(report.get("projectedK").isNull());
        for (int f = 0; f < 2; f++) {
            JsonNode n = report.get("factors").get(f);
            assertEquals(f, n.get("factor").asInt());
            assertEquals(GROUPS, n.get("groups").asInt());
            assertEquals(40 * 6, n.get("rows").asInt());
            assertEquals(2, n.get("dimension").asInt(), n.toString());
            assertEquals(3, n.get("components").size());
            assertEquals(2, n.at("/projectedR2/validation").size());
            assertEquals(1, n.at("/projectedR2/validation/1").asDouble(), 1e-9);
            JsonNode overlaps = n.get("overlaps");
            assertEquals("varyOne", overlaps.at("/0/subspace").asText());
            assertEquals(0, overlaps.at("/0/overlap/1").asDouble(), 1e-10);
            assertEquals(1, overlaps.at("/" + (1 + f) + "/overlap/1").asDouble(), 1e-9);
            assertEquals(0, overlaps.at("/" + (2 - f) + "/overlap/1").asDouble(), 1e-9);
            assertEquals(0.25, overlaps.at("/0/chance/mean/1").asDouble(), 1e-15);
        }
        CliTest.Result one = probe(main, "k1", "--vary-one", pair(v0, 0), "--projected-k", "1");
        assertEquals(0, one.code(), one.err());
        JsonNode k1 = json(main.resolve("k1/varyone.json"));
        assertEquals(1, k1.get("projectedK").asInt());
        assertEquals(1, k1.at("/factors/0/projectedR2/training").size());
        assertEquals(1, k1.get("factors").size());
        assertEquals(2, k1.at("/factors/0/overlaps").size(), "no other vary-one subspace: the two read subspaces only");
    }

    /** Runs ghmm sample of docs/processes/z1r-prime-squared.json into dir (factor beliefs in float64) with the extra arguments. */
    static Path sample(Path dir, int count, String... extra) {
        List<String> args = new ArrayList<>(List.of("sample", "--process", ShippedProcesses.shipped("z1r-prime-squared.json").toString(), "--count",
                Integer.toString(count), "--length", "6", "--seed", "9", "--outputs", "tokens,factor-beliefs", "--dtype", "float64", "--out",
                dir.toString()));
        args.addAll(List.of(extra));
        CliTest.Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return dir;
    }

    /**
     * Activations of 2 layers on a sampled dataset: position p of sequence i holds η<sub>0</sub> and η<sub>1</sub> of belief
     * row p without their last components (block f of d<sub>f</sub> − 1 coordinates) and 2 coordinates of {@code extra(i,
     * p, k)}; layer l is (l + 1) times layer 0.
     */
    static Path plant(Path data, Path file, java.util.function.IntBinaryOperator group, Random rng) throws IOException {
        Npy.Array[] beliefs = {Npy.read(data.resolve("beliefs.f0.npy")), Npy.read(data.resolve("beliefs.f1.npy"))};
        int n = (int) beliefs[0].shape()[0];
        int rows = (int) beliefs[0].shape()[1];
        int[] states = {(int) beliefs[0].shape()[2], (int) beliefs[1].shape()[2]};
        int d = states[0] - 1 + states[1] - 1 + 2;
        double[][] extra = new double[n * rows][2];
        for (double[] e : extra) {
            e[0] = rng.nextGaussian();
            e[1] = rng.nextGaussian();
        }
        double[] x = new double[2 * n * rows * d];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < rows; p++) {
                int o = (i * rows + p) * d;
                int k = 0;
                for (int f = 0; f < 2; f++) {
                    for (int s = 0; s < states[f] - 1; s++) {
                        x[o + k++] = beliefs[f].doubles()[(i * rows + p) * states[f] + s];
                    }
                }
                double[] e = extra[group.applyAsInt(i, p)];
                x[o + k] = e[0];
                x[o + k + 1] = e[1];
                for (int j = 0; j < d; j++) {
                    x[n * rows * d + o + j] = 2 * x[o + j];
                }
            }
        }
        try (Npy.Writer w = Npy.Writer.float64(file, 2, n, rows, d)) {
            w.write(x, 0, x.length);
        }
        return file;
    }

    /**
     * Real vary-one datasets ({@code ghmm sample --freeze 1-f --groups 4} of z1r′ × z1r′) with activations planted from
     * their beliefs, the frozen factor's block and the extra coordinates equal within each group at each position: over
     * both layers of the file, each V<sub>f</sub> lies in block f, so it overlaps R<sub>f</sub> wholly and R<sub>1−f</sub>
     * not at all.
     */
    @Test
    void sampledVaryOneDatasetsPairLayerByLayer() throws IOException {
        Path main = sample(tmp.resolve("main"), 200);
        Path acts = plant(main, tmp.resolve("main.npy"), (i, p) -> i * 7 + p, new Random(1));
        List<String> args = new ArrayList<>(List.of("probe", "--dataset", main.toString(), "--activations", acts.toString(), "--out",
                tmp.resolve("probe").toString(), "--skip-positions", "1"));
        for (int f = 0; f < 2; f++) {
            Path data = sample(tmp.resolve("vary" + f), 40, "--freeze", Integer.toString(1 - f), "--groups", Integer.toString(GROUPS));
            // one draw per group and position: the groups' shared coordinates
            Path file = plant(data, tmp.resolve("vary" + f + ".npy"), (i, p) -> (i % GROUPS) * 7 + p, new Random(2));
            args.addAll(List.of("--vary-one", f + "=" + file + ":" + data));
        }
        CliTest.Result r = run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonNode layers = json(tmp.resolve("probe/layers.json")).get("layers");
        for (int l = 0; l < 2; l++) {
            assertEquals("varyone.json", layers.get(l).get("varyOne").asText());
            JsonNode report = json(tmp.resolve("probe/layer" + l + "/varyone.json"));
            for (int f = 0; f < 2; f++) {
                JsonNode n = report.get("factors").get(f);
                assertEquals(l, n.get("layer").asInt());
                assertEquals(40 * 6, n.get("rows").asInt(), "40 sequences of 7 positions, position 0 skipped");
                int dimension = n.get("dimension").asInt();
                JsonNode overlaps = n.get("overlaps");
                // the block's plane whole at k = n_f = r_f (its leading directions need not agree one by one)
                assertEquals(2, dimension, n.toString());
                assertEquals(1, overlaps.at("/" + (1 + f) + "/overlap/1").asDouble(), 1e-9, n.toString());
                assertEquals(0, overlaps.at("/" + (2 - f) + "/overlap/1").asDouble(), 1e-9, n.toString());
                assertEquals(0, overlaps.at("/0/overlap/1").asDouble(), 1e-9, n.toString());
            }
        }
    }

    @Test
    void badVaryOneInputIsRefusedInOneLine() throws IOException {
        Path main = main();
        Path v0 = varyOne(main, 0);
        assertOneLine(probe(main, "o1", "--vary-one", pair(v0, 0), "--projected-k", "9"), "--projected-k 9 is larger than d = 8 of ");
        assertOneLine(probe(main, "o2", "--projected-k", "2"), "--projected-k sets the projected regression onto vary-one subspaces: it needs --vary-one");
        assertOneLine(probe(main, "o3", "--vary-one", "0:" + v0), "is not F=ACTS.npy:DATASET_DIR");
        assertOneLine(probe(main, "o4", "--vary-one", pair(v0, 0), "--vary-one", pair(v0, 0)), "gives factor 0 a second time");
        assertOneLine(probe(main, "o5", "--vary-one", pair(v0, 1)), "freeze is [1]; a vary-one dataset of factor 1 freezes every other factor, [0]");
        assertOneLine(probe(main, "o6", "--vary-one", "0=" + v0.resolve("acts.npy") + ":" + main.resolve("data")), "states no frozen factors");
        assertOneLine(probe(main, "o7", "--vary-one", pair(v0, 2)), "factor 2 is out of range [0, 2)");
        assertOneLine(run("probe", "--dataset", main.resolve("data").toString(), "--activations", main.resolve("acts.npy").toString(), "--out",
                main.resolve("o8").toString(), "--targets", "joint", "--vary-one", pair(v0, 0)), "--vary-one compares factor subspaces: it needs factor probes");
        assertOneLine(run("probe", "--dataset", main.resolve("data").toString(), "--out", main.resolve("o9").toString(), "--activations",
                main.resolve("acts.npy").toString(), v0.resolve("acts.npy").toString(), "--labels", "a,b", "--vary-one", pair(v0, 0)),
                "--vary-one compares subspaces of one model: give one --activations file with it, not 2");
        ProbeFixture wide = new ProbeFixture();
        wide.width = 9;
        Path other = wide.write(Files.createDirectories(tmp.resolve("wide")));
        assertOneLine(probe(main, "o10", "--vary-one", "0=" + other.resolve("acts.npy") + ":" + v0.resolve("data")), "d = 9 and 1 layer(s), but ");
        // groups of one sequence: refused before the main fit, whose rank-deficient design would be refused too
        Path single = Files.createDirectories(tmp.resolve("single"));
        Files.copy(v0.resolve("acts.npy"), single.resolve("acts.npy"));
        Path singleData = Files.createDirectories(single.resolve("data"));
        try (Stream<Path> files = Files.list(v0.resolve("data"))) {
            for (Path file : files.toList()) {
                Files.copy(file, singleData.resolve(file.getFileName().toString()));
            }
        }
        ObjectNode meta = (ObjectNode) json(singleData.resolve("meta.json"));
        meta.put("groups", 40);
        Files.writeString(singleData.resolve("meta.json"), meta.toPrettyString());
        ProbeFixture duplicate = new ProbeFixture();
        duplicate.duplicate = true;
        Path deficient = duplicate.write(Files.createDirectories(tmp.resolve("deficient")));
        assertOneLine(probe(deficient, "o11", "--vary-one", pair(single, 0)), single.resolve("acts.npy") + " holds 40 sequences in the 40 groups of "
                + singleData + ": a group has fewer than 2");
        assertOneLine(probe(deficient, "o12"), "the design is rank-deficient");
        for (int i = 1; i <= 10; i++) {
            assertFalse(Files.exists(main.resolve("o" + i)), "o" + i);
        }
        assertFalse(Files.exists(deficient.resolve("o11")));
    }
}
