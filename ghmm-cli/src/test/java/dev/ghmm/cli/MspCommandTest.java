package dev.ghmm.cli;

import static dev.ghmm.cli.CliTest.assertBad;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ghmm msp}: its JSON, its {@code --out} directory and each of its options. The numbers are the Even process's
 * presentation derived by hand in MeasuresTest: from π = (2/3, 1/3) the nodes η0, A = (1, 0), (1/2, 1/2), B = (0, 1)
 * at depths 0, 1, 1, 2 with probabilities 1, 1/3, 2/3, 1/6 at those depths, transitions η0 →0 A (1/3) →1 (½,½) (2/3),
 * A →0 A (1/2) →1 B (1/2), (½,½) →0 A (1/4) →1 η0 (3/4), B →1 A (1), and the limit (0, 2/3, 0, 1/3).
 */
class MspCommandTest {
    private static final double EPS = 1e-12;
    private static final double[][] BELIEFS = {{2.0 / 3, 1.0 / 3}, {1, 0}, {0.5, 0.5}, {0, 1}};
    private static final int[] DEPTHS = {0, 1, 1, 2};
    private static final double[] AT_DEPTH = {1, 1.0 / 3, 2.0 / 3, 1.0 / 6};
    private static final int[][] SUCCESSORS = {{1, 2}, {1, 3}, {1, 0}, {-1, 1}};
    private static final double[][] SYMBOL_PROBABILITIES = {{1.0 / 3, 2.0 / 3}, {0.5, 0.5}, {0.25, 0.75}, {0, 1}};
    private static final double[] LIMIT = {0, 2.0 / 3, 0, 1.0 / 3};

    @TempDir
    Path tmp;

    @Test
    void jsonListsEveryNodeWithItsDepthProbabilityAndTransitions() throws IOException {
        CliTest.Result r = run("msp", "--process", "even", "--depth", "10");
        assertEquals(0, r.code(), r.err());
        JsonNode o = r.json();
        assertEquals("even:p=0.5", o.get("process").asText());
        assertEquals(10, o.get("depth").asInt());
        assertTrue(o.get("finite").asBoolean());
        assertEquals(4, o.get("size").asInt());
        assertEquals(7, o.get("transitions").asInt());
        JsonNode nodes = o.get("nodes");
        assertEquals(4, nodes.size());
        for (int b = 0; b < 4; b++) {
            JsonNode node = nodes.get(b);
            assertEquals(b, node.get("node").asInt());
            assertEquals(DEPTHS[b], node.get("depth").asInt(), "depth of " + b);
            assertEquals(AT_DEPTH[b], node.get("probability").asDouble(), EPS, "probability of " + b);
            for (int i = 0; i < 2; i++) {
                assertEquals(BELIEFS[b][i], node.get("belief").get(i).asDouble(), EPS);
            }
            List<String> transitions = new ArrayList<>();
            node.get("transitions").forEach(t -> transitions.add(t.get("symbol").asText() + "->" + t.get("target").asInt()));
            List<String> expected = new ArrayList<>();
            for (int x = 0; x < 2; x++) {
                if (SUCCESSORS[b][x] >= 0) {
                    expected.add(x + "->" + SUCCESSORS[b][x]);
                }
            }
            assertEquals(expected, transitions, "transitions of " + b);
            for (JsonNode t : node.get("transitions")) {
                assertEquals(SYMBOL_PROBABILITIES[b][t.get("symbol").asInt()], t.get("probability").asDouble(), EPS);
            }
        }
        for (int b = 0; b < 4; b++) {
            assertEquals(LIMIT[b], o.get("limitingDistribution").get(b).asDouble(), EPS, "limit of " + b);
        }
        assertEquals("[[1,3]]", o.get("recurrentClasses").toString());
        assertEquals("[0,2]", o.get("transient").toString());
    }

    @Test
    void aTruncatedPresentationHasNoLimitAndAFrontier() throws IOException {
        // Mess3 to depth 2: 1 + 3 + 9 distinct beliefs; the 9 at depth 2 are not expanded
        JsonNode o = run("msp", "--process", "mess3", "--depth", "2").json();
        assertFalse(o.get("finite").asBoolean());
        assertEquals(13, o.get("size").asInt());
        assertEquals(12, o.get("transitions").asInt());
        assertTrue(o.get("limitingDistribution").isNull());
        assertTrue(o.get("recurrentClasses").isNull());
        assertTrue(o.get("transient").isNull());
        double atDepthTwo = 0;
        for (JsonNode node : o.get("nodes")) {
            boolean frontier = node.get("depth").asInt() == 2;
            assertEquals(frontier ? 0 : 3, node.get("transitions").size(), node.toString());
            atDepthTwo += frontier ? node.get("probability").asDouble() : 0;
        }
        assertEquals(1, atDepthTwo, EPS, "P_2 sums to 1 over the frontier");
    }

