package dev.ghmm.internal;

/**
 * Argument checks shared by every module. Each failure is an {@link IllegalArgumentException} whose
 * message names the argument, the offending index and the offending value.
 */
public final class Checks {
    private Checks() {
    }

    /**
     * Throws unless every entry of {@code values} is finite; {@code what} names the array.
     *
     * @param what the name of the argument, for messages
     * @param values the values
     */
    public static void requireFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + values[i] + " is not finite");
            }
        }
    }

    /**
     * Throws unless {@code values.length == expected}.
     *
     * @param what the name of the argument, for messages
     * @param values the values
     * @param expected the expected length
     */
    public static void requireLength(String what, double[] values, int expected) {
        if (values == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (values.length != expected) {
            throw new IllegalArgumentException(what + " has length " + values.length + ", expected " + expected);
        }
    }

    /**
     * Throws unless {@code 0 <= index < size}.
     *
     * @param what the name of the argument, for messages
     * @param index the index
     * @param size the exclusive upper bound
     */
    public static void requireIndex(String what, int index, int size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException(what + " " + index + " is out of range [0, " + size + ")");
        }
    }

    /**
     * Checks that {@code matrix} is a square {@code n×n} array of finite numbers and returns n.
     * {@code what} names the matrix in messages (for example "T(1)").
     *
     * @param what the name of the argument, for messages
     * @param matrix the matrix, square
     * @return n, the dimension
     */
    public static int requireSquareFinite(String what, double[][] matrix) {
        if (matrix == null || matrix.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        int n = matrix.length;
        for (int i = 0; i < n; i++) {
            if (matrix[i] == null || matrix[i].length != n) {
                throw new IllegalArgumentException(what + " is not square: row " + i + " has "
                        + (matrix[i] == null ? 0 : matrix[i].length) + " columns, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(matrix[i][j])) {
                    throw new IllegalArgumentException(what + "[" + i + "][" + j + "] = " + matrix[i][j] + " is not finite");
                }
            }
        }
        return n;
    }

    /**
     * Requires {@code v[offset .. offset+length)} to lie within v, in O(1).
     *
     * @param name   the argument's name, for the message
     * @param v      the array
     * @param offset the first index, ≥ 0
     * @param length how many values are read or written
     * @param unit   what the values are, for the message ("values", "probabilities"): a constant, so that a check
     *               that passes builds no string
     * @throws IllegalArgumentException naming the argument, its length, the offset and what does not fit
     */
    public static void requireRange(String name, double[] v, int offset, long length, String unit) {
        if (v == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException(name + " offset " + offset + " is negative");
        }
        if (offset + length > v.length) {
            throw new IllegalArgumentException(name + " has length " + v.length + ", too short for " + length + " " + unit + " from offset " + offset);
        }
    }
}
