package dev.ghmm;

/**
 * Small routines on primitive vectors, shared by every module: those that write into a caller's array allocate
 * nothing; those that return an array return a new one.
 */
public final class Vectors {
    private Vectors() {
    }

    /**
     * {@return ⟨a|b⟩ = Σ<sub>i</sub> a<sub>i</sub> b<sub>i</sub> over the length of {@code a}}
     *
     * @param a the vector a
     * @param b the vector b
     */
    public static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Multiplies every entry of {@code a} by {@code c}, in place.
     *
     * @param a the vector a
     * @param c the scale factor
     */
    public static void scale(double[] a, double c) {
        for (int i = 0; i < a.length; i++) {
            a[i] *= c;
        }
    }

    /**
     * {@return Σ<sub>i</sub> a<sub>i</sub>}
     *
     * @param a the vector a
     */
    public static double sum(double[] a) {
        double s = 0.0;
        for (double v : a) {
            s += v;
        }
        return s;
    }

    /**
     * {@return max<sub>i</sub> |a<sub>i</sub>|}
     *
     * @param a the vector a
     */
    public static double maxAbs(double[] a) {
        double m = 0.0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * The index of the largest entry, the first of equal ones.
     *
     * @param a the vector a, not empty
     * @return argmax<sub>i</sub> a[i]
     */
    public static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * Whether every entry is ≥ 0 (NaN is not).
     *
     * @param a the vector
     * @return true when a<sub>i</sub> ≥ 0 for all i
     */
    public static boolean isNonNegative(double[] a) {
        for (double v : a) {
            if (!(v >= 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A deep copy of an array of rows (a matrix, or rows of different lengths): the one way ghmm copies a
     * {@code double[][]}, for the defensive copies of records and other values.
     *
     * @param rows the rows, none null
     * @return a new array holding a copy of every row
     */
    public static double[][] copyRows(double[][] rows) {
        double[][] copy = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            copy[i] = rows[i].clone();
        }
        return copy;
    }

    /**
     * {@return the all-ones vector 𝟏 of length n}
     *
     * @param n the dimension n
     */
    public static double[] ones(int n) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, 1.0);
        return a;
    }

    /**
     * {@return the Kronecker (tensor) product v<sub>1</sub> ⊗ … ⊗ v<sub>F</sub> in lexicographic order, last
     * factor fastest}
     *
     * @param factors the factors, in order
     */
    public static double[] kron(double[]... factors) {
        double[] out = {1.0};
        for (double[] f : factors) {
            double[] next = new double[Math.multiplyExact(out.length, f.length)];
            for (int i = 0; i < out.length; i++) {
                for (int j = 0; j < f.length; j++) {
                    next[i * f.length + j] = out[i] * f[j];
                }
            }
            out = next;
        }
        return out;
    }

    /**
     * Writes v<sub>1</sub> ⊗ … ⊗ v<sub>F</sub> (last factor fastest) at {@code out[offset …]} in place, expanding from
     * the back so that nothing is overwritten before it is read: one multiplication per entry written, no allocation.
     *
     * @param factors the factors, in order
     * @param out     (Output) holds Π<sub>f</sub> |v<sub>f</sub>| values from {@code offset}
     * @param offset  first index written
     */
    public static void kron(double[][] factors, double[] out, int offset) {
        out[offset] = 1.0;
        int size = 1;
        for (double[] b : factors) {
            int d = b.length;
            for (int i = size - 1; i >= 0; i--) {
                double v = out[offset + i];
                for (int a = d - 1; a >= 0; a--) {
                    out[offset + i * d + a] = v * b[a];
                }
            }
            size *= d;
        }
    }
}
