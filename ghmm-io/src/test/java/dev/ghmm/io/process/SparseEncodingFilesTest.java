package dev.ghmm.io.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.factored.SparseComposite;
import dev.ghmm.io.json.Json;
import dev.ghmm.process.Process;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The Python peer's explicit composite encodings (specification §4.3.2, §4.6.3): the composite vocabulary is the listed
 * tuples in list order, checked against probabilities derived by hand, written back by {@link SimplexityFiles#toTree},
 * and refused in one line at the JSON path when not injective, out of range, or leaving out a reachable tuple.
 */
class SparseEncodingFilesTest {
    /** A one-state factor: a coin with these variants' probabilities of token 0. */
    private static String coin(double... heads) {
        String[] variants = Arrays.stream(heads).mapToObj(h -> "[[[" + h + "]], [[" + (1 - h) + "]]]").toArray(String[]::new);
        return "{\"component_type\": \"hmm\", \"transition_matrices\": [" + String.join(", ", variants) + "], \"initial_state\": [1]}";
    }

    private static String explicit(String factors, String structure, String tuples) {
        return "{\"type\": \"factored\", \"factors\": [" + factors + "], \"structure\": " + structure + ", \"composite_encoding\": "
                + "{\"type\": \"explicit\", \"token_to_tuple\": " + tuples + "}}";
    }

    /** Factor 1 always emits 0 after factor 0's token 0, so (0,1) is unreachable and may be left out. */
    private static final String CHAIN = explicit(coin(0.6) + ", " + coin(1.0, 0.3), "{\"type\": \"sequential\", \"control_maps\": [null, [0, 1]]}",
            "[[0, 0], [1, 0], [1, 1]]");

    /**
     * Chain by hand: Pr(0,0) = 0.6·1, Pr(1,0) = 0.4·0.3, Pr(1,1) = 0.4·0.7; the factors have one state, so a word's
     * probability is the product of its tokens'.
     */
    @Test
    void aChainOnThreeOfItsFourTuples() {
        Process p = ProcessFiles.fromTree(Json.parse(CHAIN));
        assertInstanceOf(SparseComposite.class, p);
        assertArrayEquals(new String[] {"(0,0)", "(1,0)", "(1,1)"}, p.alphabet().names());
        assertArrayEquals(new double[] {0.6, 0.12, 0.28}, p.filter().nextSymbolDistribution(), 1e-15);
        assertEquals(0.6 * 0.28 * 0.12, p.probability(0, 2, 1), 1e-15);
        int[] word = p.sample(7, 50);
        assertEquals(50, word.length);
        assertEquals(p.probability(word), p.joint().probability(word), 1e-12 * p.probability(word));
        JsonNode written = SimplexityFiles.toTree(p);
        assertEquals("{\"type\":\"explicit\",\"token_to_tuple\":[[0,0],[1,0],[1,1]]}", written.get("composite_encoding").toString());
        assertEquals(p.probability(word), ProcessFiles.fromTree(written).probability(word), 1e-12 * p.probability(word));
    }

    /**
     * Fully conditional by hand: the unnormalised products c_0(x_0; variant by x_1)·c_1(x_1; variant by x_0) are
     * (0,0) 0.6·0.7 = 0.42, (0,1) 0.1·0.3 = 0.03, (1,0) 0.4·0.2 = 0.08, (1,1) 0.9·0.8 = 0.72; on the tuples (0,0), (1,0),
     * (1,1) Z = 1.22 (on all four it would be 1.25).
     */
    @Test
    void fullyConditionalFactorsNormaliseOverTheListedTuplesOnly() {
        Process p = ProcessFiles.fromTree(Json.parse(explicit(coin(0.6, 0.1) + ", " + coin(0.7, 0.2),
                "{\"type\": \"fully_conditional\", \"control_maps\": [[0, 1], [0, 1]]}", "[[0, 0], [1, 0], [1, 1]]")));
        assertArrayEquals(new double[] {0.42 / 1.22, 0.08 / 1.22, 0.72 / 1.22}, p.filter().nextSymbolDistribution(), 1e-15);
        assertEquals(0.42 * 0.72 / (1.22 * 1.22), p.probability(0, 2), 1e-15);
        JsonNode written = SimplexityFiles.toTree(p);
        assertEquals(0.42 * 0.72 / (1.22 * 1.22), ProcessFiles.fromTree(written).probability(0, 2), 1e-15);
    }

    /**
     * conditional_transitions, which has no joint GHMM to prove a left-out tuple unreachable on, is checked as words are
     * read: emitting with variant 0 of each coin, (1,1) has probability 0.4·0.3 at every step, so reading any word is
     * refused at position 0, naming it.
     */
    @Test
    void conditionalTransitionsAreCheckedAsTheyAreRead() {
        Process p = ProcessFiles.fromTree(Json.parse(explicit(coin(0.6, 0.1) + ", " + coin(0.7, 0.2),
                "{\"type\": \"conditional_transitions\", \"transition_control_maps\": [[0, 1], [1, 0]], \"emission_variant_indices\": [0, 0]}",
                "[[0, 0], [0, 1], [1, 0]]")));
        for (java.util.function.Supplier<Object> reading : java.util.List.<java.util.function.Supplier<Object>>of(() -> p.probability(0),
                () -> p.filter().nextSymbolDistribution(), () -> p.sample(1, 3))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, reading::get);
            assertEquals(true, e.getMessage().startsWith("position 0: the tuple (1,1) is left out of the composite encoding but has probability 0.1"),
                    e.getMessage());
        }
        // listed in full, the same process reads: Pr((0,0)) = 0.6·0.7
        Process all = ProcessFiles.fromTree(Json.parse(explicit(coin(0.6, 0.1) + ", " + coin(0.7, 0.2),
                "{\"type\": \"conditional_transitions\", \"transition_control_maps\": [[0, 1], [1, 0]], \"emission_variant_indices\": [0, 0]}",
                "[[0, 0], [0, 1], [1, 0], [1, 1]]")));
        assertEquals(0.42, all.probability(0), 1e-15);
        // no word to compare its simplexity form on: refused rather than written unchecked
        String unchecked = assertThrows(IllegalArgumentException.class, () -> SimplexityFiles.toTree(p)).getMessage();
        assertEquals(true, unchecked.contains(" has no checked simplexity form: the process refuses all 200 words of length 4 drawn to compare"
                + " with the form (position 0: the tuple (1,1) is left out of the composite encoding but has probability 0.1"), unchecked);
    }

    /**
     * A left-out tuple that is impossible at the start but reachable: factor 0 starts in state 0, which emits 0, and
     * moves to either state; from state 1 it emits 1. After (0,0), (1,1) has probability 1/2·1/2.
     */
    private static final String TWO_STATES = "{\"component_type\": \"hmm\", \"transition_matrices\": [[[[0.5, 0.5], [0, 0]], [[0, 0], [0.5, 0.5]]]],"
            + " \"initial_state\": [1, 0]}";

    @Test
    void badEncodingsAreRefusedAtTheirJsonPath() {
        String independent = "{\"type\": \"independent\"}";
        String[][] bad = {
            {explicit(coin(0.6) + ", " + coin(0.5), independent, "[[0, 0], [1, 0], [0, 0]]"),
                "composite_encoding.token_to_tuple[2] = [0,0] repeats token_to_tuple[0]: the encoding must be injective"},
            {explicit(coin(0.6) + ", " + coin(0.5), independent, "[[0, 0], [1, 2]]"),
                "composite_encoding.token_to_tuple[1][1] = 2 is not a token of factor 1: expected 0 … 1"},
            {explicit(coin(0.6) + ", " + coin(0.5), independent, "[[0, 0], [1]]"),
                "composite_encoding.token_to_tuple[1] = [1] has 1 tokens but token_to_tuple[0] has 2: one token per factor"},
            {explicit(coin(0.6) + ", " + coin(0.5), independent, "[[0, 0, 0], [1, 0, 0]]"),
                "composite_encoding.token_to_tuple[0] = [0,0,0] has 3 tokens for 2 factors"},
            {explicit(coin(0.6) + ", " + coin(0.5), independent, "[]"), "composite_encoding.token_to_tuple = [] is empty"},
            {explicit(coin(0.6) + ", " + coin(0.5), independent, "[[0, -1]]"), "composite_encoding.token_to_tuple[0][1] = -1 is negative"},
            {CHAIN.replace("[[0, 0], [1, 0], [1, 1]]", "[[0, 0], [1, 0]]"), "composite_encoding.token_to_tuple: the tuple (1,1) is left out of the"
                + " composite encoding but has probability 0.2"}, // 0.4·0.7, at the start
            {explicit(TWO_STATES + ", " + coin(0.5), independent, "[[0, 0], [0, 1], [1, 0]]"), "composite_encoding.token_to_tuple: the tuple"
                + " (1,1) is left out of the composite encoding but has probability 0.25 after (0,0)"},
            {CHAIN.replace("\"explicit\"", "\"dense\""), "composite_encoding.type = \"dense\" is not radix or explicit"},
        };
        for (String[] c : bad) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProcessFiles.fromTree(Json.parse(c[0])), c[0]);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertEquals(true, e.getMessage().startsWith(c[1]), e.getMessage());
        }
        // the same process with (1,1) listed reads, and (1,1) then has probability 1/4 after (0,0)
        Process p = ProcessFiles.fromTree(Json.parse(explicit(TWO_STATES + ", " + coin(0.5), independent, "[[0, 0], [0, 1], [1, 0], [1, 1]]")));
        assertEquals(0.5 * 0.25, p.probability(0, 3), 1e-15);
    }
}
