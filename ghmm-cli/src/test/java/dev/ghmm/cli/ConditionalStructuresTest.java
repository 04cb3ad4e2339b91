package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer's {@code fully_conditional} and {@code conditional_transitions} structures in both file forms, with values
 * derived by hand (docs/math.md, "Fully conditional factors"): the example where the hidden-state process and the
 * peer's per-factor recursion part from a mixed state, the Z = 0 fallback with valid factors, a peer file and its ghmm
 * translation giving the same {@code eval} lines, the factor outputs of {@code sample}, and bad files.
 */
class ConditionalStructuresTest {
    /**
     * Factor 0: states a, b that never change; under variant 0 (chosen by x1 = 0) a emits 0 and b emits 0 or 1 with
     * probability 1/2 each, under variant 1 (x1 = 1) a emits 0 and b emits 1. Factor 1: one state, x1 = x0 (variant x0
     * emits x0). Initial belief (1/2, 1/2) on factor 0.
     */
    static final String PEER_FC = "{\"type\": \"factored\", \"factors\": ["
            + "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[1, 0], [0, 0.5]], [[0, 0], [0, 0.5]]], [[[1, 0], [0, 0]], [[0, 0], [0, 1]]]],"
            + " \"initial_state\": [0.5, 0.5]},"
            + "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[1]], [[0]]], [[[0]], [[1]]]], \"initial_state\": [1]}],"
            + " \"structure\": {\"type\": \"fully_conditional\", \"control_maps\": [[0, 1], [0, 1]]}}";
    static final String GHMM_FC = "{\"factored\": {\"structure\": \"fully_conditional\", \"factors\": ["
            + "{\"variants\": [{\"alphabet\": [\"0\", \"1\"], \"transfer\": [[[1, 0], [0, 0.5]], [[0, 0], [0, 0.5]]], \"initial\": [0.5, 0.5], \"one\": [1, 1]},"
            + " {\"alphabet\": [\"0\", \"1\"], \"transfer\": [[[1, 0], [0, 0]], [[0, 0], [0, 1]]], \"initial\": [0.5, 0.5], \"one\": [1, 1]}], \"control\": [0, 1]},"
            + "{\"variants\": [{\"alphabet\": [\"0\", \"1\"], \"transfer\": [[[1]], [[0]]]}, {\"alphabet\": [\"0\", \"1\"], \"transfer\": [[[0]], [[1]]]}],"
            + " \"control\": [0, 1]}]}}";
    private static final String F0_V0 = "[[[0.5, 0.2], [0.1, 0.1]], [[0.2, 0.1], [0.4, 0.4]]]";
    private static final String F0_V1 = "[[[0.1, 0.1], [0.3, 0.3]], [[0.4, 0.4], [0.2, 0.2]]]";
    private static final String PEER_CT = "{\"type\": \"factored\", \"factors\": ["
            + "{\"component_type\": \"hmm\", \"transition_matrices\": [" + F0_V0 + ", " + F0_V1 + "], \"initial_state\": [0.5, 0.5]},"
            + "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0.6]], [[0.4]]], [[[0.3]], [[0.7]]]], \"initial_state\": [1]}],"
            + " \"structure\": {\"type\": \"conditional_transitions\", \"transition_control_maps\": [[1, 0], [0, 1]],"
            + " \"emission_control_maps\": [null, [1, 0]]}}";
    private static final String GHMM_CT = "{\"factored\": {\"structure\": \"conditional_transitions\", \"factors\": ["
            + "{\"variants\": [{\"alphabet\": [\"0\", \"1\"], \"transfer\": " + F0_V0 + ", \"initial\": [0.5, 0.5]},"
            + " {\"alphabet\": [\"0\", \"1\"], \"transfer\": " + F0_V1 + ", \"initial\": [0.5, 0.5]}], \"emission\": 0, \"transition\": [1, 0]},"
            + "{\"variants\": [{\"alphabet\": [\"0\", \"1\"], \"transfer\": [[[0.6]], [[0.4]]]}, {\"alphabet\": [\"0\", \"1\"], \"transfer\": [[[0.3]], [[0.7]]]}],"
            + " \"emission\": [1, 0], \"transition\": [0, 1]}]}}";

    @TempDir
    Path tmp;

