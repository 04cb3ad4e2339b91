package dev.ghmm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.process.Process;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/** Sampled word frequencies against exact word probabilities. */
public final class WordFrequencies {
    private WordFrequencies() {
    }

    /**
     * The p-value of the chi-square test of n sampled words of one length against the process's exact Pr(w); fails if
     * an impossible word was sampled.
     *
     * @param process the process
     * @param tokens  n words concatenated
     * @param n       the number of words
     * @param length  the word length
     * @return the p-value
     */
    public static double pValue(Process process, int[] tokens, int n, int length) {
        int[][] words = Words.all(process.symbols(), length);
        long[] observed = new long[words.length];
        for (int k = 0; k < n; k++) {
            int code = 0;
            for (int t = 0; t < length; t++) {
                code = code * process.symbols() + tokens[k * length + t];
            }
            observed[code]++;
        }
        // impossible words must never be observed; the rest are tested
        List<double[]> pairs = new ArrayList<>();
        for (int w = 0; w < words.length; w++) {
            double p = process.probability(words[w]);
            if (p == 0) {
                assertEquals(0, observed[w], "impossible word observed");
            } else {
                pairs.add(new double[] {p * n, observed[w]});
            }
        }
        double[] expected = pairs.stream().mapToDouble(a -> a[0]).toArray();
        long[] counts = pairs.stream().mapToLong(a -> (long) a[1]).toArray();
        return new ChiSquareTest().chiSquareTest(expected, counts);
    }
}
