package dev.ghmm.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MomentsTest {
    /**
     * 40 blocks of 1003 rows (four-row groups and a remainder of 3) of D = 70 columns with means near 100 and unit noise,
     * random weights, some 0: the streamed co-moment agrees with the two-pass Σ w (z − μ)(z − μ)ᵀ summed in extended
     * precision (compensated sums) to 1e-12 of its diagonal scale, and is exactly symmetric (the upper triangle mirrored
     * from the lower in squares of 64, so D = 70 takes two). Enough rows for C2 to
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
                assertEquals(Double.doubleToLongBits(streamed.comoment().get(j, i)), Double.doubleToLongBits(streamed.comoment().get(i, j)));
                assertEquals(Double.doubleToLongBits(streamed.comoment(i, j)), Double.doubleToLongBits(streamed.comoment().get(i, j)));
            }
        }
        assertEquals(Arrays.stream(w).mapToLong(b -> Arrays.stream(b).filter(x -> x > 0).count()).sum(), streamed.rows());
    }

    /**
     * The tiled Gram kernel adds each entry's terms by fused multiply-adds in row order whatever the tiles (four rows at a
     * time, then the rest), so its bits do not depend on them, and it leaves the upper triangle alone: compared bit for bit with the
     * untiled loop written out here, for tiles that cut the triangle unevenly, one entry at a time, and not at all.
     */
    @Test
    void tilesChangeNoBit() {
        int n = 37;
        int rows = 11;
        SplittableRandom rng = new SplittableRandom(5);
        double[] c = new double[rows * n];
        for (int i = 0; i < c.length; i++) {
            c[i] = rng.nextDouble() - 0.5;
        }
        double[] expected = new double[n * n];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = rng.nextDouble();
        }
        double[] start = expected.clone();
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    for (int q = r; q < r + 4; q++) {
                        expected[i * n + j] = Math.fma(c[q * n + i], c[q * n + j], expected[i * n + j]);
                    }
                }
            }
        }
        for (; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    expected[i * n + j] = Math.fma(c[r * n + i], c[r * n + j], expected[i * n + j]);
                }
            }
        }
        for (int[] tile : new int[][] {{5, 7}, {7, 5}, {1, 1}, {64, 3}, {3, 64}, {n, n}}) {
            double[] g = start.clone();
            Moments.Block.lowerGram(c, rows, n, g, tile[0], tile[1]);
            for (int i = 0; i < n * n; i++) {
                assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(g[i]), "tile " + Arrays.toString(tile) + ", entry " + i);
            }
        }
    }
}