    /**
     * From a: only (0,0), Z(a) = 1. From b: (0,0) with weight 1/2, (1,1) with weight 1, Z(b) = 3/2, so (1/3, 0, 0, 2/3).
     * The hidden-state law at (1/2, 1/2) is their mixture (2/3, 0, 0, 1/3) and after (0,0) factor 0 is at
     * (1/2·1, 1/2·1/3)/(2/3) = (3/4, 1/4). The peer normalises the mixed product once: (3/4, 0, 0, 1/2)/(5/4) =
     * (3/5, 0, 0, 2/5), and moves factor 0 to (1/2, 1/4)/(3/4) = (2/3, 1/3).
     */
    @Test
    void fromAMixedStateTheExactProcessIsNotThePeersRecursion() {
        Process p = ProcessFiles.fromTree(Json.parse(PEER_FC));
        BeliefFilter filter = p.filter();
        assertArrayEquals(new double[] {2.0 / 3, 0, 0, 1.0 / 3}, filter.nextSymbolDistribution(), 1e-15);
        filter.update(0);
        double[] f0 = new double[2];
        filter.part(0, f0, 0);
        assertArrayEquals(new double[] {0.75, 0.25}, f0, 1e-15);
        filter.reset(new double[] {1, 0});
        assertArrayEquals(new double[] {1, 0, 0, 0}, filter.nextSymbolDistribution(), 1e-15);
        filter.reset(new double[] {0, 1});
        assertArrayEquals(new double[] {1.0 / 3, 0, 0, 2.0 / 3}, filter.nextSymbolDistribution(), 1e-15);
        IllegalArgumentException negative = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> filter.reset(new double[] {1.5, -0.5}));
        assertEquals("the belief of a fully conditional process is a distribution over its joint states: entry 1 = -0.5 is negative",
                negative.getMessage());
    }

    /**
     * Valid one-state factors whose conditionals vanish on every tuple: factor 0 emits 1 when x1 = 0 and 0 when x1 = 1;
     * factor 1 emits 0 when x0 = 0 and 1 when x0 = 1. Then (0,0): 0·1, (0,1): 1·0, (1,0): 1·0,
     * (1,1): 0·1, so Z = 0: every word of length n has probability 4^−n.
     */
    @Test
    void whereTheProductVanishesEverywhereTheLawIsUniformAndTheStateStays() {
        String one = "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0]], [[1]]], [[[1]], [[0]]]], \"initial_state\": [1]}";
        String two = "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[1]], [[0]]], [[[0]], [[1]]]], \"initial_state\": [1]}";
        Process p = ProcessFiles.fromTree(Json.parse("{\"type\": \"factored\", \"factors\": [" + one + ", " + two + "], \"structure\": "
                + "{\"type\": \"fully_conditional\", \"control_maps\": [[0, 1], [0, 1]]}}"));
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, p.filter().nextSymbolDistribution(), 1e-15);
        assertEquals(1.0 / 64, p.probability(2, 0, 3), 1e-15);
    }

    private Path file(String name, String json) throws IOException {
        return Files.writeString(tmp.resolve(name), json);
    }

    @Test
    void aPeerFileAndItsGhmmTranslationGiveTheSameEvalLines() throws IOException {
        for (String[] pair : List.of(new String[] {PEER_FC, GHMM_FC}, new String[] {PEER_CT, GHMM_CT})) {
            Path peer = file("peer.json", pair[0]);
            Path ours = file("ghmm.json", pair[1]);
            for (String word : List.of("(0,0)", "(0,0) (1,1) (0,0)", "(1,1) (0,1) (1,0) (1,1)", "(0,1) (1,0)")) {
                CliTest.Result a = CliTest.run("eval", "--process", peer.toString(), "--word", word);
                CliTest.Result b = CliTest.run("eval", "--process", ours.toString(), "--word", word);
                assertEquals(0, a.code(), a.err());
                assertEquals(a.out(), b.out(), word);
            }
        }
    }

    /**
     * The hand-derived law of the conditional-transitions file: factor 0 emits with its variant 0 from (1/2, 1/2):
     * Pr(x0 = 0) = (0.7 + 0.2)/2 = 0.45; factor 1 emits with variant 1 after x0 = 0 (0.3 for 0) and variant 0 after
     * x0 = 1 (0.6 for 0).
     */
    @Test
    void conditionalTransitionsEmitWithTheirEmissionVariants() {
        Process p = ProcessFiles.fromTree(Json.parse(PEER_CT));
        assertArrayEquals(new double[] {0.45 * 0.3, 0.45 * 0.7, 0.55 * 0.6, 0.55 * 0.4}, p.filter().nextSymbolDistribution(), 1e-15);
        // after (0,0) factor 0 moves with variant 1 (chosen by x1 = 0) weighted by variant 0's likelihoods 0.7, 0.2:
        // (0.5·0.7·(0.1, 0.1)/0.2 + 0.5·0.2·(0.3, 0.3)/0.6) ∝ (0.225, 0.225), i.e. (1/2, 1/2)
        BeliefFilter filter = p.filter();
        filter.update(0);
        double[] f0 = new double[2];
        filter.part(0, f0, 0);
        assertArrayEquals(new double[] {0.5, 0.5}, f0, 1e-15);
    }

    @Test
    void sampleWritesTheFactorMarginalsAndTheGapOfTheJointBelief() throws IOException {
        Path out = tmp.resolve("data");
        CliTest.Result r = CliTest.run("sample", "--process", file("fc.json", PEER_FC).toString(), "--count", "8", "--length", "6", "--seed", "3",
                "--out", out.toString(), "--outputs", "tokens,factor-beliefs,factor-gap", "--dtype", "float64");
        assertEquals(0, r.code(), r.err());
        CliTest.Result frozen = CliTest.run("sample", "--process", tmp.resolve("fc.json").toString(), "--count", "4", "--length", "3", "--seed", "3",
                "--out", tmp.resolve("frozen").toString(), "--freeze", "0", "--groups", "2");
        assertEquals(2, frozen.code());
        assertTrue(frozen.err().contains("keeps a joint belief of its factors (fully conditional): its factors are drawn together, so none can be"
                + " frozen"), frozen.err());
        double[] f0 = Npy.read(out.resolve("beliefs.f0.npy")).doubles();
        double[] gap = Npy.read(out.resolve("factor-gap.npy")).doubles();
        int[] tokens = Npy.read(out.resolve("tokens.npy")).ints();
        for (int n = 0; n < 8; n++) {
            Process p = ProcessFiles.fromTree(Json.parse(PEER_FC));
            BeliefFilter filter = p.filter();
            for (int s = 0; s <= 6; s++) {
                int row = n * 7 + s;
                double[] want = new double[2];
                filter.part(0, want, 0);
                assertArrayEquals(want, new double[] {f0[2 * row], f0[2 * row + 1]}, 1e-15);
                // factor 1 has one state: the joint belief is a product and the gap is 0
                assertEquals(0.0, gap[2 * row], 1e-15);
                if (s < 6) {
                    filter.update(tokens[n * 6 + s]);
                }
            }
        }
    }

    @Test
    void badStructuresExitTwoNamingTheJsonPath() throws IOException {
        String[][] bad = {
            {GHMM_FC.replace("\"control\": [0, 1]}]}}", "\"control\": [0, 1, 1]}]}}"),
                "factored.factors[1].control = [0,1,1] has 3 entries but needs 2, one per combination of the other factors' symbols"},
            {GHMM_CT.replace("\"emission\": 0,", "\"emission\": [0, 1],"), "factored.factors[0].emission = [0,1] is not a variant: factor 0's emission has no parent"},
            {GHMM_CT.replace("\"transition\": [0, 1]", "\"transition\": [0, 2]"), "factored.factors[1].transition[1] = 2 is not a variant of factor 1"},
            {PEER_FC.replace("\"control_maps\": [[0, 1], [0, 1]]", "\"control_maps\": [[0, 1], [0, 1, 0]]"),
                "structure.control_maps[1] = [0,1,0] has 3 entries, expected one per combination of the other factors' tokens (2)"},
            {PEER_CT.replace("[null, [1, 0]]", "[null, [1, 0], null]"), "structure.emission_control_maps = [null,[1,0],null] has 3 entries for 2 factors"},
        };
        for (String[] c : bad) {
            CliTest.Result r = CliTest.run("eval", "--process", file("bad.json", c[0]).toString(), "--word", "(0,0)");
            assertEquals(2, r.code(), c[0]);
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
