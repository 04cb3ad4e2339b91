package dev.ghmm.probe;

/**
 * A fitted affine probe ŷ(x) = c + W x from activations x ∈ ℝ<sup>d</sup> to a belief ŷ ∈ ℝ<sup>k</sup> (step 1 of the AFP
 * notes, section 1: the map 𝓛 = Wx + b). Immutable; {@link #predict(double[], double[])} allocates nothing.
 */
public final class LinearProbe {
    private final double[] intercept;
    /** W, k rows of d, row-major. */
    private final double[] weights;
    private final int width;

    LinearProbe(double[] intercept, double[] weights, int width) {
        this.intercept = intercept;
        this.weights = weights;
        this.width = width;
    }

    /**
     * d, the activation width.
     *
     * @return d
     */
    public int width() {
        return width;
    }

    /**
     * k, the belief dimension.
     *
     * @return k
     */
    public int dimension() {
        return intercept.length;
    }

    /**
     * c, the intercept (a copy).
     *
     * @return c
     */
    public double[] intercept() {
        return intercept.clone();
    }

    /**
     * W as k rows of d (a copy).
     *
     * @return W
     */
    public double[][] weights() {
        double[][] w = new double[intercept.length][];
        for (int i = 0; i < w.length; i++) {
            w[i] = java.util.Arrays.copyOfRange(weights, i * width, (i + 1) * width);
        }
        return w;
    }

    /** W row-major, not copied: package code must not change it. */
    double[] weightsRowMajor() {
        return weights;
    }

    /**
     * out = c + W x.
     *
     * @param x   (Input) an activation, d values
     * @param out (Output) the predicted belief, k values
     * @throws IllegalArgumentException if a length differs
     */
    public void predict(double[] x, double[] out) {
        if (x.length != width || out.length != intercept.length) {
            throw new IllegalArgumentException("predict: x has length " + x.length + " (expected " + width + "), out " + out.length
                    + " (expected " + intercept.length + ")");
        }
        for (int i = 0; i < intercept.length; i++) {
            double s = intercept[i];
            int o = i * width;
            for (int j = 0; j < width; j++) {
                s += weights[o + j] * x[j];
            }
            out[i] = s;
        }
    }

    /**
     * c + W x, in a new array.
     *
     * @param x an activation, d values
     * @return the predicted belief
     */
    public double[] predict(double[] x) {
        double[] out = new double[intercept.length];
        predict(x, out);
        return out;
    }

    /**
     * W Δx, the change of the prediction when the activation moves by Δx.
     *
     * @param delta Δx, d values
     * @return W Δx, k values
     */
    public double[] change(double[] delta) {
        if (delta.length != width) {
            throw new IllegalArgumentException("change: delta has length " + delta.length + ", expected " + width);
        }
        double[] out = new double[intercept.length];
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            int o = i * width;
            for (int j = 0; j < width; j++) {
                s += weights[o + j] * delta[j];
            }
            out[i] = s;
        }
        return out;
    }

    @Override
    public String toString() {
        return "LinearProbe(" + dimension() + " × " + width() + ": ŷ = c + W x)";
    }
}
