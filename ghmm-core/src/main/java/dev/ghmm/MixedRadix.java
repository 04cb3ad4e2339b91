package dev.ghmm;

/**
 * The lexicographic (mixed-radix) index of eq. 2.19–2.20 of the AFP notes: the tuple (i<sub>0</sub>, …, i<sub>F−1</sub>)
 * with 0 ≤ i<sub>f</sub> &lt; r<sub>f</sub> has index (…(i<sub>0</sub>r<sub>1</sub> + i<sub>1</sub>)r<sub>2</sub> + …) + i<sub>F−1</sub>,
 * the last digit fastest. Joint states of a Kronecker product, joint symbols of a product alphabet and the
 * entries of a control table are all numbered this way, by this class only.
 */
public final class MixedRadix {
    private MixedRadix() {
    }

    /**
     * The index of {@code digits} in radix {@code radix}; digits are not range-checked.
     *
     * @param radix  r<sub>f</sub> ≥ 1 per position
     * @param digits i<sub>f</sub>, one per position
     * @return Σ<sub>f</sub> i<sub>f</sub> Π<sub>g&gt;f</sub> r<sub>g</sub>
     */
    public static int encode(int[] radix, int[] digits) {
        int index = 0;
        for (int f = 0; f < radix.length; f++) {
            index = index * radix[f] + digits[f];
        }
        return index;
    }

    /**
     * Writes the digits of {@code index} into {@code digits}.
     *
     * @param radix  r<sub>f</sub> ≥ 1 per position
     * @param index  0 ≤ index &lt; Π r<sub>f</sub>
     * @param digits (Output) length ≥ radix.length
     */
    public static void decode(int[] radix, int index, int[] digits) {
        for (int f = radix.length - 1; f >= 0; f--) {
            digits[f] = index % radix[f];
            index /= radix[f];
        }
    }

    /**
     * Π r<sub>f</sub>, refusing a product above {@link Integer#MAX_VALUE}.
     *
     * @param what   what is counted, for the message
     * @param radix  r<sub>f</sub> ≥ 1 per position
     * @return the product
     * @throws IllegalArgumentException if the product exceeds {@link Integer#MAX_VALUE}
     */
    public static int size(String what, int[] radix) {
        long size = 1;
        for (int r : radix) {
            size *= r;
            if (size > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " has more than " + Integer.MAX_VALUE + " elements");
            }
        }
        return (int) size;
    }
}
