package dev.ghmm.process;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.operator.BlockDiagonalOperator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectSumTest {
    private static final double EPS = 1e-12;

    private static Ghmm coin(String heads, String tails, double p) {
        return Catalogue.biasedCoin(p).withSymbolNames(tails, heads);
    }

    @Test
    void printsItsStructure() {
        DirectSum sum = DirectSum.of(new double[] {3, 1}, coin("H", "T", 0.3), coin("H", "T", 0.8));
        assertTrue(sum.toString().matches("DirectSum\\(.+, 2 components, weights \\[0\\.75, 0\\.25\\], 2 states, alphabet .+\\)"), sum.toString());
    }

    @Test
    void twoCoinsByHand() {
        // a coin chosen once (w = 1/4 for the p = 0.9 coin), then flipped forever: Pr(1 1) = w·0.81 + (1 − w)·0.04
        DirectSum sum = DirectSum.of(new double[] {1, 3}, coin("1", "0", 0.9), coin("1", "0", 0.2));
        assertArrayEquals(new double[] {0.25, 0.75}, sum.weights(), EPS);
        assertEquals(0.25 * 0.81 + 0.75 * 0.04, sum.joint().probability(1, 1), EPS);
        // Bayes: Pr(k = 0 | 1 1) = 0.25·0.81 / Pr(1 1)
        double posterior = 0.25 * 0.81 / (0.25 * 0.81 + 0.75 * 0.04);
        assertArrayEquals(new double[] {posterior, 1 - posterior}, sum.posteriorAfter(1, 1), EPS);
        assertTrue(sum.joint().transfer(0) instanceof BlockDiagonalOperator);
        assertTrue(sum.joint().isHmm());
    }

    @Test
    void longWordsStayFinite() {
        DirectSum sum = DirectSum.of(new double[] {1, 1}, coin("1", "0", 0.9), coin("1", "0", 0.2));
        int[] word = new int[1_000_000];
        java.util.Arrays.fill(word, 1);
        // ln(½·0.9^n + ½·0.2^n) = ln ½ + n ln 0.9 + ln(1 + (0.2/0.9)^n) ≈ ln ½ + n ln 0.9
        double expected = Math.log(0.5) + word.length * Math.log(0.9);
        assertEquals(expected, sum.logProbability(word), 1e-6 * Math.abs(expected));
        assertEquals(expected, sum.joint().logProbability(word), 1e-6 * Math.abs(expected));
    }

    @Test
    void componentsWithDifferentAlphabetsGetEmptyBlocks() {
        // component 0 emits a/b, component 1 emits b/c; symbol c reveals component 1
        DirectSum sum = DirectSum.of(new double[] {1, 1}, coin("b", "a", 0.5), coin("c", "b", 0.5));
        Alphabet global = sum.joint().alphabet();
        assertArrayEquals(new String[] {"a", "b", "c"}, global.names());
        assertEquals(0, sum.joint().transfer(global.indexOf("c")).get(0, 0), 0);
        assertArrayEquals(new double[] {0, 1}, sum.posteriorAfter(global.parse("b c")), EPS);
        assertEquals(0.5 * 0.25, sum.joint().probability(global.parse("b c")), EPS);
        assertEquals(Double.NEGATIVE_INFINITY, sum.logProbability(global.parse("a c")));
    }

    @Test
    void samplingPicksOneComponentPerSequence() {
        // disjoint alphabets: a sequence that mixes {a, b} with {c, d} would betray a component switch
        for (Ghmm second : List.of(coin("d", "c", 0.5), Catalogue.tomQuantum(1, 1).withSymbolNames("c", "d", "e", "f"))) {
            DirectSum sum = DirectSum.of(new double[] {0.3, 0.7}, coin("b", "a", 0.5), second);
            int n = 4000;
            int first = 0;
            for (int s = 0; s < n; s++) {
                int[] tokens = sum.sample(7L * n + s, 20);
                boolean fromFirst = tokens[0] < 2;
                for (int t : tokens) {
                    assertEquals(fromFirst, t < 2, "component switched within a sequence");
                }
                first += fromFirst ? 1 : 0;
            }
            // binomial(4000, 0.3): standard deviation 29; 5 of them
            assertEquals(0.3 * n, first, 5 * Math.sqrt(n * 0.3 * 0.7));
        }
    }

    @Test
    void badInputIsRejectedWithTheValue() {
        Ghmm a = coin("1", "0", 0.5);
        Ghmm b = coin("1", "0", 0.2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DirectSum.of(new double[] {1, -0.5}, a, b));
        assertTrue(e.getMessage().contains("-0.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DirectSum.of(new double[] {0, 0}, a, b));
        assertTrue(e.getMessage().contains("all mixture weights are zero"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DirectSum.of(new double[] {1}, a, b));
        assertTrue(e.getMessage().contains("1 weights for 2 components"), e.getMessage());
        Alphabet global = Alphabet.of("x", "y", "z");
        e = assertThrows(IllegalArgumentException.class,
                () -> DirectSum.of(new double[] {1, 1}, List.of(a, b), global, new int[][] {{0, 1}, {2, 2}}));
        assertTrue(e.getMessage().contains("local symbols 0 and 1 to the same global symbol 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DirectSum.of(new double[] {1, 1}, List.of(a, b), global, new int[][] {{0, 1}, {0, 3}}));
        assertTrue(e.getMessage().contains("local symbol 1 to 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> DirectSum.of(new double[] {1, 1}, List.of(a, b), global, new int[][] {{0, 1}, {0}}));
        assertTrue(e.getMessage().contains("has length 1"), e.getMessage());
    }
}
