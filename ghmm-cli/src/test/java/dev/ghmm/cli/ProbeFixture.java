package dev.ghmm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A dataset written by {@code ghmm sample} (two Mess3 factors) and activations with a planted truth written in the
 * test: in d dimensions, x[0..1] = Vᵀη₀ and x[2..3] = Vᵀη₁ (V an orthonormal basis of the sum-zero plane of the
 * 3-simplex), the rest nuisance N(0, 1), plus noise σ on every component. Then η<sub>f</sub> = 1/3 + V x[2f..2f+1]
 * exactly (V ⊥ 1), so without noise the probes are W<sub>f</sub> = [0 … V … 0], c = 1/3, the read subspaces are the
 * coordinate planes (principal angle π/2) and the least-norm change δ of factor 0 holding factor 1 is Δx = (Vᵀδ, 0, …).
 */
final class ProbeFixture {
    static final double[][] V = {{1 / Math.sqrt(2), 1 / Math.sqrt(6)}, {-1 / Math.sqrt(2), 1 / Math.sqrt(6)}, {0, -2 / Math.sqrt(6)}};
    static final String PROCESS = "{\"factored\": {\"structure\": \"independent\", \"factors\": [{\"variants\": [\"mess3:x=0.15,alpha=0.6\"]}, "
            + "{\"variants\": [\"mess3:x=0.05,alpha=0.85\"]}]}}";

    int count = 40;
    int length = 5;
    int width = 8;
    double noise;
    boolean bos;
    /** Positions per sequence: L + 1 (the default, row 0 first) or as set. */
    int positions = -1;
    /** The belief row of position 0 the activations are written for. */
    int firstRow;
    /** Layers in the file (the planted one is the last; the others are NaN, so reading one fails). */
    int layers = 1;
    /** When positive, every layer is planted, layer l with noise l times this. */
    double noisePerLayer;
    /** Whether the last component copies the first (a rank-deficient design). */
    boolean duplicate;

    int positions() {
        return positions < 0 ? length + 1 : positions;
    }

    /** Runs ghmm sample into dir/data (beliefs, factor beliefs and logprob in float64) and writes dir/acts.npy. */
    Path write(Path dir) throws IOException {
        Path data = dir.resolve("data");
        Path spec = Files.writeString(dir.resolve("process.json"), PROCESS);
        List<String> args = new ArrayList<>(List.of("sample", "--process", spec.toString(), "--count", Integer.toString(count), "--length",
                Integer.toString(length), "--seed", "5", "--outputs", "tokens,beliefs,factor-beliefs,logprob", "--dtype", "float64", "--out",
                data.toString()));
        if (bos) {
            args.add("--bos");
        }
        CliTest.Result r = CliTest.run(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        double[][] beliefs = {Npy.read(data.resolve("beliefs.f0.npy")).doubles(), Npy.read(data.resolve("beliefs.f1.npy")).doubles()};
        int p = positions();
        double[] x = new double[layers * count * p * width];
        Random rng = new Random(11);
        for (int layer = 0; layer < layers; layer++) {
            int base = layer * count * p * width;
            if (noisePerLayer <= 0 && layer < layers - 1) {
                java.util.Arrays.fill(x, base, base + count * p * width, Double.NaN);
                continue;
            }
            double sigma = noisePerLayer > 0 ? layer * noisePerLayer : noise;
            for (int i = 0; i < count; i++) {
                for (int q = 0; q < p; q++) {
                    int o = base + (i * p + q) * width;
                    int row = i * (length + 1) + firstRow + q;
                    for (int f = 0; f < 2; f++) {
                        for (int j = 0; j < 2; j++) {
                            double a = 0;
                            for (int s = 0; s < 3; s++) {
                                a += V[s][j] * beliefs[f][row * 3 + s];
                            }
                            x[o + 2 * f + j] = a;
                        }
                    }
                    for (int k = 4; k < width; k++) {
                        x[o + k] = rng.nextGaussian();
                    }
                    for (int k = 0; k < width; k++) {
                        x[o + k] += sigma * rng.nextGaussian();
                    }
                    if (duplicate) {
                        x[o + width - 1] = x[o];
                    }
                }
            }
        }
        long[] shape = layers == 1 ? new long[] {count, p, width} : new long[] {layers, count, p, width};
        try (Npy.Writer w = Npy.Writer.float64(dir.resolve("acts.npy"), shape)) {
            w.write(x, 0, x.length);
        }
        return dir;
    }

    /** Vᵀδ: the plane coordinates of a belief change. */
    static double[] plane(double[] delta) {
        double[] a = new double[2];
        for (int j = 0; j < 2; j++) {
            for (int s = 0; s < 3; s++) {
                a[j] += V[s][j] * delta[s];
            }
        }
        return a;
    }
}
