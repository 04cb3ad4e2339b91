package dev.ghmm.probe;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;

/**
 * Fitted linear probes from activations to beliefs and their scores, immutable: per target its probe, its scores on
 * the training and validation rows and of the shuffled-target baseline, the belief statistics the geometry and
 * steering need, the spectra behind the explained variance, and the projected regressions onto the read subspaces.
 * {@link ProbeFitter#fit} makes one; {@link ProbeFiles} writes and reads it; {@link Geometry#of} and
 * {@link ActivationSteering#of} go on from it.
 */
public final class ProbeFit {
    /**
     * Eigenvalues of Σ<sub>xx</sub> at or below this fraction of the largest count as zero: the design is then
     * rank-deficient, refused by the Cholesky path without a ridge. Float32 activations that are exactly collinear come
     * out near 10<sup>−14</sup>.
     */
    public static final double RANK_TOLERANCE = LeastSquares.RANK_TOLERANCE;
    /**
     * Eigenvalues of a belief's training covariance at or below this fraction of the largest count as zero: the
     * remaining eigenvectors are the directions the belief moves in (d<sub>f</sub> − 1 of them for beliefs that fill
     * their simplex; float32 beliefs leave about 10<sup>−14</sup> along the normalisation).
     */
    public static final double BELIEF_RANK_TOLERANCE = 1e-9;
    /** The largest Π d<sub>f</sub> whose outer product gives the joint baseline of a fit of factor probes only: {@value}. */
    public static final int MAX_OUTER_PRODUCT = OuterProduct.MAX_DIMENSION;

    /**
     * A belief the probes predict.
     *
     * @param name      "joint" or "factor f"
     * @param factor    f, or −1 for the joint belief
     * @param dimension its dimension, S or d<sub>f</sub>
     */
    public record Target(String name, int factor, int dimension) {
        /**
         * The target's name in file names: {@code joint} or {@code f<f>}, as in the dataset's {@code beliefs.f<f>.npy}.
         *
         * @return the tag
         */
        public String tag() {
            return factor < 0 ? "joint" : "f" + factor;
        }
    }

    /**
     * The scores of one target's probe.
     *
     * @param training           on the training rows (in-sample)
     * @param validation         on the validation rows (NaN without validation sequences)
     * @param shuffledTraining   the baseline probe, fitted with targets of permuted sequences, on its training rows
     * @param shuffledValidation the baseline probe on the validation rows, permuted among themselves
     */
    public record Evaluation(Scores training, Scores validation, Scores shuffledTraining, Scores shuffledValidation) {
    }

    /**
     * Where a fit's rows came from.
     *
     * @param activations the activations file
     * @param layer       the layer read (0 for a file [N, P, d])
     * @param dataset     the dataset directory
     */
    public record Source(Path activations, int layer, Path dataset) {
    }

    private final Source source;
    private final ProbeOptions options;
    private final int width;
    private final List<Target> targets;
    private final LinearProbe[] probes;
    private final Evaluation[] evaluations;
    private final double[] eigenvalues;
    /** Eigenvalues of the training covariance of the concatenated factor beliefs, and of the joint belief; null if not fitted. */
    private final double[] factoredEigenvalues;
    private final double[] jointEigenvalues;
    private final int firstBeliefRow;
    private final long trainingSequences;
    private final long validationSequences;
    private final double[][] beliefMeans;
    private final DMatrixRMaj[] beliefDirections;
    private final boolean[] nonNegative;
    /** Per factor, the projected regression onto its read subspace. */
    private final List<ProjectedRegression> readProjections;
    /** The training and validation moments of [x, y, y<sub>π</sub>], or null for a fit read from files. */
    private final Moments[] moments;
    /** Per target, its first column of y. */
    private final int[] offsets;

