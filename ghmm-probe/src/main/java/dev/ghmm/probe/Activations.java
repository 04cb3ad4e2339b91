package dev.ghmm.probe;

import dev.ghmm.io.Npy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The inputs of probes: residual-stream activations in a {@code .npy} file of float16, float32 or float64, shape
 * [N, P, d] (one layer) or [layers, N, P, d] (one layer chosen), read a range of sequences at a time.
 * Row (i, p) is the activation of sequence i at position p; which belief row it is paired with is the alignment of
 * {@link ProbeOptions#firstBeliefRow()}. Every value read is checked to be finite.
 */
public final class Activations implements Closeable {
    private final Npy.Reader file;
    private final int layers;
    private final int layer;
    private final long sequences;
    private final int positions;
    private final int width;

    private Activations(Npy.Reader file, int layers, int layer, long sequences, int positions, int width) {
        this.file = file;
        this.layers = layers;
        this.layer = layer;
        this.sequences = sequences;
        this.positions = positions;
        this.width = width;
    }

    /**
     * Opens a one-layer file [N, P, d].
     *
     * @param path the {@code .npy} file
     * @return the activations; close them
     * @throws IllegalArgumentException (one line) if the file is not a floating [N, P, d] array (a [layers, N, P, d]
     *                                  file needs {@link #open(Path, int)})
     * @throws IOException if the file cannot be read
     */
    public static Activations open(Path path) throws IOException {
        return open(path, -1);
    }

    /**
     * Opens layer {@code layer} of a file [layers, N, P, d], or a one-layer file [N, P, d] when {@code layer} is −1.
     *
     * @param path  the {@code .npy} file
     * @param layer the layer, 0 ≤ layer &lt; layers, or −1 for a one-layer file
     * @return the activations; close them
     * @throws IllegalArgumentException (one line) if the file is not floating, not 3- or 4-dimensional, or the layer is
     *                                  out of range or missing
     * @throws IOException if the file cannot be read
     */
    public static Activations open(Path path, int layer) throws IOException {
        Npy.Reader m = Npy.Reader.open(path);
        try {
            long[] s = m.shape();
            if (m.dtype() == Npy.Dtype.INT32) {
                throw new IllegalArgumentException(path + " holds int32; activations must be float16, float32 or float64");
            }
            if (s.length == 3) {
                if (layer != -1 && layer != 0) {
                    throw new IllegalArgumentException("layer " + layer + " is out of range: " + path + " has shape " + Arrays.toString(s)
                            + ", a single layer");
                }
                return new Activations(m, 1, 0, s[0], positions(path, s), width(path, s));
            }
            if (s.length == 4) {
                if (layer == -1) {
                    throw new IllegalArgumentException(path + " has shape " + Arrays.toString(s) + ", " + s[0] + " layers: choose a layer in [0, " + s[0] + ")");
                }
                if (layer < 0 || layer >= s[0]) {
                    throw new IllegalArgumentException("layer " + layer + " is out of range [0, " + s[0] + ") of " + path);
                }
                return new Activations(m, (int) s[0], layer, s[1], positions(path, s), width(path, s));
            }
            throw new IllegalArgumentException(path + " has shape " + Arrays.toString(s) + "; activations must be [N, P, d] or [layers, N, P, d]");
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** P, the last dimension but one, refused where one sequence's P·d values would not fit a Java array. */
    private static int positions(Path path, long[] shape) {
        long p = shape[shape.length - 2];
        long d = shape[shape.length - 1];
        if (d > 0 && p > (Integer.MAX_VALUE - 8) / d) {
            throw new IllegalArgumentException(path + " has shape " + Arrays.toString(shape) + ": one sequence holds P·d = " + p + "·" + d
                    + " values, more than the " + (Integer.MAX_VALUE - 8) + " read at once");
        }
        return (int) p;
    }

    /** d, the last dimension, at least 1. */
    private static int width(Path path, long[] shape) {
        long d = shape[shape.length - 1];
        if (d < 1) {
            throw new IllegalArgumentException(path + " has shape " + Arrays.toString(shape) + ": d = 0, activations need a width d >= 1");
        }
        return (int) d;
    }

    /**
     * The file.
     *
     * @return its path
     */
    public Path path() {
        return file.path();
    }

    /**
     * The number of layers in the file (1 for [N, P, d]).
     *
     * @return the layers
     */
    public int layers() {
        return layers;
    }

    /**
     * The layer read.
     *
     * @return the layer
     */
    public int layer() {
        return layer;
    }

    /**
     * N, the number of sequences.
     *
     * @return N
     */
    public long sequences() {
        return sequences;
    }

    /**
     * P, the positions per sequence.
     *
     * @return P
     */
    public int positions() {
        return positions;
    }

    /**
     * d, the width of the residual stream.
     *
     * @return d
     */
    public int width() {
        return width;
    }

    /**
     * Reads the activations of sequences [first, first + count) of the chosen layer, P·d values each, into {@code out}.
     *
     * @throws IllegalArgumentException naming the file and the index (layer, sequence, position, component) of the first
     *                                  value that is not finite
     */
    void read(long first, int count, double[] out) throws IOException {
        long perSequence = (long) positions * width;
        file.readFinite((layer * sequences + first) * perSequence, Math.toIntExact(count * perSequence), out, 0, "activations");
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        file.close();
    }
}
