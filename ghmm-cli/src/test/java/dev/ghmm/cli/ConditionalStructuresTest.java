package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.io.process.SimplexityFiles;
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

    /**
     * The independent reviewer's case: 2 factors × 2 states × 2 symbols, point-mass initial states (1, 0) and (0, 1),
     * emission variants [0, 0], transition maps [[0, 1], [1, 0]].
     */
    private static final String REVIEWER_CT = "{\"type\": \"factored\", \"factors\": [{\"component_type\": \"hmm\", "
            + "\"transition_matrices\": [[[[0.0474185578519052, 0.21819346783276003], [0.4343560156984317, "
            + "0.14483534181626534]], [[0.13110708581831226, 0.6032808884970224], [0.3155792346517256, "
            + "0.10522940783357757]]], [[[0.3665330770245684, 0.4994591057404436], [0.18766357177559348, "
            + "0.24321948767788557]], [[0.056719100442289345, 0.07728871679269857], [0.24786891820816478, "
            + "0.32124802233835614]]]], \"initial_state\": [1.0, 0.0], \"vocab_size\": 2}, "
            + "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0.00046568200684523345, "
            + "0.3042265293516356], [0.3430441044469511, 0.3609604739141977]], [[0.0010626865877078537, "
            + "0.6942451020538114], [0.14423128408180386, 0.15176413755704732]]], [[[0.02485029218680786, "
            + "0.5789324707329937], [0.30471423064804154, 0.07397346922305255]], [[0.016307378606302603, "
            + "0.3799098584738957], [0.4999441481473794, 0.1213681519815264]]]], \"initial_state\": [0.0, 1.0], "
            + "\"vocab_size\": 2}], \"structure\": {\"type\": \"conditional_transitions\", "
            + "\"transition_control_maps\": [[0, 1], [1, 0]], \"emission_variant_indices\": [0, 0]}}";
    /**
     * Factor 0 at (1/2, 1/2): its emission variant 0 emits 1 from state 1, its transition variant 1 cannot; from
     * (1/2, 1/2) the update is still defined.
     */
    private static final String ZERO_CT = "{\"type\": \"factored\", \"factors\": [{\"component_type\": \"hmm\", "
            + "\"transition_matrices\": [[[[0.25, 0.25], [0, 0]], [[0.25, 0.25], [0.5, 0.5]]], [[[0.25, 0.25], "
            + "[0.5, 0.5]], [[0.25, 0.25], [0, 0]]]], \"initial_state\": [0.5, 0.5], \"vocab_size\": 2}, "
            + "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0.5]], [[0.5]]]], "
            + "\"initial_state\": [1.0], \"vocab_size\": 2}], "
            + "\"structure\": {\"type\": \"conditional_transitions\", \"transition_control_maps\": [[0, 1], [0, "
            + "0]], \"emission_variant_indices\": [0, 0]}}";

    /** The reviewer's fully conditional file from point masses: both factors start at state 0. */
    private static final String POINT_FC = "{\"type\": \"factored\", \"factors\": [{\"component_type\": \"hmm\", "
            + "\"transition_matrices\": [[[[0.2874362233375334, 0.4125637766624665], [0.0, 0.0]], "
            + "[[0.12318695285894289, 0.17681304714105708], [0.7749937136753947, 0.22500628632460512]]], "
            + "[[[0.051147863865692846, 0.14885213613430714], [0.006370652818501594, 0.9936293471814984]], "
            + "[[0.20459145546277138, 0.5954085445372286], [0.0, 0.0]]]], \"initial_state\": [1.0, 0.0], "
            + "\"vocab_size\": 2}, {\"component_type\": \"hmm\", \"transition_matrices\": [[[[0.37805533657356943, "
            + "0.22194466342643057], [0.5211595790852261, 0.4788404209147738]], [[0.2520368910490463, "
            + "0.14796310895095374], [0.0, 0.0]]], [[[0.0364127556154789, 0.06358724438452111], [0.0, 0.0]], "
            + "[[0.32771480053931007, 0.5722851994606899], [0.47686815549058675, 0.5231318445094131]]]], "
            + "\"initial_state\": [1.0, 0.0], \"vocab_size\": 2}], "
            + "\"structure\": {\"type\": \"fully_conditional\", \"control_maps\": [[0, 1], [0, 1]]}}";

    @TempDir
    Path tmp;

    /**
     * From point masses the first law is the peer's (Pr("(0,0)") = 0.336 both ways); from the second symbol on ghmm's
     * exact hidden-state process (the reviewer's independent numpy joint: 0.07133967710422132) is not the peer's
     * recursion (0.0980241160006786).
     */
    @Test
    void fromPointMassesTheFullyConditionalLawsAgreeForTheFirstSymbolOnly() {
        Process p = ProcessFiles.fromTree(Json.parse(POINT_FC));
        assertEquals(0.336, p.probability(0), 1e-15);
        assertEquals(0.07133967710422132, p.probability(0, 0), 1e-15);
    }

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

    /**
     * A belief spread over a state with Z = 0 and one without. Factor 0 has states a, b: from a its conditionals vanish
     * as above (variant 0, chosen by x1 = 0, emits 1 and variant 1 emits 0, staying at a); from b both variants emit 0
     * and stay at b. Factor 1 (one state) emits x0 (variant x0). From a, Z(a) = 0; from b only (0,0) has weight 1, Z(b)
     * = 1. At (1/2, 1/2) the law is 1/2·uniform + 1/2·δ<sub>(0,0)</sub> = (5/8, 1/8, 1/8, 1/8); after (0,0) the belief is
     * (1/2·1/4, 1/2·1)/(5/8) = (1/5, 4/5), after (0,1) it is (1, 0) (a stays, b cannot emit it). So Pr("(0,0) (0,0)") =
     * 5/8·(1/5·1/4 + 4/5) = 17/32 and Pr("(0,1) (0,0)") = 1/8·1/4 = 1/32.
     */
    @Test
    void aBeliefSpreadOverStatesWithAndWithoutZeroNormaliserMixesTheUniformLawAndStays() {
        String one = "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0, 0], [0, 1]], [[1, 0], [0, 0]]], [[[1, 0], [0, 1]], [[0, 0], [0, 0]]]],"
                + " \"initial_state\": [0.5, 0.5]}";
        String two = "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[1]], [[0]]], [[[0]], [[1]]]], \"initial_state\": [1]}";
        Process p = ProcessFiles.fromTree(Json.parse("{\"type\": \"factored\", \"factors\": [" + one + ", " + two + "], \"structure\": "
                + "{\"type\": \"fully_conditional\", \"control_maps\": [[0, 1], [0, 1]]}}"));
        BeliefFilter filter = p.filter();
        assertArrayEquals(new double[] {5.0 / 8, 1.0 / 8, 1.0 / 8, 1.0 / 8}, filter.nextSymbolDistribution(), 1e-15);
        filter.update(0);
        assertArrayEquals(new double[] {0.2, 0.8}, filter.belief(), 1e-15);
        filter.reset();
        filter.update(1);
        assertArrayEquals(new double[] {1, 0}, filter.belief(), 1e-15);
        assertEquals(17.0 / 32, p.probability(0, 0), 1e-15);
        assertEquals(1.0 / 32, p.probability(1, 0), 1e-15);
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
        // after (0,0) factor 0 moves with variant 1 (chosen by x1 = 0): (1/2, 1/2)·T1(0) = (0.2, 0.2), i.e. (1/2, 1/2)
        BeliefFilter filter = p.filter();
        filter.update(0);
        double[] f0 = new double[2];
        filter.part(0, f0, 0);
        assertArrayEquals(new double[] {0.5, 0.5}, f0, 1e-15);
    }

    /**
     * A noisy channel over conditional_transitions whose emission and transition variants differ is refused for the real
     * reason (no joint GHMM, (C4)) at the JSON path of the process, by every command, in the ghmm form and as the peer's
     * noise_epsilon; at ε = 0 it is the clean process.
     */
    @Test
    void aNoisyChannelOverConditionalTransitionsIsRefusedForWantOfAJointGhmm() throws IOException {
        String reason = "noisy.process: a noisy channel over conditional_transitions whose emission variants differ from its transition variants"
                + " is not defined: that process has no joint GHMM";
        for (String updates : List.of("sent", "received")) {
            Path noisy = file("noisy-" + updates + ".json", "{\"noisy\": {\"process\": " + REVIEWER_CT + ", \"epsilon\": 0.1, \"over\": \"joint\","
                    + " \"updates\": \"" + updates + "\"}}");
            for (String[] command : List.of(new String[] {"eval", "--word", "(0,0)"}, new String[] {"sample", "--count", "2", "--length", "3",
                "--seed", "1", "--out", tmp.resolve("out-" + updates).toString(), "--outputs", "tokens,factor-beliefs"})) {
                String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of(command[0], "--process", noisy.toString()),
                        java.util.Arrays.stream(command, 1, command.length)).toArray(String[]::new);
                CliTest.Result r = CliTest.run(args);
                assertEquals(2, r.code(), r.out());
                assertTrue(r.err().contains(reason), r.err());
                assertEquals(1, r.err().strip().lines().count(), r.err());
            }
        }
        Path peer = file("peer-noisy.json", REVIEWER_CT.substring(0, REVIEWER_CT.length() - 1) + ", \"noise_epsilon\": 0.1}");
        CliTest.Result r = CliTest.run("eval", "--process", peer.toString(), "--word", "(0,0)");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("noise_epsilon = 0.1: a noisy channel over conditional_transitions whose emission variants differ"), r.err());
        Path clean = file("noisy-0.json", "{\"noisy\": {\"process\": " + REVIEWER_CT + ", \"epsilon\": 0.0, \"over\": \"joint\","
                + " \"updates\": \"sent\"}}");
        assertEquals(0.013154306466504447, Json.parse(CliTest.run("eval", "--process", clean.toString(), "--word", "(1,1) (0,1) (1,0)").out())
                .get("probability").asDouble(), 1e-15);
    }

    /**
     * The specification's recursion (§4.4), computed independently in numpy by the reviewer: Pr("(1,1) (0,1) (1,0)") =
     * 0.013154306466504447 (the earlier reading of derived variants gave 0.0157159, which agrees only while every
     * factor state is a point mass).
     */
    @Test
    void conditionalTransitionsFollowTheSpecificationsRecursion() {
        Process p = ProcessFiles.fromTree(Json.parse(REVIEWER_CT));
        assertEquals(0.013154306466504447, p.probability(3, 1, 2), 1e-15);
    }

    /**
     * The file ZERO_CT, by hand: factor 1 (one state) emits each symbol with probability 1/2; factor 0 emits with
     * variant 0 from (1/2, 1/2): Pr(x0 = 0) = 1/2·1/2 = 1/4, Pr(x0 = 1) = 1/2·1/2 + 1/2·1 = 3/4, and every row of every
     * variant's T(y) is uniform over the next states, so after any defined update factor 0 is back at (1/2, 1/2).
     * Pr("(1,0) (1,0)") = (3/4·1/2)² = 9/64 and Pr("(0,0)") = 1/8. From state 1, (1,1) is emitted (variant 0) but
     * transition variant 1 (chosen by x1 = 1) cannot emit 1 there: the update is refused at position 0.
     */
    @Test
    void aPeerFileWhoseTransitionVariantCannotEmitFromSomeStateLoadsAndRuns() throws IOException {
        Path zero = file("zero.json", ZERO_CT);
        CliTest.Result r = CliTest.run("eval", "--process", zero.toString(), "--word", "(1,0) (1,0)", "--word", "(0,0)");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(9.0 / 64, Json.parse(lines.get(0)).get("probability").asDouble(), 1e-15);
        assertEquals(1.0 / 8, Json.parse(lines.get(1)).get("probability").asDouble(), 1e-15);
        Path stuck = file("stuck.json", ZERO_CT.replace("\"initial_state\": [0.5, 0.5]", "\"initial_state\": [0.0, 1.0]"));
        CliTest.Result refused = CliTest.run("eval", "--process", stuck.toString(), "--word", "(1,1)");
        assertEquals(2, refused.code(), refused.out());
        assertEquals("ghmm eval: word 1 of 1 (--word \"(1,1)\", (1,1)): position 0: factor 0 emits symbol 1 with emission variant 0 but its transition variant 1 gives that symbol"
                + " probability 0 from the factor's state, so the update η T(x)/η T(x)|1⟩⟩ is undefined", refused.err().strip());
        // among several words, the refusal names the one it refuses: its place, where it was given and its symbols
        CliTest.Result second = CliTest.run("eval", "--process", stuck.toString(), "--word", "(0,0)", "--word", "(1,1) (0,0)", "--word", "(0,1)");
        assertEquals(2, second.code(), second.out());
        assertTrue(second.err().strip().startsWith("ghmm eval: word 2 of 3 (--word \"(1,1) (0,0)\", (1,1) (0,0)): position 0: factor 0 emits symbol 1"),
                second.err());
    }

    /** What needs the joint operators refuses in one line; the simplexity and ghmm forms read back as the same process. */
    @Test
    void conditionalTransitionsHaveNoJointAndBothFileFormsRoundTrip() throws IOException {
        Path ct = file("ct.json", REVIEWER_CT);
        CliTest.Result partition = CliTest.run("check-partition", "--process", ct.toString(), "--partition", "0,1|2,3");
        assertEquals(2, partition.code(), partition.out());
        assertEquals(1, partition.err().strip().lines().count(), partition.err());
        assertTrue(partition.err().contains("has no joint GHMM"), partition.err());
        CliTest.Result simplexity = CliTest.run("describe", "--process", ct.toString(), "--format", "simplexity");
        assertEquals(0, simplexity.code(), simplexity.err());
        assertEquals("{\"type\":\"conditional_transitions\",\"transition_control_maps\":[[0,1],[1,0]],\"emission_variant_indices\":[0,0]}",
                Json.parse(simplexity.out()).get("structure").toString());
        Process back = ProcessFiles.fromTree(Json.parse(simplexity.out()));
        Process ours = ProcessFiles.fromTree(ProcessFiles.toTree(ProcessFiles.fromTree(Json.parse(REVIEWER_CT))));
        for (Process p : List.of(back, ours)) {
            assertEquals(0.013154306466504447, p.probability(3, 1, 2), 1e-15);
        }
    }

    /** Eleven two-state factors: 2048 joint states, beyond the cap of materialised joint operators; the filter still runs. */
    @Test
    void aFullyConditionalProcessBeyondTheCapRefusesItsJointNamingSizeAndCap() {
        String factor = "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0.5, 0], [0, 0.5]], [[0, 0.5], [0.5, 0]]]],"
                + " \"initial_state\": [0.5, 0.5]}";
        Process p = ProcessFiles.fromTree(Json.parse("{\"type\": \"factored\", \"factors\": [" + String.join(", ", java.util.Collections.nCopies(11, factor))
                + "], \"structure\": {\"type\": \"fully_conditional\", \"control_maps\": [" + String.join(", ", java.util.Collections.nCopies(11, "null"))
                + "]}}"));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, p::joint);
        assertEquals("the fully conditional process has 2048 joint states, more than the 1024 up to which its joint operators are"
                + " materialised (for check-partition, density matrices, a noisy channel over joint, use as a factor): eval, sample, msp and"
                + " measures read its filter, which never forms them", e.getMessage());
        assertEquals(Math.pow(0.5, 11), p.probability(0), 1e-18);
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
            // a GHMM factor with |1⟩⟩ = (1, 0) (T = I keeps it): its conditional from state b is 0/0
            {GHMM_FC.replace("\"initial\": [0.5, 0.5], \"one\": [1, 1]}", "\"initial\": [1, 0], \"one\": [1, 0]}"),
                "factored.factors[0].variants[0]: a factor of a fully conditional process needs non-negative operators and a positive |1⟩⟩"},
        };
        for (String[] c : bad) {
            CliTest.Result r = CliTest.run("eval", "--process", file("bad.json", c[0]).toString(), "--word", "(0,0)");
            assertEquals(2, r.code(), c[0]);
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    /** Three one-state factors of 2, 3 and 2 symbols, two variants each: variant v of factor f emits y with LAWS[f][v][y]. */
    private static final double[][][] LAWS = {{{0.5, 0.5}, {0.2, 0.8}}, {{0.2, 0.3, 0.5}, {0.6, 0.3, 0.1}}, {{0.9, 0.1}, {0.4, 0.6}}};

    private static String oneStateFactor(double[][] laws) {
        StringBuilder s = new StringBuilder("{\"component_type\": \"hmm\", \"transition_matrices\": [");
        for (int v = 0; v < laws.length; v++) {
            s.append(v == 0 ? "" : ", ").append('[');
            for (int y = 0; y < laws[v].length; y++) {
                s.append(y == 0 ? "" : ", ").append("[[").append(laws[v][y]).append("]]");
            }
            s.append(']');
        }
        return s.append("], \"initial_state\": [1]}").toString();
    }

    /**
     * The peer's emission maps of three factors (specification §4.4): factor 0 emits with emission_variant_indices[0] = 1
     * (its map is ignored), factor 1's map is indexed by t₀ and factor 2's by the prefix (t₀, t₁), t₀·3 + t₁. With one
     * state per factor the law is the product of the chosen variants' symbol laws, computed here from LAWS alone; the
     * file ghmm writes back has the same law and the peer's form (indices for every factor, a null map for factor 0, a
     * prefix map of 6 entries for factor 2).
     */
    @Test
    void emissionMapsOfLaterFactorsAreIndexedByEveryEarlierToken() {
        int[] e1 = {1, 0};
        int[] e2 = {0, 1, 1, 0, 0, 1};
        String peer = "{\"type\": \"factored\", \"factors\": [" + oneStateFactor(LAWS[0]) + ", " + oneStateFactor(LAWS[1]) + ", "
                + oneStateFactor(LAWS[2]) + "], \"structure\": {\"type\": \"conditional_transitions\", \"transition_control_maps\": "
                + "[[0, 0, 0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0, 0, 0]], \"emission_variant_indices\": [1, 0, 0], "
                + "\"emission_control_maps\": [[0], [1, 0], [0, 1, 1, 0, 0, 1]]}}";
        double[] expected = new double[12];
        for (int t0 = 0; t0 < 2; t0++) {
            for (int t1 = 0; t1 < 3; t1++) {
                for (int t2 = 0; t2 < 2; t2++) {
                    expected[(t0 * 3 + t1) * 2 + t2] = LAWS[0][1][t0] * LAWS[1][e1[t0]][t1] * LAWS[2][e2[t0 * 3 + t1]][t2];
                }
            }
        }
        Process p = ProcessFiles.fromTree(Json.parse(peer));
        assertArrayEquals(expected, p.filter().nextSymbolDistribution(), 1e-15);
        com.fasterxml.jackson.databind.JsonNode written = SimplexityFiles.toTree(p);
        assertEquals("{\"type\":\"conditional_transitions\",\"transition_control_maps\":[[0,0,0,0,0,0],[0,0,0,0],[0,0,0,0,0,0]],\"emission_variant_indices\":[1,1,0],"
                + "\"emission_control_maps\":[null,[1,0],[0,1,1,0,0,1]]}", written.get("structure").toString());
        assertArrayEquals(expected, ProcessFiles.fromTree(written).filter().nextSymbolDistribution(), 1e-15);
        // a map of one entry is that constant variant, whatever the indices say: factor 2 always emits with variant 1
        Process constant = ProcessFiles.fromTree(Json.parse(peer.replace("[0, 1, 1, 0, 0, 1]", "[1]")));
        double[] law = constant.filter().nextSymbolDistribution();
        for (int x = 0; x < 12; x++) {
            int t0 = x / 6;
            int t1 = x / 2 % 3;
            assertEquals(LAWS[0][1][t0] * LAWS[1][e1[t0]][t1] * LAWS[2][1][x % 2], law[x], 1e-15);
        }
    }

    /**
     * A process whose update is undefined on some paths only: factor 1 starts in state 0, and after factor 0 emits 0 its
     * transition variant 1 gives an emitted 0 probability 0 there, so a word beginning (0,0) is refused, while (1,0) is
     * read: Pr = 1/2 · 1/2. Its simplexity form is still written, the check on drawn words skipping the refused ones.
     */
    @Test
    void theSimplexityFormOfAProcessWithSomeUndefinedPathsIsWritten() throws IOException {
        Path partly = file("partly.json", "{\"type\":\"factored\",\"factors\":[{\"component_type\":\"hmm\",\"transition_matrices\":"
                + "[[[[0.5]],[[0.5]]]],\"initial_state\":[1.0]},{\"component_type\":\"hmm\",\"transition_matrices\":[[[[0.5,0.0],[0.0,0.5]],"
                + "[[0.0,0.5],[0.5,0.0]]],[[[0.0,0.0],[0.0,0.5]],[[0.5,0.5],[0.0,0.5]]]],\"initial_state\":[1.0,0.0]}],\"structure\":"
                + "{\"type\":\"conditional_transitions\",\"transition_control_maps\":[[0,0],[1,0]],\"emission_variant_indices\":[0,0]}}");
        CliTest.Result read = CliTest.run("eval", "--process", partly.toString(), "--word", "(1,0)");
        assertEquals(0, read.code(), read.err());
        assertEquals(0.25, Json.parse(read.out().lines().findFirst().orElseThrow()).get("probability").asDouble(), 1e-15);
        assertEquals(2, CliTest.run("eval", "--process", partly.toString(), "--word", "(0,0) (0,0)").code());
        CliTest.Result simplexity = CliTest.run("describe", "--process", partly.toString(), "--format", "simplexity");
        assertEquals(0, simplexity.code(), simplexity.err());
        assertEquals(0.25, ProcessFiles.fromTree(Json.parse(simplexity.out())).probability(2), 1e-15);
    }
}