    ProbeFit(Source source, ProbeOptions options, int width, List<Target> targets, LinearProbe[] probes, Evaluation[] evaluations, double[] eigenvalues,
                     double[] factoredEigenvalues, double[] jointEigenvalues, int firstBeliefRow, long trainingSequences, long validationSequences,
                     double[][] beliefMeans, DMatrixRMaj[] beliefDirections, boolean[] nonNegative, List<ProjectedRegression> readProjections,
                     Moments[] moments, int[] offsets) {
        this.source = source;
        this.options = options;
        this.width = width;
        this.targets = targets;
        this.probes = probes;
        this.evaluations = evaluations;
        this.eigenvalues = eigenvalues;
        this.factoredEigenvalues = factoredEigenvalues;
        this.jointEigenvalues = jointEigenvalues;
        this.firstBeliefRow = firstBeliefRow;
        this.trainingSequences = trainingSequences;
        this.validationSequences = validationSequences;
        this.beliefMeans = beliefMeans;
        this.beliefDirections = beliefDirections;
        this.nonNegative = nonNegative;
        this.readProjections = readProjections;
        this.moments = moments;
        this.offsets = offsets;
    }

    /**
     * Where the rows came from.
     *
     * @return the activations file, layer and dataset directory
     */
    public Source source() {
        return source;
    }

