package dev.ghmm.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MomentsTest {
    /**
     * 40 blocks of 1003 rows (four-row groups and a remainder of 3) of D = 70 columns with means near 100 and unit noise,
     * random weights, some 0: the streamed co-moment agrees with the two-pass Σ w (z − μ)(z − μ)ᵀ summed in extended
     * precision (compensated sums) to 1e-12 of its diagonal scale, and is exactly symmetric. Enough rows for C2 to
     * compile and vectorise the Gram kernel.
     */
    @Test
    void blockedGramIsTheTwoPassComoment() {
        int n = 70;
        int rows = 1003;
        int blocks = 40;
        SplittableRandom rng = new SplittableRandom(3);
        double[][] z = new double[blocks][rows * n];
        double[][] w = new double[blocks][rows];
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < z[b].length; i++) {
                z[b][i] = 100 + (i % n) + rng.nextDouble() - 0.5 + 0.01 * b;
            }
            for (int r = 0; r < rows; r++) {
                w[b][r] = rng.nextInt(5) == 0 ? 0 : rng.nextDouble() * 2;
            }
        }
        Moments streamed = new Moments(n);
        for (int b = 0; b < blocks; b++) {
            streamed.add(z[b], w[b], rows);
        }
        double total = 0;
        double[] mean = new double[n];
        for (int b = 0; b < blocks; b++) {
            for (int r = 0; r < rows; r++) {
                total += w[b][r];
                for (int j = 0; j < n; j++) {
                    mean[j] += w[b][r] * z[b][r * n + j];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= total;
        }
        double[] sum = new double[n * n];
        double[] compensation = new double[n * n];
        for (int b = 0; b < blocks; b++) {
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < n; i++) {
                    double di = w[b][r] * (z[b][r * n + i] - mean[i]);
                    for (int j = 0; j < n; j++) {
                        double term = di * (z[b][r * n + j] - mean[j]) - compensation[i * n + j];
                        double t = sum[i * n + j] + term;
                        compensation[i * n + j] = (t - sum[i * n + j]) - term;
                        sum[i * n + j] = t;
                    }
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(mean[i], streamed.mean(i), 1e-12 * 100);
            for (int j = 0; j < n; j++) {
                double scale = Math.sqrt(sum[i * n + i] * sum[j * n + j]);
                assertEquals(sum[i * n + j], streamed.comoment(i, j), 1e-12 * scale, "C[" + i + ", " + j + "]");
                assertEquals(Double.doubleToLongBits(streamed.comoment(j, i)), Double.doubleToLongBits(streamed.comoment(i, j)));
            }
        }
        assertEquals(Arrays.stream(w).mapToLong(b -> Arrays.stream(b).filter(x -> x > 0).count()).sum(), streamed.rows());
    }
}
