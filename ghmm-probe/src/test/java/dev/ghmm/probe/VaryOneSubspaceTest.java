package dev.ghmm.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghmm.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vary-one subspaces on planted group structure: in d = 10, factor f is written along the plane A<sub>f</sub> (A<sub>0</sub>
 * = [e<sub>0</sub>, e<sub>1</sub>], A<sub>1</sub> = [cos θ<sub>1</sub>e<sub>0</sub> + sin θ<sub>1</sub>e<sub>2</sub>,
 * cos θ<sub>2</sub>e<sub>1</sub> + sin θ<sub>2</sub>e<sub>3</sub>], principal angles θ<sub>1</sub>, θ<sub>2</sub>), and
 * x<sub>i,p</sub> = c + A<sub>f</sub>u<sub>i,p</sub> + A<sub>h</sub>w<sub>g,p</sub> + n<sub>g,p</sub> for the vary-one dataset of
 * f (h the frozen factor): u varies per row (scales 2 and 1), w and a nuisance n on e<sub>4</sub> … e<sub>9</sub> per group
 * and position only. Centring per group and position leaves A<sub>f</sub>u exactly, so V<sub>f</sub> = span A<sub>f</sub>,
 * NC@p = 2, and the overlap of V<sub>0</sub> and V<sub>1</sub> at k = 2 is the mean squared cosine (cos²θ<sub>1</sub> +
 * cos²θ<sub>2</sub>)/2.
 */
class VaryOneSubspaceTest {
    static final int D = 10;
    static final int POSITIONS = 4;

    @TempDir
    Path tmp;

    static double[][] plane(int f, double[] angles) {
        double[][] a = new double[2][D];
        for (int j = 0; j < 2; j++) {
            if (f == 0) {
                a[j][j] = 1;
            } else {
                a[j][j] = Math.cos(angles[j]);
                a[j][2 + j] = Math.sin(angles[j]);
            }
        }
        return a;
    }

    /** Writes dir/data/meta.json (N sequences, the freeze and groups given, or none for null) and dir/acts.npy. */
    static Path write(Path dir, int varied, double[] angles, int count, int groups, String freeze, long shift, double noise) throws IOException {
        return write(dir, plane(varied, angles), plane(1 - varied, angles), count, groups, freeze, shift, noise, "acts.npy");
    }

