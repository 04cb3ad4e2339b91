package dev.ghmm.factored.geometry;

import dev.ghmm.Vectors;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Beliefs on a plane, and what the plane's axes mean. An HMM of at most 3 states: its simplex, state i at a corner,
 * x = η₁ + η₂/2, y = η₂·√3/2 (2 states: the segment x = η₁; 1 state: a point). A larger HMM, and every GHMM (whose
 * predictive vectors are not distributions over states and may leave the simplex): the first two principal axes of
 * the reference vectors (an SVD of the reference rows centred on their mean, each axis's sign fixed so that its largest
 * entry is positive), an isometry of their affine span when it is a plane, each axis labelled with its share of the
 * variance; for an HMM of at most 12 states the projections of the simplex's corners too.
 *
 * @param x       the abscissae
 * @param y       the ordinates
 * @param xAxis   what the x axis is
 * @param yAxis   what the y axis is
 * @param corners for a simplex or principal axes of an HMM of at most 12 states, where state i's corner lands
 *                ([x, y][i]), else null
 *                <p>A value (docs/design.md, "Records and arrays"): the arrays are copied in and out, and equality,
 *                hash code and text read their contents.
 */
public record Projection(double[] x, double[] y, String xAxis, String yAxis, double[][] corners) {
    private static final double SQRT3_2 = Math.sqrt(3) / 2;
    /** HMMs with at most this many states drawn on principal axes also show where their simplex's corners project. */
    private static final int MAX_CORNERS = 12;

    /**
     * Copies the arrays.
     *
     * @param x       the abscissae
     * @param y       the ordinates
     * @param xAxis   what the x axis is
     * @param yAxis   what the y axis is
     * @param corners where state i's corner lands ([x, y][i]), or null
     */
    public Projection {
        x = x.clone();
        y = y.clone();
        corners = corners == null ? null : Vectors.copyRows(corners);
    }

    /** {@return the abscissae (a copy)} */
    @Override
    public double[] x() {
        return x.clone();
    }

    /** {@return the ordinates (a copy)} */
    @Override
    public double[] y() {
        return y.clone();
    }

    /** {@return where the states' corners land, [x, y][i] (a copy), or null} */
    @Override
    public double[][] corners() {
        return corners == null ? null : Vectors.copyRows(corners);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Projection p && Arrays.equals(x, p.x) && Arrays.equals(y, p.y) && xAxis.equals(p.xAxis) && yAxis.equals(p.yAxis)
                && Arrays.deepEquals(corners, p.corners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(x), Arrays.hashCode(y), xAxis, yAxis, Arrays.deepHashCode(corners));
    }

    @Override
    public String toString() {
        return "Projection[" + x.length + " points, x = " + xAxis + ", y = " + yAxis + (corners == null ? "" : ", " + corners[0].length + " corners")
                + "]";
    }

    /**
     * {@return the beliefs in their own frame} ({@link #of(double[][], double[][], boolean)} with themselves as reference)
     *
     * @param beliefs rows of equal length
     * @param hmm     whether they are distributions over the states of an HMM
     */
    public static Projection of(double[][] beliefs, boolean hmm) {
        return of(beliefs, beliefs, hmm);
    }

    /**
     * The 2-D coordinates of vectors in the frame of {@code reference} (rows of the same length): the simplex for an
     * HMM of at most 3 states (reference unused), else the first two principal axes of the reference rows, centred on
     * their mean, so that, say, a probe's predictions land in the frame of the true beliefs.
     *
     * @param beliefs   the rows to place
     * @param reference the rows that fix the frame
     * @param hmm       whether they are distributions over the states of an HMM
     * @return their coordinates
     * @throws IllegalStateException if the SVD does not converge
     */
    public static Projection of(double[][] beliefs, double[][] reference, boolean hmm) {
        int n = beliefs.length;
        int d = reference.length == 0 ? 0 : reference[0].length;
        double[] x = new double[n];
        double[] y = new double[n];
        if (hmm && d <= 3) {
            for (int b = 0; b < n; b++) {
                double[] eta = beliefs[b];
                x[b] = d == 1 ? 0 : eta[1] + (d == 3 ? eta[2] / 2 : 0);
                y[b] = d == 3 ? eta[2] * SQRT3_2 : 0;
            }
            return switch (d) {
                case 3 -> new Projection(x, y, "Pr(state 1) + Pr(state 2)/2", "Pr(state 2)·√3/2",
                        new double[][] {{0, 1, 0.5}, {0, 0, SQRT3_2}});
                case 2 -> new Projection(x, y, "Pr(state 1)", "", new double[][] {{0, 1}, {0, 0}});
                default -> new Projection(x, y, "", "", null);
            };
        }
        int m = reference.length;
        double[] mean = new double[d];
        for (double[] eta : reference) {
            for (int i = 0; i < d; i++) {
                mean[i] += eta[i] / m;
            }
        }
        DMatrixRMaj centred = new DMatrixRMaj(m, d);
        for (int b = 0; b < m; b++) {
            for (int i = 0; i < d; i++) {
                centred.set(b, i, reference[b][i] - mean[i]);
            }
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, d, false, true, true);
        if (!svd.decompose(centred)) {
            throw new IllegalStateException("the SVD of the " + m + "×" + d + " belief matrix did not converge");
        }
        DMatrixRMaj v = svd.getV(null, false);
        double[] singular = svd.getSingularValues();
        double variance = 0;
        for (double s : singular) {
            variance += s * s;
        }
        int[] order = largestTwo(singular);
        boolean corners = hmm && d <= MAX_CORNERS;
        double[][] cornerXy = corners ? new double[2][d] : null;
        String[] axes = new String[2];
        for (int k = 0; k < 2; k++) {
            int c = order[k];
            double share = c < 0 || variance == 0 ? 0 : singular[c] * singular[c] / variance;
            axes[k] = String.format(Locale.ROOT, "principal axis %d of the beliefs (%.1f %% of the variance)", k + 1, 100 * share);
            if (c < 0) {
                continue; // fewer than two axes: the points lie on a line or a point
            }
            int largest = 0;
            for (int i = 1; i < d; i++) {
                if (Math.abs(v.get(i, c)) > Math.abs(v.get(largest, c))) {
                    largest = i;
                }
            }
            double sign = v.get(largest, c) < 0 ? -1 : 1;
            double[] coordinate = k == 0 ? x : y;
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += (beliefs[b][i] - mean[i]) * v.get(i, c);
                }
                coordinate[b] = sign * dot;
            }
            if (corners) {
                for (int i = 0; i < d; i++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) {
                        dot += ((i == j ? 1 : 0) - mean[j]) * v.get(j, c);
                    }
                    cornerXy[k][i] = sign * dot;
                }
            }
        }
        return new Projection(x, y, axes[0], axes[1], cornerXy);
    }

    /** The indices of the two largest singular values (−1 where there are fewer than two). */
    private static int[] largestTwo(double[] singular) {
        int[] order = {-1, -1};
        for (int c = 0; c < singular.length; c++) {
            if (order[0] < 0 || singular[c] > singular[order[0]]) {
                order[1] = order[0];
                order[0] = c;
            } else if (order[1] < 0 || singular[c] > singular[order[1]]) {
                order[1] = c;
            }
        }
        return order;
    }
}
