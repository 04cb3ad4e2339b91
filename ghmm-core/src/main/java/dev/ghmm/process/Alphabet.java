package dev.ghmm.process;

import dev.ghmm.MixedRadix;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A finite alphabet 𝒳: distinct, non-empty symbol names without white space, indexed 0 … |𝒳|−1. Words
 * are {@code int[]} of symbol indices. Immutable.
 */
public final class Alphabet {
    private final String[] names;
    private final Map<String, Integer> index = new HashMap<>();

    private Alphabet(String[] names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("the alphabet is empty");
        }
        this.names = names.clone();
        for (int x = 0; x < names.length; x++) {
            String name = names[x];
            if (name == null || name.isEmpty() || name.codePoints().anyMatch(Alphabet::unprintable)) {
                throw new IllegalArgumentException("symbol " + x + " has name \"" + escaped(name) + "\": names must be non-empty, printable and"
                        + " without white space");
            }
            Integer previous = index.put(name, x);
            if (previous != null) {
                throw new IllegalArgumentException("symbol name \"" + name + "\" is used by symbols " + previous + " and " + x);
            }
        }
    }

    /**
     * {@return the alphabet with these symbol names, in this order}
     *
     * @param names the symbol names, in index order
     */
    public static Alphabet of(String... names) {
        return new Alphabet(names);
    }

    /**
     * {@return the alphabet with these symbol names, in this order}
     *
     * @param names the symbol names, in index order
     */
    public static Alphabet of(List<String> names) {
        return new Alphabet(names.toArray(new String[0]));
    }

    /**
     * {@return the alphabet {"0", "1", …, "k−1"}}
     *
     * @param k the index k
     */
    public static Alphabet numbered(int k) {
        String[] names = new String[k];
        Arrays.setAll(names, Integer::toString);
        return new Alphabet(names);
    }

    /**
     * {@return the product alphabet 𝒳<sub>1</sub> × … × 𝒳<sub>F</sub> with lexicographic encoding, last factor
     * fastest (eq. 2.20); the joint symbol of (x<sub>1</sub>, …, x<sub>F</sub>) is named
     * "(name<sub>1</sub>,…,name<sub>F</sub>)"}
     *
     * @param factors the factors, in order
     */
    public static Alphabet product(Alphabet... factors) {
        long size = 1;
        for (Alphabet a : factors) {
            size *= a.size();
        }
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("product alphabet has " + size + " symbols");
        }
        String[] names = new String[(int) size];
        int[] tuple = new int[factors.length];
        for (int joint = 0; joint < size; joint++) {
            decode(factors, joint, tuple);
            StringBuilder name = new StringBuilder("(");
            for (int f = 0; f < factors.length; f++) {
                name.append(f == 0 ? "" : ",").append(factors[f].name(tuple[f]));
            }
            names[joint] = name.append(')').toString();
        }
        return new Alphabet(names);
    }

    /**
     * Writes the factor symbols of joint symbol {@code joint} of a product alphabet into {@code tuple}.
     *
     * @param factors the factors, in order
     * @param joint the joint symbol
     * @param tuple the factor symbols, one per factor
     */
    public static void decode(Alphabet[] factors, int joint, int[] tuple) {
        MixedRadix.decode(sizes(factors), joint, tuple);
    }

    /**
     * {@return the joint symbol of the factor symbols {@code tuple} in a product alphabet (eq. 2.20)}
     *
     * @param factors the factors, in order
     * @param tuple the factor symbols, one per factor
     */
    public static int encode(Alphabet[] factors, int... tuple) {
        if (tuple.length != factors.length) {
            throw new IllegalArgumentException("tuple has " + tuple.length + " symbols for " + factors.length + " factors");
        }
        for (int f = 0; f < factors.length; f++) {
            factors[f].requireSymbol(tuple[f]);
        }
        return MixedRadix.encode(sizes(factors), tuple);
    }

    /** {@return |𝒳|} */
    public int size() {
        return names.length;
    }

    /**
     * {@return the name of symbol x}
     *
     * @param x the symbol index x
     */
    public String name(int x) {
        requireSymbol(x);
        return names[x];
    }

    /** {@return the symbol names in index order (a copy)} */
    public String[] names() {
        return names.clone();
    }

    /**
     * {@return the index of the symbol called {@code name}}
     *
     * @throws IllegalArgumentException naming the unknown symbol and the alphabet
     * @param name the name
     */
    public int indexOf(String name) {
        Integer x = index.get(name);
        if (x == null) {
            throw new IllegalArgumentException("unknown symbol \"" + name + "\"; the alphabet is " + Arrays.toString(names));
        }
        return x;
    }

    /**
     * Parses a word of symbol names separated by white space, e.g. {@code "0 1 1"}.
     *
     * @param word the word, as symbol indices
     * @return the word as symbol indices
     */
    public int[] parse(String word) {
        String trimmed = word.trim();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        return Arrays.stream(trimmed.split("\\s+")).mapToInt(this::indexOf).toArray();
    }

    /**
     * Formats a word as symbol names separated by spaces.
     *
     * @param word the word, as symbol indices
     * @return the word as symbol names separated by spaces
     */
    public String format(int[] word) {
        StringBuilder s = new StringBuilder();
        for (int k = 0; k < word.length; k++) {
            s.append(k == 0 ? "" : " ").append(name(word[k]));
        }
        return s.toString();
    }

    /**
     * Throws unless 0 ≤ x &lt; |𝒳|, naming x.
     *
     * @param x the symbol index x
     */
    public void requireSymbol(int x) {
        if (x < 0 || x >= names.length) {
            throw new IllegalArgumentException("symbol index " + x + " is out of range [0, " + names.length + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Alphabet && Arrays.equals(names, ((Alphabet) o).names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names);
    }

    @Override
    public String toString() {
        return Arrays.toString(names);
    }

    private static int[] sizes(Alphabet[] factors) {
        return java.util.Arrays.stream(factors).mapToInt(Alphabet::size).toArray();
    }

    /** White space (also no-break spaces), control characters, and format characters such as bidi overrides. */
    private static boolean unprintable(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c) || Character.getType(c) == Character.FORMAT;
    }

    /** The name with unprintable characters written as their code points (\\u00A0), for the message. */
    private static String escaped(String name) {
        if (name == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (unprintable(c)) {
                s.append(String.format("\\u%04X", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return s.toString();
    }
}
