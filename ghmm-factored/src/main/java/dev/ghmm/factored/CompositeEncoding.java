package dev.ghmm.factored;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An explicit composite encoding (the Python peer's {@code {"type": "explicit", "token_to_tuple": [...]}}, its
 * specification §4.3.2): composite token c is the factor tuple τ(c), listed in order; τ is injective, and the tuples not
 * listed are outside the composite vocabulary. Immutable.
 */
public final class CompositeEncoding {
    private final int[][] tuples;
    private final Map<List<Integer>, Integer> tokens = new HashMap<>();

    private CompositeEncoding(int[][] tuples) {
        this.tuples = tuples;
    }

    /**
     * The encoding that lists these tuples: composite token c is {@code tuples[c]}.
     *
     * @param tuples the tuples of factor tokens, one per composite token
     * @return the encoding
     * @throws IllegalArgumentException on no tuples, tuples of different lengths or of none, a negative token, or a tuple
     *                                  listed twice (the encoding is injective), naming the tuple's index
     */
    public static CompositeEncoding explicit(int[][] tuples) {
        if (tuples.length == 0) {
            throw new IllegalArgumentException("lists no tuple: the composite vocabulary needs at least one");
        }
        int[][] copy = new int[tuples.length][];
        CompositeEncoding encoding = new CompositeEncoding(copy);
        for (int c = 0; c < tuples.length; c++) {
            copy[c] = tuples[c].clone();
            if (copy[c].length == 0 || copy[c].length != copy[0].length) {
                throw new IllegalArgumentException("tuple " + c + " has " + copy[c].length + " tokens but tuple 0 has " + copy[0].length
                        + ": every tuple has one token per factor");
            }
            for (int f = 0; f < copy[c].length; f++) {
                if (copy[c][f] < 0) {
                    throw new IllegalArgumentException("tuple " + c + " " + Arrays.toString(copy[c]) + " has a negative token for factor " + f);
                }
            }
            Integer previous = encoding.tokens.put(key(copy[c]), c);
            if (previous != null) {
                throw new IllegalArgumentException("tuple " + c + " " + Arrays.toString(copy[c]) + " repeats tuple " + previous
                        + ": the encoding must be injective");
            }
        }
        return encoding;
    }

    private static List<Integer> key(int[] tuple) {
        return Arrays.stream(tuple).boxed().toList();
    }

    /** {@return the number of composite tokens} */
    public int size() {
        return tuples.length;
    }

    /** {@return the number of factors F, the length of every tuple} */
    public int factors() {
        return tuples[0].length;
    }

    /**
     * {@return τ(c), in a new array}
     *
     * @param token the composite token c
     * @throws IllegalArgumentException outside 0 … size − 1
     */
    public int[] tuple(int token) {
        if (token < 0 || token >= tuples.length) {
            throw new IllegalArgumentException("composite token " + token + " is not in the encoding: expected 0 … " + (tuples.length - 1));
        }
        return tuples[token].clone();
    }

    /**
     * {@return the composite token of a tuple, τ<sup>−1</sup>(tuple), or −1 when the encoding leaves it out}
     *
     * @param tuple the factor tokens
     */
    public int find(int... tuple) {
        return tokens.getOrDefault(key(tuple), -1);
    }

    /**
     * {@return the composite token of a listed tuple, τ<sup>−1</sup>(tuple)}
     *
     * @param tuple the factor tokens
     * @throws IllegalArgumentException if the encoding leaves the tuple out
     */
    public int encode(int... tuple) {
        int c = find(tuple);
        if (c < 0) {
            throw new IllegalArgumentException("the tuple " + Arrays.toString(tuple) + " is not in the composite encoding");
        }
        return c;
    }

    @Override
    public String toString() {
        return "CompositeEncoding(" + Arrays.deepToString(tuples) + ")";
    }
}