    @Test
    void outWritesNpyArraysAndASummary() throws IOException {
        Path dir = tmp.resolve("even");
        CliTest.Result r = run("msp", "--process", "even", "--depth", "10", "--out", dir.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode summary = r.json();
        assertEquals(dir.toString(), summary.get("out").asText());
        assertEquals(4, summary.get("size").asInt());
        assertFalse(summary.has("nodes"), "no node goes to stdout with --out");
        Npy.Array beliefs = Npy.read(dir.resolve("beliefs.npy"));
        assertEquals(Npy.Dtype.FLOAT64, beliefs.dtype());
        assertArrayEquals(new long[] {4, 2}, beliefs.shape());
        Npy.Array depths = Npy.read(dir.resolve("depths.npy"));
        assertEquals(Npy.Dtype.INT32, depths.dtype());
        assertArrayEquals(DEPTHS, depths.ints());
        assertArrayEquals(AT_DEPTH, Npy.read(dir.resolve("probabilities.npy")).doubles(), EPS);
        Npy.Array successors = Npy.read(dir.resolve("successors.npy"));
        assertArrayEquals(new long[] {4, 2}, successors.shape());
        Npy.Array symbolProbabilities = Npy.read(dir.resolve("symbolProbabilities.npy"));
        for (int b = 0; b < 4; b++) {
            for (int i = 0; i < 2; i++) {
                assertEquals(BELIEFS[b][i], beliefs.doubles()[2 * b + i], EPS);
                assertEquals(SUCCESSORS[b][i], successors.ints()[2 * b + i]);
                assertEquals(SYMBOL_PROBABILITIES[b][i], symbolProbabilities.doubles()[2 * b + i], EPS);
            }
        }
        assertArrayEquals(LIMIT, Npy.read(dir.resolve("limitingDistribution.npy")).doubles(), EPS);
        assertArrayEquals(new int[] {-1, 0, -1, 0}, Npy.read(dir.resolve("recurrentClass.npy")).ints());
        JsonNode meta = Json.readTree(dir.resolve("meta.json"));
        assertEquals("ghmm-msp/1", meta.get("format").asText());
        assertEquals("even", meta.get("spec").asText());
        assertEquals(2, meta.get("states").asInt());
        assertEquals("[\"0\",\"1\"]", meta.get("alphabet").toString());
        assertEquals(7, meta.get("files").size());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(8, files.count(), "seven arrays and meta.json");
        }
        try (Stream<Path> siblings = Files.list(tmp)) {
            assertEquals(List.of(dir), siblings.toList(), "no temporary directory is left behind");
        }
    }

    @Test
    void outOfATruncatedPresentationHasNoLimitFiles() throws IOException {
        Path dir = tmp.resolve("mess3");
        assertEquals(0, run("msp", "--process", "mess3", "--depth", "3", "--out", dir.toString()).code());
        assertFalse(Files.exists(dir.resolve("limitingDistribution.npy")));
        assertFalse(Files.exists(dir.resolve("recurrentClass.npy")));
        Npy.Array successors = Npy.read(dir.resolve("successors.npy"));
        assertArrayEquals(new long[] {40, 3}, successors.shape());
        int[] depths = Npy.read(dir.resolve("depths.npy")).ints();
        for (int b = 0; b < 40; b++) {
            assertEquals(depths[b] == 3, successors.ints()[3 * b] < 0, "only the frontier has no successor: node " + b);
        }
        assertFalse(Json.readTree(dir.resolve("meta.json")).get("finite").asBoolean());
    }

    @Test
    void aProcessThatSynchronisesTooSlowlyForALimitIsRefusedAndWritesNothing() throws IOException {
        // MeasuresTest's slow process: 0.905 of the mass is still transient after 10⁶ steps
        Path file = tmp.resolve("slow.json");
        Files.writeString(file, """
                {"alphabet": ["0", "1"], "transfer": [[[0.9999999, 0], [0, 0]], [[0, 1e-7], [0, 1]]], "initial": [1, 0]}
                """);
        assertBad(run("msp", "--process", file.toString(), "--depth", "3"), "is still on transient beliefs");
        assertBad(run("msp", "--process", file.toString(), "--depth", "3", "--out", tmp.resolve("slow").toString()), "is still on transient beliefs");
        assertFalse(Files.exists(tmp.resolve("slow")), "nothing half-written");
    }