    /** As above with the varying and frozen planes given (rows of length d) and the activations' file name. */
    static Path write(Path dir, double[][] a, double[][] frozen, int count, int groups, String freeze, long shift, double noise, String name)
            throws IOException {
        int width = a[0].length;
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("meta.json"), "{\"format\": \"ghmm-dataset/1\", \"count\": " + (count + shift) + ", \"length\": " + POSITIONS
                + ", \"outputs\": []" + (freeze == null ? "" : ", \"freeze\": " + freeze + ", \"groups\": " + groups) + "}");
        Random rng = new Random(3);
        double[][][] groupPart = new double[groups][POSITIONS][width];
        for (int g = 0; g < groups; g++) {
            for (int p = 0; p < POSITIONS; p++) {
                double w0 = rng.nextGaussian();
                double w1 = rng.nextGaussian();
                for (int k = 0; k < width; k++) {
                    groupPart[g][p][k] = 5 + w0 * frozen[0][k] + w1 * frozen[1][k] + (k >= 4 ? rng.nextGaussian() : 0);
                }
            }
        }
        double[] x = new double[count * POSITIONS * width];
        for (int i = 0; i < count; i++) {
            int g = (int) ((shift + i) % groups);
            for (int p = 0; p < POSITIONS; p++) {
                double u0 = 2 * rng.nextGaussian();
                double u1 = rng.nextGaussian();
                for (int k = 0; k < width; k++) {
                    x[(i * POSITIONS + p) * width + k] = groupPart[g][p][k] + u0 * a[0][k] + u1 * a[1][k] + noise * rng.nextGaussian();
                }
            }
        }
        try (Npy.Writer w = Npy.Writer.float64(dir.resolve(name), count, POSITIONS, width)) {
            w.write(x, 0, x.length);
        }
        return dir;
    }

    static VaryOneSubspace varyOne(Path dir, int factor, int skip, long first) throws IOException {
        try (Activations acts = Activations.open(dir.resolve("acts.npy"))) {
            return VaryOneSubspace.of(factor, acts, dir.resolve("data"), 2, skip, first);
        }
    }

    /** ‖A v‖² for each direction v: 1 when v lies in the plane A. */
    static double inPlane(double[][] a, double[] v) {
        double s = 0;
        for (double[] row : a) {
            double dot = 0;
            for (int k = 0; k < D; k++) {
                dot += row[k] * v[k];
            }
            s += dot * dot;
        }
        return s;
    }

    @Test
    void centringPerGroupAndPositionLeavesTheVaryingFactorsPlane() throws IOException {
        double[] angles = {0.4, 1.1};
        VaryOneSubspace v0 = varyOne(write(Files.createDirectories(tmp.resolve("f0")), 0, angles, 60, 6, "[1]", 0, 0), 0, 0, -1);
        VaryOneSubspace v1 = varyOne(write(Files.createDirectories(tmp.resolve("f1")), 1, angles, 60, 6, "[0]", 0, 0), 1, 0, -1);
        for (VaryOneSubspace v : new VaryOneSubspace[] {v0, v1}) {
            double[][] directions = v.directions();
            assertEquals(2, directions.length, v.toString());
            for (double[] d : directions) {
                assertEquals(1, inPlane(plane(v.factor(), angles), d), 1e-10);
            }
            assertArrayEquals(new int[] {2, 2}, v.variance().componentsFor(new double[] {0.9, 0.95}));
            assertEquals(6, v.groups());
            assertEquals(60 * POSITIONS, v.rows());
            assertEquals(D, v.eigenvalues().length);
        }
        double[] o = SubspaceOverlap.overlap(v0.directions(), v1.directions());
        double expected = (Math.pow(Math.cos(0.4), 2) + Math.pow(Math.cos(1.1), 2)) / 2;
        assertEquals(expected, o[1], 1e-10);
    }

    /** Activations of the dataset's sequences 3, 4, … (a range recorded alone) must fit in the dataset. */
    @Test
    void aRangeOfSequencesMustFitInTheDataset() throws IOException {
        Path dir = write(Files.createDirectories(tmp.resolve("range")), 0, new double[] {0.4, 1.1}, 40, 4, "[1]", 3, 0);
        assertEquals(dir.resolve("acts.npy") + " holds 40 sequences but " + dir.resolve("data") + " has 43",
                assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 0, -1)).getMessage());
    }

    /** Skipped positions leave the covariance: with position 0 skipped there are N·(P − 1) rows. */
    @Test
    void skippedPositionsAreLeftOut() throws IOException {
        Path dir = write(Files.createDirectories(tmp.resolve("skip")), 0, new double[] {0.4, 1.1}, 30, 5, "[1]", 0, 0.1);
        VaryOneSubspace all = varyOne(dir, 0, 0, -1);
        VaryOneSubspace skipped = varyOne(dir, 0, 1, -1);
        assertEquals(30 * (POSITIONS - 1), skipped.rows());
        assertTrue(all.eigenvalues()[0] != skipped.eigenvalues()[0]);
        // noise 0.1 on every component: the two planted directions carry 5 and 1 against 0.01 each
        assertEquals(2, skipped.variance().componentsFor(0.95));
        assertEquals(D, skipped.directions().length);
    }

    @Test
    void datasetsThatDoNotVaryOneFactorAreRefused() throws IOException {
        double[] angles = {0.4, 1.1};
        Path none = write(Files.createDirectories(tmp.resolve("none")), 0, angles, 12, 3, null, 0, 0);
        assertEquals(none.resolve("data/meta.json") + " states no frozen factors (\"freeze\", \"groups\"): a vary-one dataset of factor 0 is sampled "
                + "with --freeze and --groups", assertThrows(IllegalArgumentException.class, () -> varyOne(none, 0, 0, -1)).getMessage());
        Path other = write(Files.createDirectories(tmp.resolve("other")), 0, angles, 12, 3, "[0]", 0, 0);
        assertEquals(other.resolve("data/meta.json") + ": freeze is [0]; a vary-one dataset of factor 0 freezes every other factor, [1]",
                assertThrows(IllegalArgumentException.class, () -> varyOne(other, 0, 0, -1)).getMessage());
        Path dir = write(Files.createDirectories(tmp.resolve("ok")), 0, angles, 12, 3, "[1]", 0, 0);
        assertEquals("factor 2 is out of range [0, 2)", assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 2, 0, -1)).getMessage());
        assertEquals("skipping 4 positions leaves none of the 4 of " + dir.resolve("acts.npy"),
                assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 4, -1)).getMessage());
        assertEquals(dir.resolve("acts.npy") + " holds 12 sequences but " + dir.resolve("data") + " has 12 (from sequence 1)",
                assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 0, 1)).getMessage());
        Files.writeString(dir.resolve("data/meta.json"), "{\"format\": \"ghmm-dataset/1\", \"count\": 12, \"length\": 4, \"outputs\": [], \"groups\": 3}");
        assertEquals(dir.resolve("data/meta.json") + ": \"groups\" is given without \"freeze\"",
                assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 0, -1)).getMessage());
        Files.writeString(dir.resolve("data/meta.json"), "{\"format\": \"ghmm-dataset/1\", \"count\": 12, \"length\": 4, \"outputs\": [], \"groups\": 0, "
                + "\"freeze\": [1]}");
        assertEquals(dir.resolve("data/meta.json") + ": groups is 0, expected a positive integer",
                assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 0, -1)).getMessage());
        Files.writeString(dir.resolve("data/meta.json"), "{\"format\": \"ghmm-dataset/1\", \"count\": 12, \"length\": 4, \"outputs\": [], \"groups\": 3, "
                + "\"freeze\": [1, 1]}");
        assertEquals(dir.resolve("data/meta.json") + ": freeze is [1,1], expected ascending distinct factor indices >= 0",
                assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 0, -1)).getMessage());
    }

    /** A group of one sequence leaves nothing to vary: refused, as are activations equal within every group. */
    @Test
    void groupsWithoutVariationAreRefused() throws IOException {
        double[] angles = {0.4, 1.1};
        Path single = write(Files.createDirectories(tmp.resolve("single")), 0, angles, 11, 6, "[1]", 0, 0);
        assertEquals(single.resolve("acts.npy") + " holds 11 sequences in the 6 groups of " + single.resolve("data") + ": a group has fewer than 2, so "
                + "nothing varies within it; sample at least 2 sequences per group (--count >= 2 x --groups)",
                assertThrows(IllegalArgumentException.class, () -> varyOne(single, 0, 0, -1)).getMessage());
        Path copies = write(Files.createDirectories(tmp.resolve("copies")), new double[2][D], plane(1, angles), 12, 3, "[1]", 0, 0, "acts.npy");
        assertEquals(copies.resolve("acts.npy") + " does not vary within the groups of " + copies.resolve("data")
                + ": the within-group covariance of factor 0 is 0", assertThrows(IllegalArgumentException.class, () -> varyOne(copies, 0, 0, -1)).getMessage());
        Path pairs = write(Files.createDirectories(tmp.resolve("pairs")), 0, angles, 12, 6, "[1]", 0, 0);
        assertEquals(2, varyOne(pairs, 0, 0, -1).directions().length, "two sequences per group suffice");
    }

    /** The activations' P must fit the vary-one dataset's L as the probe's does, and padded datasets are refused. */
    @Test
    void positionsMustFitAnUnpaddedDataset() throws IOException {
        Path dir = write(Files.createDirectories(tmp.resolve("p")), 0, new double[] {0.4, 1.1}, 12, 3, "[1]", 0, 0);
        Path meta = dir.resolve("data/meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"length\": 4", "\"length\": 6"));
        assertEquals(dir.resolve("acts.npy") + " has P = 4 positions; the vary-one dataset " + dir.resolve("data") + " has L = 6 and no BOS token, so P "
                + "must be L = 6, L - 1 = 5 or L + 1 = 7", assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 0, -1)).getMessage());
        Files.writeString(meta, Files.readString(meta).replace("\"length\": 6", "\"length\": 3, \"bos\": 2"));
        assertEquals(2, varyOne(dir, 0, 0, -1).directions().length, "P = L + 1 with BOS");
        Files.writeString(meta, Files.readString(meta).replace("\"length\": 3", "\"length\": 4, \"eos\": 3"));
        assertEquals(meta + ": sequences end in EOS or PAD tokens (ghmm sample --eos or --pad-to); probes and steering read unpadded datasets: write "
                + "the dataset without them", assertThrows(IllegalArgumentException.class, () -> varyOne(dir, 0, 0, -1)).getMessage());
    }

    /** The columns of a d × 2 plane as two rows. */
    static double[][] rows(DMatrixRMaj q) {
        return ProjectedRegressionTest.rows(ProjectedRegressionTest.toArray(q), q.numCols);
    }

    /**
     * The report on the planted two Mess3 factors (orthogonal planes, no noise) with vary-one activations written along
     * the same planes: each V<sub>f</sub> has dimension 2, meets R<sub>f</sub> wholly (O(2) = 1) and the other factor's
     * vary-one and read subspaces not at all (O = 0), and carries all of η<sub>f</sub> (projected R²(2) = 1).
     */
    @Test
    void theReportComparesVaryOneWithReadSubspaces() throws IOException {
        Planted p = new Planted();
        p.count = 200;
        ProbeFit fit = ProbeFitTest.fit(p.write(Files.createDirectories(tmp.resolve("main"))), ProbeOptions.defaults());
        List<VaryOneSubspace> subspaces = new ArrayList<>();
        for (int f = 0; f < 2; f++) {
            Path dir = write(Files.createDirectories(tmp.resolve("vary" + f)), rows(p.subspace(f)), rows(p.subspace(1 - f)), 60, 6, "[" + (1 - f) + "]",
                    0, 0, "acts.npy");
            try (Activations acts = Activations.open(dir.resolve("acts.npy"))) {
                subspaces.add(VaryOneSubspace.of(f, acts, dir.resolve("data"), 2, 0, -1));
            }
        }
        Path file = tmp.resolve("varyone.json");
        ProbeFiles.writeVaryOne(file, fit, subspaces, 0, 0.9, 0.95);
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals("ghmm-probe-varyone/1", root.get("format").asText());
        assertTrue(root.get("projectedK").isNull());
        for (int f = 0; f < 2; f++) {
            JsonNode n = root.get("factors").get(f);
            assertEquals(f, n.get("factor").asInt());
            assertEquals("[2,2]", n.get("components").toString());
            assertEquals(2, n.get("dimension").asInt());
            assertEquals(6, n.get("groups").asInt());
            assertEquals(1, n.at("/projectedR2/validation/1").asDouble(), 1e-10);
            assertEquals(2, n.at("/projectedR2/training").size());
            JsonNode overlaps = n.get("overlaps");
            assertEquals(3, overlaps.size());
            assertEquals("varyOne", overlaps.at("/0/subspace").asText());
            assertEquals(1 - f, overlaps.at("/0/factor").asInt());
            assertEquals(0, overlaps.at("/0/overlap/1").asDouble(), 1e-10);
            assertEquals(2 / 12.0, overlaps.at("/0/chance/mean/1").asDouble(), 1e-15);
            assertEquals("read", overlaps.at("/" + (1 + f) + "/subspace").asText());
            assertEquals(1, overlaps.at("/" + (1 + f) + "/overlap/1").asDouble(), 1e-9);
            assertEquals(0, overlaps.at("/" + (2 - f) + "/overlap/1").asDouble(), 1e-9);
        }
        // the dimension is NC at the largest level whatever the order: eigenvalues 4 and 1 need one direction for 0.5
        ProbeFiles.writeVaryOne(file, fit, subspaces, 0, 0.99, 0.5);
        root = new ObjectMapper().readTree(file.toFile());
        assertEquals("[2,1]", root.at("/factors/0/components").toString());
        assertEquals(2, root.at("/factors/0/dimension").asInt());
        assertEquals(2, root.at("/factors/0/projectedR2/training").size());
        ProbeFiles.writeVaryOne(file, fit, subspaces, 1, 0.9);
        root = new ObjectMapper().readTree(file.toFile());
        assertEquals(1, root.get("projectedK").asInt());
        assertEquals(1, root.at("/factors/0/projectedR2/training").size());
        assertEquals("K = 13 must be 0 (each subspace's dimension) or in [1, d = 12]",
                assertThrows(IllegalArgumentException.class, () -> ProbeFiles.writeVaryOne(file, fit, subspaces, 13, 0.9)).getMessage());
        assertEquals("two vary-one subspaces of factor 0", assertThrows(IllegalArgumentException.class,
                () -> ProbeFiles.writeVaryOne(file, fit, List.of(subspaces.get(0), subspaces.get(0)), 0, 0.9)).getMessage());
        Path narrow = write(Files.createDirectories(tmp.resolve("narrow")), 0, new double[] {0.4, 1.1}, 12, 3, "[1]", 0, 0);
        VaryOneSubspace small = varyOne(narrow, 0, 0, -1);
        assertEquals(narrow.resolve("acts.npy") + " has d = 10, the fit d = 12",
                assertThrows(IllegalArgumentException.class, () -> ProbeFiles.writeVaryOne(file, fit, List.of(small), 0, 0.9)).getMessage());
    }
}
