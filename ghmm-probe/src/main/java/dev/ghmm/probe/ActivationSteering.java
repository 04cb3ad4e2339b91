package dev.ghmm.probe;

import dev.ghmm.Vectors;
import dev.ghmm.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Steering in activation space by the factors' probes (steps 2–4 of section 1 of the AFP notes, mapped back through the
 * probes): the least-norm activation change that moves one factor's predicted belief and leaves every other factor's
 * prediction where it was. The belief side (factorising a joint belief, moving a factor) is
 * {@code dev.ghmm.factored.steering.Steering}; this is the way back to x.
 *
 * <p>With the notation of {@link Geometry}, stack the factors' restricted probes
 * K = [U<sub>1</sub>ᵀW<sub>1</sub>; …; U<sub>F</sub>ᵀW<sub>F</sub>] ∈ ℝ<sup>(Σr<sub>g</sub>)×d</sup>. To move factor f
 * by δ = η′<sub>f</sub> − η̂<sub>f</sub>(x) (δ in the belief directions, as it is between two beliefs), let
 * ρ hold U<sub>f</sub>ᵀδ in f's block and zeros elsewhere, and take
 * <blockquote>Δx = K⁺ρ = argmin ‖Δx‖ subject to W<sub>f</sub>Δx = δ, W<sub>g</sub>Δx = 0 (g ≠ f),</blockquote>
 * the pseudo-inverse computed by SVD with singular values at or below {@link #CUTOFF} times the largest dropped. When
 * the read subspaces are independent (K of full row rank) the constraints hold exactly; otherwise Δx is the least-norm
 * least-squares solution and the constraints it misses show up as cross-talk. Every result reports the predicted
 * change W<sub>g</sub>Δx on each factor (and on the joint belief, when it has a probe).
 */
public final class ActivationSteering {
    /** Singular values of K at or below this fraction of the largest are dropped from the pseudo-inverse. */
    public static final double CUTOFF = 1e-10;
    /**
     * How far a target belief may lie from the affine hull of the factor's training beliefs, and below 0 where every
     * training belief is nonnegative: above the float32 rounding of stored beliefs (about 10<sup>−7</sup>).
     */
    public static final double TARGET_TOLERANCE = 1e-5;

    /**
     * An activation change and what the probes predict it does.
     *
     * @param factor       the factor steered
     * @param delta        Δx, d values
     * @param changes      W<sub>g</sub>Δx for every factor g: the predicted change of each factor's belief
     * @param jointChange  the predicted change of the joint belief, or null without a joint probe
     * @param crossTalk    ‖W<sub>g</sub>Δx‖ for g ≠ f, and for g = f the miss ‖W<sub>f</sub>Δx − δ‖
     */
    public record Shift(int factor, double[] delta, double[][] changes, double[] jointChange, double[] crossTalk) {
        /**
         * Defensive copies.
         *
         * @param factor      the factor steered
         * @param delta       Δx
         * @param changes     the predicted change per factor
         * @param jointChange the predicted joint change, or null
         * @param crossTalk   the cross-talk per factor (the miss for the factor steered)
         */
        public Shift {
            delta = delta.clone();
            changes = Vectors.copyRows(changes);
            jointChange = jointChange == null ? null : jointChange.clone();
            crossTalk = crossTalk.clone();
        }

        /**
         * Δx (a copy).
         *
         * @return Δx
         */
        @Override
        public double[] delta() {
            return delta.clone();
        }

        /**
         * W<sub>g</sub>Δx per factor (a copy).
         *
         * @return the predicted changes
         */
        @Override
        public double[][] changes() {
            return Vectors.copyRows(changes);
        }

        /**
         * The predicted change of the joint belief (a copy), or null.
         *
         * @return the joint change
         */
        @Override
        public double[] jointChange() {
            return jointChange == null ? null : jointChange.clone();
        }

        /**
         * The cross-talk per factor (a copy); entry f is the miss on the factor steered.
         *
         * @return the cross-talk
         */
        @Override
        public double[] crossTalk() {
            return crossTalk.clone();
        }

        /** Equal when every component is, the vectors and matrices by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Shift s && factor == s.factor && Arrays.equals(delta, s.delta) && Arrays.deepEquals(changes, s.changes)
                    && Arrays.equals(jointChange, s.jointChange) && Arrays.equals(crossTalk, s.crossTalk);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(new Object[] {factor, delta, changes, jointChange, crossTalk});
        }

        @Override
        public String toString() {
            return "Shift[factor=" + factor + ", delta=" + Arrays.toString(delta) + ", changes=" + Arrays.deepToString(changes) + ", jointChange="
                    + Arrays.toString(jointChange) + ", crossTalk=" + Arrays.toString(crossTalk) + "]";
        }

        /**
         * ‖Δx‖.
         *
         * @return the norm of the change
         */
        public double norm() {
            double s = 0;
            for (double v : delta) {
                s += v * v;
            }
            return Math.sqrt(s);
        }
    }

    private final ProbeFit fit;
    private final int width;
    private final int factors;
    /** Row offset of each factor's block in K. */
    private final int[] blocks;
    /** K⁺, d × Σr. */
    private final DMatrixRMaj pseudoInverse;
    /** (U<sub>f</sub>ᵀW<sub>f</sub>)⁺ per factor, d × r<sub>f</sub>. */
    private final DMatrixRMaj[] alone;

    private ActivationSteering(ProbeFit fit, int[] blocks, DMatrixRMaj pseudoInverse, DMatrixRMaj[] alone) {
        this.fit = fit;
        this.width = fit.width();
        this.factors = fit.factors();
        this.blocks = blocks;
        this.pseudoInverse = pseudoInverse;
        this.alone = alone;
    }

    /**
     * The least-norm steering solver of a fit's factor probes.
     *
     * @param fit a fit with factor probes
     * @return the solver
     * @throws IllegalStateException if the fit has no factor probes
     */
    public static ActivationSteering of(ProbeFit fit) {
        int factors = fit.factors();
        if (factors == 0) {
            throw new IllegalStateException("steering needs factor probes: fit with targets FACTORS or BOTH");
        }
        int d = fit.width();
        DMatrixRMaj[] restricted = new DMatrixRMaj[factors];
        int[] blocks = new int[factors + 1];
        for (int f = 0; f < factors; f++) {
            LinearProbe probe = fit.factor(f);
            DMatrixRMaj u = fit.beliefDirections(fit.factorIndex(f));
            restricted[f] = new DMatrixRMaj(u.numCols, d);
            CommonOps_DDRM.multTransA(u, DMatrixRMaj.wrap(probe.dimension(), d, probe.weightsRowMajor()), restricted[f]);
            blocks[f + 1] = blocks[f] + u.numCols;
        }
        DMatrixRMaj k = new DMatrixRMaj(blocks[factors], d);
        DMatrixRMaj[] alone = new DMatrixRMaj[factors];
        for (int f = 0; f < factors; f++) {
            CommonOps_DDRM.insert(restricted[f], k, blocks[f], 0);
            alone[f] = pseudoInverse(restricted[f]);
        }
        return new ActivationSteering(fit, blocks, pseudoInverse(k), alone);
    }

    /** A⁺ = V S⁺ Uᵀ, singular values at or below {@link #CUTOFF} times the largest dropped. */
    static DMatrixRMaj pseudoInverse(DMatrixRMaj a) {
        DMatrixRMaj out = new DMatrixRMaj(a.numCols, a.numRows);
        if (a.numRows == 0 || a.numCols == 0) {
            return out;
        }
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(a.numRows, a.numCols, true, true, true);
        if (!svd.decompose(a.copy())) {
            throw new IllegalStateException("SVD did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] s = svd.getSingularValues();
        int n = svd.numberOfSingularValues();
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, s[i]);
        }
        for (int i = 0; i < n; i++) {
            if (max == 0 || s[i] <= CUTOFF * max) {
                continue;
            }
            for (int r = 0; r < a.numCols; r++) {
                double vr = v.get(r, i) / s[i];
                for (int c = 0; c < a.numRows; c++) {
                    out.add(r, c, vr * u.get(c, i));
                }
            }
        }
        return out;
    }

    /**
     * F, the number of factors.
     *
     * @return F
     */
    public int factors() {
        return factors;
    }

    /**
     * The least-norm Δx that moves factor f's prediction at x to {@code target} and leaves every other factor's
     * prediction unchanged.
     *
     * @param x      (Input) an activation, d values
     * @param factor f
     * @param target η′<sub>f</sub>, a belief of factor f
     * @return Δx and its predicted effect
     * @throws IllegalArgumentException (one line) on a wrong length, a non-finite value, or a target that is not a belief
     *                                  of the factor: off the affine hull of its training beliefs (for a simplex: entries
     *                                  not summing to 1), or negative where every training belief is nonnegative
     */
    public Shift toward(double[] x, int factor, double[] target) {
        int t = fit.factorIndex(factor);
        requireVector("x", x, width);
        requireBelief("target belief", factor, t, target);
        double[] now = fit.factor(factor).predict(x);
        double[] change = new double[now.length];
        for (int i = 0; i < now.length; i++) {
            change[i] = target[i] - now[i];
        }
        return solve(factor, project(t, change), change, pseudoInverse, blocks[factor]);
    }

    /**
     * The least-norm Δx that moves factor f's prediction at the mean training activation μ<sub>x</sub> to
     * {@code target} and leaves every other factor's prediction unchanged. The probe is affine, so its prediction at
     * μ<sub>x</sub> is the mean training belief η̄<sub>f</sub> and Δx moves every prediction by the same
     * δ = η′<sub>f</sub> − η̄<sub>f</sub>: the steering vector to add at every position.
     *
     * @param factor f
     * @param target η′<sub>f</sub>, a belief of factor f
     * @return Δx and its predicted effect
     * @throws IllegalArgumentException (one line) as {@link #toward(double[], int, double[])}
     */
    public Shift toward(int factor, double[] target) {
        int t = fit.factorIndex(factor);
        return between(factor, fit.beliefMean(t), target);
    }

    /**
     * The least-norm Δx that moves factor f's prediction from {@code from} to {@code to} (by δ = to − from) and leaves
     * every other factor's prediction unchanged.
     *
     * @param factor f
     * @param from   η<sub>f</sub>, a belief of factor f
     * @param to     η′<sub>f</sub>, a belief of factor f
     * @return Δx and its predicted effect
     * @throws IllegalArgumentException (one line) as {@link #toward(double[], int, double[])}, for either belief
     */
    public Shift between(int factor, double[] from, double[] to) {
        int t = fit.factorIndex(factor);
        requireBelief("starting belief", factor, t, from);
        requireBelief("target belief", factor, t, to);
        double[] change = new double[to.length];
        for (int i = 0; i < change.length; i++) {
            change[i] = to[i] - from[i];
        }
        return solve(factor, project(t, change), change, pseudoInverse, blocks[factor]);
    }

    /**
     * The least-norm Δx that changes factor f's prediction by δ and leaves every other factor's prediction unchanged.
     *
     * @param factor f
     * @param change δ, in the directions factor f's beliefs move in (for a simplex: entries summing to 0)
     * @return Δx and its predicted effect
     * @throws IllegalArgumentException (one line) on a wrong length, a non-finite value, or δ off the belief directions
     */
    public Shift shift(int factor, double[] change) {
        int t = fit.factorIndex(factor);
        requireChange(factor, t, change);
        return solve(factor, project(t, change), change, pseudoInverse, blocks[factor]);
    }

    /**
     * For comparison, the least-norm Δx that changes factor f's prediction by δ with no constraint on the other
     * factors, (U<sub>f</sub>ᵀW<sub>f</sub>)⁺U<sub>f</sub>ᵀδ: it lies in R<sub>f</sub>, and its cross-talk on factor g is
     * W<sub>g</sub>Δx, zero when R<sub>f</sub> ⊥ R<sub>g</sub>.
     *
     * @param factor f
     * @param change δ, in the directions factor f's beliefs move in
     * @return Δx and its predicted effect
     */
    public Shift unconstrained(int factor, double[] change) {
        int t = fit.factorIndex(factor);
        requireChange(factor, t, change);
        return solve(factor, project(t, change), change, alone[factor], 0);
    }

    /** Δx = P[:, block … block + r) · (U<sub>f</sub>ᵀδ), then the predicted changes. */
    private Shift solve(int factor, double[] coordinates, double[] requested, DMatrixRMaj pinv, int block) {
        double[] delta = new double[width];
        for (int i = 0; i < width; i++) {
            double s = 0;
            for (int j = 0; j < coordinates.length; j++) {
                s += pinv.get(i, block + j) * coordinates[j];
            }
            delta[i] = s;
        }
        double[][] changes = new double[factors][];
        double[] crossTalk = new double[factors];
        for (int g = 0; g < factors; g++) {
            changes[g] = fit.factor(g).change(delta);
            double s = 0;
            for (int i = 0; i < changes[g].length; i++) {
                double e = changes[g][i] - (g == factor ? requested[i] : 0);
                s += e * e;
            }
            crossTalk[g] = Math.sqrt(s);
        }
        double[] joint = fit.options().targets() == ProbeOptions.Targets.FACTORS ? null : fit.joint().change(delta);
        return new Shift(factor, delta, changes, joint, crossTalk);
    }

    /** U<sub>t</sub>ᵀv. */
    private double[] project(int t, double[] v) {
        DMatrixRMaj u = fit.beliefDirections(t);
        double[] out = new double[u.numCols];
        for (int j = 0; j < u.numCols; j++) {
            for (int i = 0; i < u.numRows; i++) {
                out[j] += u.get(i, j) * v[i];
            }
        }
        return out;
    }

    /** ‖(I − U<sub>t</sub>U<sub>t</sub>ᵀ)v‖. */
    private double offDirections(int t, double[] v) {
        DMatrixRMaj u = fit.beliefDirections(t);
        double[] c = project(t, v);
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            double r = v[i];
            for (int j = 0; j < c.length; j++) {
                r -= u.get(i, j) * c[j];
            }
            s += r * r;
        }
        return Math.sqrt(s);
    }

    private void requireBelief(String what, int factor, int t, double[] target) {
        requireVector(what + " of factor " + factor, target, fit.factor(factor).dimension());
        double[] mean = fit.beliefMean(t);
        double[] off = new double[target.length];
        for (int i = 0; i < off.length; i++) {
            off[i] = target[i] - mean[i];
        }
        double distance = offDirections(t, off);
        if (distance > TARGET_TOLERANCE) {
            throw new IllegalArgumentException(what + " " + Arrays.toString(target) + " is not a belief of factor " + factor + ": it lies "
                    + String.format(Locale.ROOT, "%.3g", distance) + " off the affine hull of the factor's beliefs (entries summing to "
                    + String.format(Locale.ROOT, "%.6g", Arrays.stream(target).sum()) + "; a simplex needs 1)");
        }
        if (fit.nonNegative(t)) {
            for (int i = 0; i < target.length; i++) {
                if (target[i] < -TARGET_TOLERANCE) {
                    throw new IllegalArgumentException(what + " " + Arrays.toString(target) + " is not a belief of factor " + factor + ": entry " + i
                            + " = " + target[i] + " < 0, but every belief of the factor is nonnegative");
                }
            }
        }
    }

    private void requireChange(int factor, int t, double[] change) {
        requireVector("change of factor " + factor, change, fit.factor(factor).dimension());
        double norm = Math.sqrt(Arrays.stream(change).map(v -> v * v).sum());
        double distance = offDirections(t, change);
        if (distance > TARGET_TOLERANCE * (1 + norm)) {
            throw new IllegalArgumentException("change " + Arrays.toString(change) + " of factor " + factor + " leaves the factor's belief directions by "
                    + String.format(Locale.ROOT, "%.3g", distance) + " (for a simplex its entries must sum to 0)");
        }
    }

    private static void requireVector(String what, double[] v, int length) {
        if (v == null || v.length != length) {
            throw new IllegalArgumentException(what + " has length " + (v == null ? "null" : v.length) + ", expected " + length);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + v[i] + " is not finite");
            }
        }
    }

    /**
     * Writes steering vectors as a float32 {@code .npy} array [count, d] through {@link Npy.Writer}.
     *
     * @param file    the file
     * @param vectors Δx's, each of the same length d
     * @throws IllegalArgumentException if the list is empty or the lengths differ
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, List<double[]> vectors) throws IOException {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no steering vectors to write to " + file);
        }
        int d = vectors.get(0).length;
        for (int i = 0; i < vectors.size(); i++) {
            if (vectors.get(i).length != d) {
                throw new IllegalArgumentException("steering vector " + i + " has length " + vectors.get(i).length + ", expected " + d);
            }
        }
        try (Npy.Writer w = Npy.Writer.float32(file, vectors.size(), d)) {
            for (double[] v : vectors) {
                w.write(v, 0, d);
            }
        }
    }
}