    @Test
    void overwriteReplacesANonEmptyOutWhole() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("out"));
        Files.writeString(dir.resolve("old.txt"), "old");
        assertBad(run("msp", "--process", "even", "--depth", "4", "--out", dir.toString()), "is not empty: pass --overwrite");
        assertTrue(Files.exists(dir.resolve("old.txt")), "a refused run leaves the directory as it was");
        assertEquals(0, run("msp", "--process", "even", "--depth", "4", "--out", dir.toString(), "--overwrite").code());
        assertFalse(Files.exists(dir.resolve("old.txt")));
        assertTrue(Files.exists(dir.resolve("beliefs.npy")));
        assertBad(run("msp", "--process", "even", "--depth", "4", "--overwrite"), "--overwrite needs --out");
    }

    @Test
    void summaryPrintsTheSummaryKeysAloneWhateverTheSize() throws IOException {
        CliTest.Result r = run("msp", "--process", "post-quantum", "--depth", "100", "--summary");
        assertEquals(0, r.code(), r.err());
        // 2.2 MB of nodes without --summary; the six keys of the summary with it
        assertEquals(List.of("process", "depth", "finite", "size", "transitions", "tolerance"), iterable(r.json().fieldNames()));
        assertEquals(6527, r.json().get("size").asInt());
        assertTrue(r.out().length() < 200, r.out());
        CliTest.Result t = run("msp", "--process", "even", "--depth", "4", "--summary", "--text");
        assertEquals(List.of("mixed-state presentation of even:p=0.5 to depth 4: 4 beliefs, finite (closed under every symbol)"), t.out().lines().toList());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    @Test
    void textShowsDepthsProbabilitiesTransitionsAndTheLimit() {
        CliTest.Result r = run("msp", "--process", "even", "--depth", "10", "--text");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("mixed-state presentation of even:p=0.5 to depth 10: 4 beliefs, finite (closed under every symbol)", lines.get(0));
        assertTrue(lines.get(1).contains("depth") && lines.get(1).contains("Pr at depth") && lines.get(1).contains("limit"), lines.get(1));
        // node 3 = B: depth 2, Pr 1/6, only 1 -> A, limit 1/3, recurrent
        String b = lines.get(5);
        assertTrue(b.matches("\\s*3\\s+2\\s+0\\.166667\\s+.*1:1->1\\s+0\\.333333\\s+recurrent class 0\\s*"), b);
        CliTest.Result truncated = run("msp", "--process", "mess3", "--depth", "1", "--text");
        assertTrue(truncated.out().lines().anyMatch(l -> l.contains("(frontier)")), truncated.out());
        CliTest.Result written = run("msp", "--process", "even", "--depth", "3", "--text", "--out", tmp.resolve("t").toString());
        assertEquals(List.of("mixed-state presentation of even:p=0.5 to depth 3: 4 beliefs, finite (closed under every symbol); written to "
                + tmp.resolve("t")), written.out().lines().toList());
    }

    @Test
    void plotDrawsAFactoredProcessOnePanelPerFactor() throws IOException {
        Path png = tmp.resolve("zz.png");
        Path file = tmp.resolve("zz.json");
        Files.writeString(file, """
                {"factored": {"structure": "independent", "factors": [{"variants": ["z1r-prime"]}, {"variants": ["z1r-prime"]}]}}
                """);
        CliTest.Result r = run("msp", "--process", file.toString(), "--depth", "8", "--plot", png.toString(), "--colour", "probability");
        assertEquals(0, r.code(), r.err());
        PlotsTest.assertPicture(png, 2 * MspCommand.PLOT_WIDTH, MspCommand.PLOT_HEIGHT);
        Path single = tmp.resolve("mess3.png");
        assertEquals(0, run("msp", "--process", "mess3", "--depth", "4", "--plot", single.toString()).code());
        PlotsTest.assertPicture(single, MspCommand.PLOT_WIDTH, MspCommand.PLOT_HEIGHT);
    }

    /**
     * A noisy process with received updates (ε = 0.1 over Even) has no finite GHMM but is read through its filter:
     * the clean filter advanced on the symbols received, so from each of Even's nodes η the next symbol has
     * probability 0.9·Pr(y | η) + 0.05 (SYMBOL_PROBABILITIES), and the block entropies H(1), H(2) are those of the
     * words enumerated with these probabilities. {@code --out} with {@code --plot} writes both (it used to exit 2
     * after writing the directory: the picture asked for a joint GHMM).
     */
    @Test
    void aNoisyProcessWithReceivedUpdatesHasAPresentationMeasuresAndAPicture() throws IOException {
        Path file = tmp.resolve("noisy-even.json");
        Files.writeString(file, """
                {"noisy": {"process": "even", "epsilon": 0.1, "over": "joint", "updates": "received"}}
                """);
        JsonNode o = run("msp", "--process", file.toString(), "--depth", "1").json();
        assertEquals("noisy(even:p=0.5; epsilon 0.1, over joint, updates received)", o.get("process").asText());
        double[][] received = new double[3][2];
        for (int b = 0; b < 3; b++) {
            for (int y = 0; y < 2; y++) {
                received[b][y] = 0.9 * SYMBOL_PROBABILITIES[b][y] + 0.05;
            }
        }
        assertEquals(3, o.get("size").asInt());
        for (int b = 0; b < 3; b++) {
            assertArrayEquals(BELIEFS[b], doubles(o.get("nodes").get(b).get("belief")), EPS);
        }
        for (int y = 0; y < 2; y++) {
            assertEquals(received[0][y], o.get("nodes").get(0).get("transitions").get(y).get("probability").asDouble(), EPS);
            assertEquals(received[0][y], o.get("nodes").get(1 + y).get("probability").asDouble(), EPS);
        }
        // words of length 2: the first symbol y from η0 leads to A (y = 0) or (½, ½) (y = 1)
        double h1 = 0;
        double h2 = 0;
        for (int y = 0; y < 2; y++) {
            h1 -= received[0][y] * log2(received[0][y]);
            for (int z = 0; z < 2; z++) {
                double pr = received[0][y] * received[1 + y][z];
                h2 -= pr * log2(pr);
            }
        }
        CliTest.Result m = run("measures", "--process", file.toString(), "--max-length", "2");
        assertEquals(0, m.code(), m.err());
        assertArrayEquals(new double[] {0, h1, h2}, doubles(m.json().get("blockEntropy")), 1e-12);
        Path dir = tmp.resolve("out");
        Path png = tmp.resolve("noisy.png");
        CliTest.Result r = run("msp", "--process", file.toString(), "--depth", "3", "--out", dir.toString(), "--plot", png.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(dir.resolve("beliefs.npy")));
        PlotsTest.assertPicture(png, MspCommand.PLOT_WIDTH, MspCommand.PLOT_HEIGHT);
    }

    /** A noisy factored process over factors with sent updates is named as a whole: its clean product, then the channel. */
    @Test
    void aNoisyProcessOverFactorsIsNamedAsAWhole() throws IOException {
        Path file = tmp.resolve("noisy-pair.json");
        Files.writeString(file, """
                {"noisy": {"process": {"factored": {"structure": "independent", "factors": [{"variants": ["even"]}, {"variants": ["coin"]}]}},
                 "epsilon": 0.1, "over": "factors", "updates": "sent"}}
                """);
        String name = "noisy(even:p=0.5 x coin:p=0.5; epsilon 0.1, over factors, updates sent)";
        assertEquals(name, run("msp", "--process", file.toString(), "--depth", "2").json().get("process").asText());
        assertTrue(run("msp", "--process", file.toString(), "--depth", "2", "--text").out().startsWith("mixed-state presentation of " + name + " "));
        assertTrue(run("measures", "--process", file.toString(), "--max-length", "2", "--text").out().startsWith("information measures of " + name + " "));
    }

    /**
     * Fully conditional factors (two Mess3 factors, each choosing the other's variant) have a joint belief that does
     * not factor: their factorBeliefs are its marginals (sums over the other factor's 3 states, |1⟩⟩ = 1 for an HMM),
     * and at some node their Kronecker product is not the belief.
     */
    @Test
    void theFactorBeliefsOfFullyConditionalFactorsAreTheMarginalsOfTheBelief() throws IOException {
        Path file = tmp.resolve("fc.json");
        Files.writeString(file, """
                {"factored": {"structure": "fully_conditional", "factors": [
                  {"variants": ["mess3", "mess3:x=0.05,alpha=0.85"], "control": [0, 1, 1]},
                  {"variants": ["mess3", "mess3:x=0.05,alpha=0.85"], "control": [1, 0, 0]}]}}
                """);
        double apart = assertMarginals(run("msp", "--process", file.toString(), "--depth", "2").json());
        assertTrue(apart > 1e-3, "the belief does not factor: max |η − η₀ ⊗ η₁| = " + apart);
    }

    /**
     * A noisy process over a factored process keeps the factor beliefs its filter holds: with received updates the
     * belief is their Kronecker product; sent over the joint alphabet they are the marginals of a belief that does
     * not factor.
     */
    @Test
    void aNoisyFactoredProcessKeepsItsFactorBeliefs() throws IOException {
        for (String channel : new String[] {"\"over\": \"factors\", \"updates\": \"received\"", "\"over\": \"joint\", \"updates\": \"sent\""}) {
            Path file = tmp.resolve("noisy-mess3-pair.json");
            Files.writeString(file, "{\"noisy\": {\"process\": {\"factored\": {\"structure\": \"independent\", \"factors\":"
                    + " [{\"variants\": [\"mess3\"]}, {\"variants\": [\"mess3\"]}]}}, \"epsilon\": 0.1, " + channel + "}}");
            double apart = assertMarginals(run("msp", "--process", file.toString(), "--depth", "2").json());
            if (channel.contains("received")) {
                assertEquals(0, apart, EPS, channel);
            } else {
                assertTrue(apart > 1e-4, channel + ": max |η − η₀ ⊗ η₁| = " + apart);
            }
        }
    }

    /** Asserts that every node's two factor beliefs (3 states each) are its belief's marginals; returns max |η − η₀ ⊗ η₁|. */
    private static double assertMarginals(JsonNode o) {
        double apart = 0;
        for (JsonNode node : o.get("nodes")) {
            double[] belief = doubles(node.get("belief"));
            double[] f0 = doubles(node.get("factorBeliefs").get(0));
            double[] f1 = doubles(node.get("factorBeliefs").get(1));
            for (int i = 0; i < 3; i++) {
                double m0 = 0;
                double m1 = 0;
                for (int j = 0; j < 3; j++) {
                    m0 += belief[3 * i + j];
                    m1 += belief[3 * j + i];
                    apart = Math.max(apart, Math.abs(belief[3 * i + j] - f0[i] * f1[j]));
                }
                assertEquals(m0, f0[i], EPS, "node " + node.get("node") + " factor 0");
                assertEquals(m1, f1[i], EPS, "node " + node.get("node") + " factor 1");
            }
        }
        return apart;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    /**
     * A factored process keeps its factor beliefs: Even × a fair coin (one state) has Even's four nodes, each with
     * factor beliefs (η, (1)), in the JSON nodes, in factorBeliefs.npy ([n, 2 + 1], factorDimensions [2, 1]) and in a
     * column of the text; a process without factors has none.
     */
    @Test
    void aFactoredProcessKeepsItsFactorBeliefs() throws IOException {
        Path file = tmp.resolve("even-coin.json");
        Files.writeString(file, """
                {"factored": {"structure": "independent", "factors": [{"variants": ["even"]}, {"variants": ["coin"]}]}}
                """);
        JsonNode o = run("msp", "--process", file.toString(), "--depth", "10").json();
        assertEquals(4, o.get("size").asInt());
        for (int b = 0; b < 4; b++) {
            JsonNode factors = o.get("nodes").get(b).get("factorBeliefs");
            assertEquals(2, factors.size());
            assertArrayEquals(BELIEFS[b], doubles(factors.get(0)), EPS);
            assertArrayEquals(new double[] {1}, doubles(factors.get(1)), EPS);
            assertArrayEquals(BELIEFS[b], doubles(o.get("nodes").get(b).get("belief")), EPS, "the joint belief is η ⊗ (1)");
        }
        assertFalse(run("msp", "--process", "even", "--depth", "10").json().get("nodes").get(0).has("factorBeliefs"));
        Path dir = tmp.resolve("out");
        assertEquals(0, run("msp", "--process", file.toString(), "--depth", "10", "--out", dir.toString()).code());
        Npy.Array factorBeliefs = Npy.read(dir.resolve("factorBeliefs.npy"));
        assertEquals(Npy.Dtype.FLOAT64, factorBeliefs.dtype());
        assertArrayEquals(new long[] {4, 3}, factorBeliefs.shape());
        for (int b = 0; b < 4; b++) {
            assertArrayEquals(new double[] {BELIEFS[b][0], BELIEFS[b][1], 1}, java.util.Arrays.copyOfRange(factorBeliefs.doubles(), 3 * b, 3 * b + 3), EPS);
        }
        JsonNode meta = Json.readTree(dir.resolve("meta.json"));
        assertEquals("[2,1]", meta.get("factorDimensions").toString());
        assertTrue(meta.get("files").toString().contains("\"factorBeliefs.npy\""), meta.get("files").toString());
        CliTest.Result text = run("msp", "--process", file.toString(), "--depth", "10", "--text");
        assertTrue(text.out().contains("factor beliefs"), text.out());
        assertTrue(text.out().contains("[0.5, 0.5] x [1]"), text.out());
    }

    private static double[] doubles(JsonNode array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i).asDouble();
        }
        return v;
    }
}