    /**
     * The options of the fit.
     *
     * @return the options
     */
    public ProbeOptions options() {
        return options;
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
     * The belief row paired with activation position 0 (position p goes with row firstBeliefRow + p).
     *
     * @return the first belief row
     */
    public int firstBeliefRow() {
        return firstBeliefRow;
    }

    /**
     * The sequences fitted on, [0, trainingSequences).
     *
     * @return their number
     */
    public long trainingSequences() {
        return trainingSequences;
    }

    /**
     * The held-out sequences, the last ones.
     *
     * @return their number
     */
    public long validationSequences() {
        return validationSequences;
    }

    /**
     * The targets, joint first (if fitted), then factors 0 … F−1.
     *
     * @return the targets
     */
    public List<Target> targets() {
        return targets;
    }

    /**
     * The probe of a target.
     *
     * @param target one of {@link #targets()}
     * @return its probe
     */
    public LinearProbe probe(Target target) {
        return probes[index(target)];
    }

    /**
     * The scores of a target's probe.
     *
     * @param target one of {@link #targets()}
     * @return its evaluation
     */
    public Evaluation evaluation(Target target) {
        return evaluations[index(target)];
    }

    /**
     * The joint belief's probe.
     *
     * @return the probe
     * @throws IllegalStateException if the joint belief was not a target
     */
    public LinearProbe joint() {
        for (int t = 0; t < targets.size(); t++) {
            if (targets.get(t).factor() == -1) {
                return probes[t];
            }
        }
        throw new IllegalStateException("the joint belief was not a target (targets " + options.targets() + ")");
    }

    /**
     * F, the number of factors with probes (0 for joint targets only).
     *
     * @return F
     */
    public int factors() {
        return (int) targets.stream().filter(t -> t.factor() >= 0).count();
    }

    /**
     * Factor f's probe.
     *
     * @param factor f
     * @return the probe
     */
    public LinearProbe factor(int factor) {
        return probes[factorIndex(factor)];
    }

    /**
     * The eigenvalues of the training activation covariance Σ<sub>xx</sub> (weighted, without the ridge), largest first.
     *
     * @return the eigenvalues
     */
    public double[] covarianceEigenvalues() {
        return eigenvalues.clone();
    }

    /**
     * The explained variance of the activations: the CEV of the eigenvalues of Σ<sub>xx</sub>
     * ({@link #covarianceEigenvalues()}).
     *
     * @return CEV(k) and NC@p of the training activations
     */
    public ExplainedVariance activationVariance() {
        return ExplainedVariance.of(eigenvalues);
    }

    /**
     * The factored baseline: the explained variance of the factor beliefs concatenated, [η<sub>0</sub>, …,
     * η<sub>F−1</sub>], on the same rows and weights as the fit. Under the factored hypothesis the activations need as
     * many components as this (at most Σ(d<sub>f</sub> − 1) carry variance).
     *
     * @return the CEV of the factor beliefs, empty when no factor probe was fitted
     */
    public Optional<ExplainedVariance> factoredBeliefVariance() {
        return Optional.ofNullable(factoredEigenvalues).map(ExplainedVariance::of);
    }

    /**
     * The joint baseline: the explained variance of the joint belief on the same rows and weights (at most
     * Π d<sub>f</sub> − 1 components carry variance). With a joint probe, of the dataset's joint belief; with factor
     * probes only, of the outer product η<sub>0</sub> ⊗ … ⊗ η<sub>F−1</sub> of the factor beliefs (the joint belief of
     * a product of independent factors) when it has at most {@link #MAX_OUTER_PRODUCT} entries.
     *
     * @return the CEV of the joint belief, empty when the outer product was too large ({@link #jointBaselineOmission()})
     */
    public Optional<ExplainedVariance> jointBeliefVariance() {
        return Optional.ofNullable(jointEigenvalues).map(ExplainedVariance::of);
    }

    /**
     * Where {@link #jointBeliefVariance()} comes from.
     *
     * @return {@code "beliefs"} (the joint belief was a target), {@code "outerProduct"} (of the factor beliefs), or
     *         empty when there is no joint baseline
     */
    public Optional<String> jointBaselineSource() {
        if (jointEigenvalues == null) {
            return Optional.empty();
        }
        return Optional.of(targets.get(0).factor() < 0 ? "beliefs" : "outerProduct");
    }

    /**
     * Why there is no joint baseline.
     *
     * @return one line naming Π d<sub>f</sub> and the cap, or empty when there is a joint baseline
     */
    public Optional<String> jointBaselineOmission() {
        if (jointEigenvalues != null) {
            return Optional.empty();
        }
        int[] dims = targets.stream().mapToInt(Target::dimension).toArray();
        long product = OuterProduct.dimension(dims);
        if (product > MAX_OUTER_PRODUCT) {
            return Optional.of("the outer product of the factor beliefs has " + (product == Long.MAX_VALUE ? "more than 2^63" : product)
                    + " entries, more than the " + MAX_OUTER_PRODUCT + " the joint baseline accumulates; a joint probe (--targets both) gives the "
                    + "joint belief's own");
        }
        return Optional.of("not in the probe.json this fit was read from (written before ghmm computed the outer-product baseline)");
    }

    /** The eigenvalues behind {@link #factoredBeliefVariance()} and {@link #jointBeliefVariance()}, for the files; null if absent. */
    double[] beliefEigenvalues(boolean joint) {
        double[] e = joint ? jointEigenvalues : factoredEigenvalues;
        return e == null ? null : e.clone();
    }

    /**
     * The effective dimension of the activations: the participation ratio (Σλ)²/Σλ² of the eigenvalues λ of
     * Σ<sub>xx</sub> (round-off negatives taken as 0); between 1 and the rank, d for isotropic activations.
     *
     * @return the participation ratio
     */
    public double effectiveDimension() {
        double sum = 0;
        double squares = 0;
        for (double e : eigenvalues) {
            double v = Math.max(0, e);
            sum += v;
            squares += v * v;
        }
        return squares > 0 ? sum * sum / squares : 0;
    }

    /**
     * The projected regression of factor f onto its read subspace R<sub>f</sub> ({@link ProjectedRegression}):
     * R²(k) from the first k directions of {@link Geometry#basis(int)}, k = 1 … r<sub>f</sub>.
     *
     * @param factor f
     * @return the training and validation curves, r<sub>f</sub> values each
     * @throws IllegalArgumentException if f is out of range
     * @throws IllegalStateException if this fit was read from a probe.json written before projected regression
     */
    public ProjectedRegression projectedRegression(int factor) {
        factorIndex(factor);
        if (!hasProjections()) {
            throw new IllegalStateException("this fit was read from a probe.json written without projected regression");
        }
        return readProjections.get(factor);
    }

    /** Whether {@link #projectedRegression(int)} is known (fits read from older files lack it). */
    boolean hasProjections() {
        return !readProjections.isEmpty();
    }

    /**
     * The projected regression of factor f onto the leading directions of a given subspace (its vary-one principal
     * directions, say), from the moments of this fit ({@link ProjectedRegression}).
     *
     * @param factor f
     * @param directions orthonormal directions of length d as rows, most important first
     * @param maxK K: k = 1 … min(K, number of directions)
     * @return the training and validation curves
     * @throws IllegalArgumentException if f is out of range, K &lt; 1, a direction's length is not d or one is not finite
     * @throws IllegalStateException if this fit was read from files, which keep no moments
     */
    public ProjectedRegression projectedRegression(int factor, double[][] directions, int maxK) {
        int t = factorIndex(factor);
        if (maxK < 1) {
            throw new IllegalArgumentException("K = " + maxK + " must be >= 1");
        }
        if (moments == null) {
            throw new IllegalStateException("a fit read from files keeps no moments: projected regression needs the fit itself");
        }
        int k = Math.min(maxK, directions.length);
        DMatrixRMaj basis = new DMatrixRMaj(width, k);
        for (int j = 0; j < k; j++) {
            if (directions[j].length != width) {
                throw new IllegalArgumentException("direction " + j + " has length " + directions[j].length + ", expected d = " + width);
            }
            for (int i = 0; i < width; i++) {
                if (!Double.isFinite(directions[j][i])) {
                    throw new IllegalArgumentException("direction " + j + " component " + i + " = " + directions[j][i] + " is not finite");
                }
                basis.set(i, j, directions[j][i]);
            }
        }
        return ProjectedRegression.of(moments[0], moments[1], width, offsets[t], targets.get(t).dimension(), basis, options.ridge());
    }

    /**
     * A table, one line per target: pooled R² and RMSE on training and validation rows and of the shuffled baseline.
     *
     * @return the table
     */
    public String summary() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%-10s %4s %10s %10s %10s %12s %12s%n", "target", "dim", "train R2",
                "val R2", "val RMSE", "shuffled R2", "(val rows)"));
        for (int t = 0; t < targets.size(); t++) {
            Evaluation e = evaluations[t];
            s.append(String.format(Locale.ROOT, "%-10s %4d %10.5f %10.5f %10.5f %12.5f %12d%n", targets.get(t).name(), targets.get(t).dimension(),
                    e.training().pooledR2(), e.validation().pooledR2(), e.validation().pooledRmse(), e.shuffledValidation().pooledR2(),
                    e.validation().rows()));
        }
        s.append(String.format(Locale.ROOT, "effective dimension %.4f of d = %d%n", effectiveDimension(), width));
        return s.toString();
    }

    private int index(Target target) {
        int t = targets.indexOf(target);
        if (t < 0) {
            throw new IllegalArgumentException("target " + target + " is not one of " + targets);
        }
        return t;
    }

    int factorIndex(int factor) {
        for (int t = 0; t < targets.size(); t++) {
            if (targets.get(t).factor() == factor) {
                return t;
            }
        }
        throw new IllegalArgumentException("factor " + factor + " is out of range [0, " + factors() + ")"
                + (factors() == 0 ? ": factor beliefs were not a target" : ""));
    }

    /** U<sub>t</sub>: orthonormal columns spanning the directions target t's beliefs move in. */
    DMatrixRMaj beliefDirections(int t) {
        return beliefDirections[t];
    }

    /**
     * The weighted mean of a target's training beliefs: the prediction at the mean training activation.
     *
     * @param target one of {@link #targets()}
     * @return the mean belief
     */
    public double[] meanBelief(Target target) {
        return beliefMean(index(target));
    }

    /** The training mean of target t's beliefs. */
    double[] beliefMean(int t) {
        return beliefMeans[t].clone();
    }

    /** Whether every training belief of target t is nonnegative (an HMM's simplex). */
    boolean nonNegative(int t) {
        return nonNegative[t];
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("ProbeFit(d = " + width + ", " + trainingSequences + " training and " + validationSequences
                + " validation sequences, validation R²:");
        for (int t = 0; t < targets.size(); t++) {
            b.append(t == 0 ? " " : ", ").append(targets.get(t).name()).append(' ')
                    .append(String.format(java.util.Locale.ROOT, "%.4g", evaluations[t].validation().pooledR2()));
        }
        return b.append(")").toString();
    }
}
