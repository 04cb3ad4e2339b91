package dev.ghmm.testing;

import dev.ghmm.MixedRadix;
import java.util.Arrays;

/** Every word of a length, for laws that sum or check over all of them. */
public final class Words {
    /** The most words {@link #all} enumerates. */
    public static final int LIMIT = 1 << 24;

    private Words() {
    }

    /**
     * Every word of length L over |𝒳| symbols, in lexicographic order (the last symbol fastest): |𝒳|<sup>L</sup> words.
     *
     * @param symbols |𝒳| ≥ 1
     * @param length  L ≥ 0
     * @return the words, word k being the digits of k in base |𝒳|
     * @throws IllegalArgumentException if |𝒳| &lt; 1, L &lt; 0 or there are more than {@link #LIMIT} words
     */
    public static int[][] all(int symbols, int length) {
        if (symbols < 1 || length < 0 || Math.pow(symbols, length) > LIMIT) {
            throw new IllegalArgumentException("no enumeration of the words of length " + length + " over " + symbols
                    + " symbols (|𝒳| ≥ 1, L ≥ 0 and at most " + LIMIT + " words)");
        }
        int[] radix = new int[length];
        Arrays.fill(radix, symbols);
        int[][] words = new int[(int) Math.pow(symbols, length)][length];
        for (int w = 0; w < words.length; w++) {
            MixedRadix.decode(radix, w, words[w]);
        }
        return words;
    }
}
