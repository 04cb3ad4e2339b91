package dev.ghmm.probe;

/**
 * The outer product η<sub>0</sub> ⊗ η<sub>1</sub> ⊗ … ⊗ η<sub>F−1</sub> of a row's factor beliefs (the last factor's
 * index fastest), a vector of J = Π<sub>f</sub> d<sub>f</sub> entries: the joint belief when the factors evolve
 * independently (a product process), and the joint baseline of the explained variance when a dataset holds factor
 * beliefs only. Its moments are accumulated beside the fit's, {@link #CHUNK_ROWS} rows at a time through a reused
 * buffer, which costs J(J + 1)/2 multiply-adds per row: hence {@link #MAX_DIMENSION}. Scratch owned by one thread.
 */
final class OuterProduct {
    /**
     * The largest J accumulated: 256 (3<sup>5</sup> = 243 for five three-state factors, 2<sup>8</sup>, 4<sup>4</sup>),
     * about 33 000 multiply-adds per row, as many as the fit's own moments at d = 256.
     */
    static final int MAX_DIMENSION = 256;
    /** Rows formed at a time: a buffer of at most 2 MiB. */
    static final int CHUNK_ROWS = 1024;

    private final int[] columns;
    private final int[] dimensions;
    private final int dimension;
    private final double[] rows;
    private final double[] weights = new double[CHUNK_ROWS];

    /**
     * The outer products of the factor beliefs at the given columns of z.
     *
     * @param columns    per factor f, the column of z where η<sub>f</sub> starts
     * @param dimensions per factor f, d<sub>f</sub> ≥ 1
     * @throws IllegalArgumentException if there is no factor or J exceeds {@link #MAX_DIMENSION}
     */
    OuterProduct(int[] columns, int[] dimensions) {
        if (columns.length == 0 || columns.length != dimensions.length) {
            throw new IllegalArgumentException(columns.length + " factor columns for " + dimensions.length + " factor dimensions");
        }
        long j = dimension(dimensions);
        if (j > MAX_DIMENSION) {
            throw new IllegalArgumentException("the outer product of the factor beliefs has " + j + " entries, more than " + MAX_DIMENSION);
        }
        this.columns = columns.clone();
        this.dimensions = dimensions.clone();
        this.dimension = (int) j;
        this.rows = new double[CHUNK_ROWS * dimension];
    }

    /** {@return J = Π d<sub>f</sub>, saturating at Long.MAX_VALUE} */
    static long dimension(int[] dimensions) {
        long j = 1;
        for (int d : dimensions) {
            j = j > Long.MAX_VALUE / Math.max(1, d) ? Long.MAX_VALUE : j * d;
        }
        return j;
    }

    /** {@return J} */
    int dimension() {
        return dimension;
    }

    /**
     * Adds the outer products of {@code count} rows of {@code z} (row-major, {@code width} values each) with weights
     * {@code w} to {@code moments} (of dimension J), {@link #CHUNK_ROWS} rows at a time.
     */
    void add(double[] z, int width, double[] w, int count, Moments moments) {
        for (int first = 0; first < count; first += CHUNK_ROWS) {
            int n = Math.min(CHUNK_ROWS, count - first);
            for (int r = 0; r < n; r++) {
                form(z, (first + r) * width, r * dimension);
                weights[r] = w[first + r];
            }
            moments.add(rows, weights, n);
        }
    }

    /** Writes ⊗<sub>f</sub> η<sub>f</sub> of the row of z at {@code from} into {@code rows} at {@code to}. */
    private void form(double[] z, int from, int to) {
        rows[to] = 1;
        int size = 1;
        for (int f = 0; f < columns.length; f++) {
            int df = dimensions[f];
            int c = from + columns[f];
            // backwards, so that entry a is read before the entries a·d_f … (a + 1)·d_f − 1 ≥ a overwrite it
            for (int a = size - 1; a >= 0; a--) {
                double v = rows[to + a];
                for (int b = df - 1; b >= 0; b--) {
                    rows[to + a * df + b] = v * z[c + b];
                }
            }
            size *= df;
        }
    }
}
