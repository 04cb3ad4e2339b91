package dev.ghmm.probe;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.Npy;
import dev.ghmm.process.Catalogue;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Synthetic activations with a planted truth: beliefs η<sub>f</sub> of a real factored process (two Mess3 factors by
 * default, drawn by {@link Datasets#generate}) written along chosen subspaces,
 * <pre>x = c + s Σ<sub>f</sub> Q<sub>f</sub>V<sub>f</sub>ᵀη<sub>f</sub> + τ·(nuisance along directions that carry no belief) + σ·ε,</pre>
 * with V<sub>f</sub> (3 × 2) an orthonormal basis of the sum-zero plane of the 3-simplex and Q<sub>f</sub> (d × 2)
 * orthonormal: Q<sub>0</sub> = [o<sub>1</sub>, o<sub>2</sub>], Q<sub>1</sub> = [cos θ<sub>1</sub>o<sub>1</sub> + sin θ<sub>1</sub>o<sub>3</sub>,
 * cos θ<sub>2</sub>o<sub>2</sub> + sin θ<sub>2</sub>o<sub>4</sub>] (principal angles θ<sub>1</sub>, θ<sub>2</sub>), further factors
 * on fresh orthogonal pairs, nuisance on the rest, all in a random rotation o of ℝ<sup>d</sup>. Small by design (two
 * cores are shared): the defaults are N = 600 sequences of L = 6 in d = 12.
 */
final class Planted {
    static final double[][] V = {{1 / Math.sqrt(2), 1 / Math.sqrt(6)}, {-1 / Math.sqrt(2), 1 / Math.sqrt(6)}, {0, -2 / Math.sqrt(6)}};

    /** The activation file's number type. */
    enum Dtype { FLOAT16, FLOAT32, FLOAT64 }

    FactoredProcess process = FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85));
    int count = 600;
    int length = 6;
    long seed = 7;
    int width = 12;
    double scale = 1;
    double noise = 0;
    double nuisance = 1;
    double[] angles = {Math.PI / 2, Math.PI / 2};
    /** Noise and nuisance drawn from the prefix (same prefix, same activation) instead of from the row. */
    boolean prefixNoise;
    boolean bos;
    /** Whether position 0 is a BOS position (P = L + 1) or not (P = L). */
    boolean bosPosition = true;
    /** Whether the last position is dropped, as in activations recorded on the inputs tokens[:, :-1]. */
    boolean inputsOnly;
    int layers = 1;
    int layer;
    Dtype dtype = Dtype.FLOAT64;
    /** Beliefs and log-probabilities in float32, as {@code ghmm sample} writes them by default. */
    boolean singleBeliefs;
    /** Quantise activations to multiples of 2⁻⁸ (exact in float16 for |x| &lt; 8). */
    boolean quantise;
    /** A component equal to component 0 (a rank-deficient design). */
    boolean duplicateColumn;
    /** Where to put a NaN: {sequence, position, component}, or null. */
    int[] nan;
    /** Sequences in the activation file (default: count). */
    int activationCount = -1;

    Datasets.Block block;
    DMatrixRMaj rotation;
    double[] constant;

    int factors() {
        return process.factorCount();
    }

    int positions() {
        return length + (bosPosition ? 1 : 0) - (inputsOnly ? 1 : 0);
    }

    int firstRow() {
        return bosPosition ? 0 : 1;
    }

    /** Q<sub>f</sub> as d × 2 in the rotated basis. */
    DMatrixRMaj subspace(int f) {
        DMatrixRMaj q = new DMatrixRMaj(width, 2);
        for (int j = 0; j < 2; j++) {
            double[] e = new double[width];
            if (f == 0) {
                e[j] = 1;
            } else if (f == 1) {
                e[j] = Math.cos(angles[j]);
                e[2 + j] = Math.sin(angles[j]);
            } else {
                e[2 * f + j] = 1;
            }
            for (int i = 0; i < width; i++) {
                double s = 0;
                for (int k = 0; k < width; k++) {
                    s += rotation.get(i, k) * e[k];
                }
                q.set(i, j, s);
            }
        }
        return q;
    }

    /** The first direction carrying no belief, in the unrotated basis. */
    int firstNuisance() {
        return 2 * Math.max(2, factors());
    }

    Planted generate() {
        block = Datasets.generate(process, EnumSet.of(Datasets.Output.PART_BELIEFS, Datasets.Output.BELIEFS, Datasets.Output.LOGPROB), 0, count,
                length, seed, 1);
        Random r = new Random(seed * 31 + 5);
        DMatrixRMaj g = new DMatrixRMaj(width, width);
        for (int i = 0; i < g.data.length; i++) {
            g.data[i] = r.nextGaussian();
        }
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(width, width);
        qr.decompose(g);
        rotation = qr.getQ(null, false);
        constant = new double[width];
        for (int i = 0; i < width; i++) {
            constant[i] = r.nextGaussian();
        }
        return this;
    }

    /** Factor f's belief at row r of sequence i. */
    double[] belief(int f, int i, int r) {
        int d = process.dimensions()[f];
        return Arrays.copyOfRange(block.parts()[f], (i * (length + 1) + r) * d, (i * (length + 1) + r + 1) * d);
    }

    /** The planted activation of sequence i at position p. */
    double[] activation(int i, int p) {
        int r = firstRow() + p;
        double[] x = constant.clone();
        for (int f = 0; f < factors(); f++) {
            DMatrixRMaj q = subspace(f);
            double[] eta = belief(f, i, r);
            for (int j = 0; j < 2; j++) {
                double a = 0;
                for (int s = 0; s < 3; s++) {
                    a += V[s][j] * eta[s];
                }
                for (int k = 0; k < width; k++) {
                    x[k] += scale * q.get(k, j) * a;
                }
            }
        }
        long rowSeed;
        if (prefixNoise) {
            rowSeed = r;
            for (int t = 0; t < r; t++) {
                rowSeed = rowSeed * 1_000_003 + block.tokens()[i * length + t] + 1;
            }
        } else {
            rowSeed = (long) i * 7919 + p;
        }
        Random rng = new Random(seed ^ (rowSeed * 0x9E3779B97F4A7C15L));
        double[] e = new double[width];
        for (int k = firstNuisance(); k < width; k++) {
            e[k] = nuisance * rng.nextGaussian();
        }
        for (int i2 = 0; i2 < width; i2++) {
            double s = 0;
            for (int k = 0; k < width; k++) {
                s += rotation.get(i2, k) * e[k];
            }
            x[i2] += s + noise * rng.nextGaussian();
        }
        if (duplicateColumn) {
            x[width - 1] = x[0];
        }
        if (quantise) {
            for (int k = 0; k < width; k++) {
                x[k] = Math.max(-2047, Math.min(2047, Math.rint(x[k] * 256))) / 256;
            }
        }
        return x;
    }

    /** Writes the dataset into {@code dir/data} and the activations into {@code dir/acts.npy}. */
    Path write(Path dir) throws IOException {
        if (block == null) {
            generate();
        }
        writeDataset(dir.resolve("data"));
        writeActivations(dir.resolve("acts.npy"));
        return dir;
    }

    void writeDataset(Path data) throws IOException {
        Files.createDirectories(data);
        int columns = length + (bos ? 1 : 0);
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = json.createObjectNode();
        meta.put("format", "ghmm-dataset/1");
        meta.put("count", count);
        meta.put("length", length);
        String floating = singleBeliefs ? "float32" : "float64";
        meta.put("dtype", floating);
        ArrayNode outputs = meta.putArray("outputs");
        int symbols = process.alphabet().size();
        int[] tokens = new int[count * columns];
        double[] logprob = new double[count * columns];
        for (int i = 0; i < count; i++) {
            if (bos) {
                tokens[i * columns] = symbols;
            }
            for (int t = 0; t < length; t++) {
                tokens[i * columns + (bos ? 1 : 0) + t] = block.tokens()[i * length + t];
                logprob[i * columns + (bos ? 1 : 0) + t] = block.logprob()[i * length + t];
            }
        }
        try (Npy.Writer w = Npy.Writer.int32(data.resolve("tokens.npy"), count, columns)) {
            w.write(tokens, 0, tokens.length);
        }
        entry(outputs, "tokens", -1, "tokens.npy", "int32", count, columns);
        int states = block.beliefs().length / (count * (length + 1));
        try (Npy.Writer w = floats(data.resolve("beliefs.npy"), count, length + 1, states)) {
            w.write(block.beliefs(), 0, block.beliefs().length);
        }
        entry(outputs, "beliefs", -1, "beliefs.npy", floating, count, length + 1, states);
        for (int f = 0; f < factors(); f++) {
            int d = process.dimensions()[f];
            try (Npy.Writer w = floats(data.resolve("beliefs.f" + f + ".npy"), count, length + 1, d)) {
                w.write(block.parts()[f], 0, block.parts()[f].length);
            }
            entry(outputs, "factor-beliefs", f, "beliefs.f" + f + ".npy", floating, count, length + 1, d);
        }
        try (Npy.Writer w = floats(data.resolve("logprob.npy"), count, columns)) {
            w.write(logprob, 0, logprob.length);
        }
        entry(outputs, "logprob", -1, "logprob.npy", floating, count, columns);
        if (bos) {
            meta.put("bos", symbols);
        } else {
            meta.putNull("bos");
        }
        json.writerWithDefaultPrettyPrinter().writeValue(data.resolve("meta.json").toFile(), meta);
    }

    private Npy.Writer floats(Path file, long... shape) throws IOException {
        return singleBeliefs ? Npy.Writer.float32(file, shape) : Npy.Writer.float64(file, shape);
    }

    private static void entry(ArrayNode outputs, String name, int factor, String file, String dtype, long... shape) {
        ObjectNode e = outputs.addObject();
        e.put("name", name);
        if (factor >= 0) {
            e.put("factor", factor);
        }
        e.put("file", file);
        ArrayNode s = e.putArray("shape");
        Arrays.stream(shape).forEach(s::add);
        e.put("dtype", dtype);
    }

    void writeActivations(Path file) throws IOException {
        int n = activationCount < 0 ? count : activationCount;
        int p = positions();
        long[] shape = layers == 1 ? new long[] {n, p, width} : new long[] {layers, n, p, width};
        double[] values = new double[Math.toIntExact((long) layers * n * p * width)];
        Arrays.fill(values, Double.NaN);
        int base = layer * n * p * width;
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < p; q++) {
                double[] x = activation(Math.min(i, count - 1), q);
                System.arraycopy(x, 0, values, base + (i * p + q) * width, width);
            }
        }
        if (nan != null) {
            values[base + (nan[0] * p + nan[1]) * width + nan[2]] = Double.NaN;
        }
        switch (dtype) {
            case FLOAT64 -> {
                try (Npy.Writer w = Npy.Writer.float64(file, shape)) {
                    w.write(values, 0, values.length);
                }
            }
            case FLOAT32 -> {
                try (Npy.Writer w = Npy.Writer.float32(file, shape)) {
                    w.write(values, 0, values.length);
                }
            }
            default -> {
                byte[] header = Npy.header(Npy.Dtype.FLOAT16, shape);
                ByteBuffer b = ByteBuffer.allocate(header.length + 2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                b.put(header);
                for (double v : values) {
                    b.putShort((short) half(v));
                }
                Files.write(file, b.array());
            }
        }
    }

    /** The binary16 bits of a value that a half holds exactly (normal, zero or NaN), checked by decoding. */
    static int half(double v) {
        if (Double.isNaN(v)) {
            return 0x7E00;
        }
        float f = (float) v;
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        int fraction = (bits >>> 13) & 0x3ff;
        int h = f == 0 ? sign : sign | (exponent << 10) | fraction;
        if (f != 0 && (exponent <= 0 || exponent >= 31 || (bits & 0x1fff) != 0) || Npy.halfToDouble(h) != v) {
            throw new IllegalArgumentException(v + " is not a normal half");
        }
        return h;
    }

    /** The plane coordinates V<sub>f</sub>ᵀδ of a belief change. */
    static double[] plane(double[] delta) {
        double[] a = new double[2];
        for (int j = 0; j < 2; j++) {
            for (int s = 0; s < 3; s++) {
                a[j] += V[s][j] * delta[s];
            }
        }
        return a;
    }

    static DMatrixRMaj transpose(DMatrixRMaj m) {
        return CommonOps_DDRM.transpose(m, null);
    }
}
