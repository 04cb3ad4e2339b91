package dev.ghmm.probe;

import dev.ghmm.Vectors;
import dev.ghmm.internal.Eigenvalues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Fits linear probes from activations to beliefs by weighted least squares with intercept (step 1 of the AFP notes,
 * section 1), with their scores on held-out sequences and against a shuffled-target baseline, into a {@link ProbeFit}.
 *
 * <p>The rows are streamed once: the training sequences (the first) and the validation sequences (the last
 * {@link ProbeOptions#validation()} fraction, rounded, at least one when the fraction is positive) each accumulate
 * their weighted moments of [x, y, y<sub>shuffled</sub>] ({@code package-info} has the equations), so memory is
 * O((d + 2k)²) whatever the number of rows. All targets share one design, so the joint probe and each factor's
 * probe are fitted side by side from the same Σ<sub>xx</sub>. {@link #predictions} reads a fit's predictions back
 * on given sequences, for pictures and checks.
 */
public final class ProbeFitter {
    /**
     * A target's beliefs and their predictions on the same rows; immutable: the arrays are copied in and out.
     *
     * @param truth     the beliefs, one row of the target's dimension per activation row
     * @param predicted the probe's predictions c + Wx on those rows
     */
    public record Predictions(double[][] truth, double[][] predicted) {
        /**
         * Copies the rows.
         *
         * @param truth     the beliefs
         * @param predicted the predictions
         */
        public Predictions {
            truth = Vectors.copyRows(truth);
            predicted = Vectors.copyRows(predicted);
        }

        /** {@return the beliefs, a copy} */
        @Override
        public double[][] truth() {
            return Vectors.copyRows(truth);
        }

        /** {@return the predictions, a copy} */
        @Override
        public double[][] predicted() {
            return Vectors.copyRows(predicted);
        }

        /** Equal when both hold the same rows (doubles compared as {@link Double#equals}). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Predictions p && Arrays.deepEquals(truth, p.truth) && Arrays.deepEquals(predicted, p.predicted);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.deepHashCode(truth) + Arrays.deepHashCode(predicted);
        }

        @Override
        public String toString() {
            return "Predictions[" + truth.length + " rows of dimension " + (truth.length == 0 ? 0 : truth[0].length) + "]";
        }
    }

    private ProbeFitter() {
    }

    /**
     * Fits the probes.
     *
     * @param activations the inputs, N sequences of P positions
     * @param dataset     the targets, N sequences of L + 1 belief rows (or more: see {@link ProbeOptions#firstSequence()})
     * @param options     targets, weights, merging, validation, regularisation, baseline seed, alignment
     * @return the fitted probes and their scores
     * @throws IllegalArgumentException (one line) if N or P do not match the dataset, a needed file is missing, an
     *                                  activation or belief is not finite (naming its file and index), or the design is rank-deficient
     *                                  without a ridge or an SVD cut-off (a {@link RankDeficientException} suggesting a λ)
     * @throws IOException if a file cannot be read
     */
    public static ProbeFit fit(Activations activations, BeliefDataset dataset, ProbeOptions options) throws IOException {
        return fit(activations, dataset, options, 1, done -> { });
    }

    /**
     * Fits the probes as {@link #fit(Activations, BeliefDataset, ProbeOptions)} does, on several threads, telling how far
     * it got. Each thread takes the next block of sequences, reads its rows (one thread reads at a time) and computes
     * their moments; the blocks' moments are merged in the order of the blocks, so the fit is the same bits whatever the
     * number of threads. Merging identical prefixes reads on one thread.
     *
     * @param activations the inputs
     * @param dataset     the targets
     * @param options     how to fit
     * @param threads     T ≥ 1 threads that accumulate moments (the calling thread and T − 1 more, no more than the
     *                    blocks of a split nor the available processors)
     * @param progress    called after each block with the number of the activations' sequences read so far (the
     *                    training sequences, then the validation ones), up to N, in order, by one thread at a time
     * @return the fitted probes and their scores
     * @throws IllegalArgumentException as the other {@code fit}, if T &lt; 1, if d exceeds 8192 or the heap the fit needs
     *                                  (about 8(d + 2k)² bytes for each thread and each split, more in the solve) exceeds
     *                                  the JVM's maximum, naming those bytes
     * @throws IOException if a file cannot be read
     */
    public static ProbeFit fit(Activations activations, BeliefDataset dataset, ProbeOptions options, int threads, LongConsumer progress)
            throws IOException {
        return fit(activations, dataset, options, threads, RowStream.BLOCK_VALUES, progress);
    }

    /** {@link #fit(Activations, BeliefDataset, ProbeOptions, int, LongConsumer)} reading blocks of about {@code blockValues} activations. */
    static ProbeFit fit(Activations activations, BeliefDataset dataset, ProbeOptions options, int threads, long blockValues, LongConsumer progress)
            throws IOException {
        RowStream stream = new RowStream(activations, dataset, options, threads, blockValues, progress);
        long n = activations.sequences();
        long held = options.validation() == 0 ? 0 : Math.max(1, Math.round(options.validation() * n));
        long trained = n - held;
        if (trained < 1) {
            throw new IllegalArgumentException("validation fraction " + options.validation() + " of " + n + " sequences leaves none for training");
        }
        RowStream.Pass training = stream.accumulate(0, trained, 1, true);
        Moments train = training.moments();
        Moments validation = stream.accumulate(trained, n, 2, false).moments();
        if (train.weight() == 0) {
            throw new IllegalArgumentException("the training rows have total weight 0 (prefix probabilities underflow?): nothing to fit");
        }
        int d = activations.width();
        int k = stream.targetDimension();
        int m = 2 * k;
        double total = train.weight();
        DMatrixRMaj sxx = CommonOps_DDRM.extract(train.comoment(), 0, d, 0, d);
        CommonOps_DDRM.divide(sxx, total);
        DMatrixRMaj sxy = CommonOps_DDRM.extract(train.comoment(), 0, d, d, d + m);
        CommonOps_DDRM.divide(sxy, total);
        double[] eigenvalues = Eigenvalues.symmetric(sxx, "the activation covariance");
        for (int i = 0; i < d; i++) {
            sxx.add(i, i, options.ridge());
        }
        DMatrixRMaj b = new DMatrixRMaj(d, m);
        if (options.svdCutoff() > 0) {
            LeastSquares.solveSvd(sxx, sxy, options.svdCutoff(), b);
        } else {
            LeastSquares.solveCholesky(sxx, sxy, eigenvalues, options.ridge(), b);
        }
        double[] c = LeastSquares.intercept(train, b, d, 0);
        double[][] trainScores = LeastSquares.sse(train, b, c, d, 0);
        double[][] validationScores = LeastSquares.sse(validation, b, c, d, 0);
        List<ProbeFit.Target> targets = stream.targets();
        int[] offsets = stream.offsets();
        LinearProbe[] probes = new LinearProbe[targets.size()];
        ProbeFit.Evaluation[] evaluations = new ProbeFit.Evaluation[targets.size()];
        double[][] beliefMeans = new double[targets.size()][];
        DMatrixRMaj[] directions = new DMatrixRMaj[targets.size()];
        boolean[] nonNegative = new boolean[targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            int o = offsets[t];
            int dt = targets.get(t).dimension();
            double[] weights = new double[dt * d];
            for (int r = 0; r < dt; r++) {
                for (int i = 0; i < d; i++) {
                    weights[r * d + i] = b.get(i, o + r);
                }
            }
            probes[t] = new LinearProbe(Arrays.copyOfRange(c, o, o + dt), weights, d);
            evaluations[t] = new ProbeFit.Evaluation(scores(trainScores, train, o, dt), scores(validationScores, validation, o, dt),
                    scores(trainScores, train, k + o, dt), scores(validationScores, validation, k + o, dt));
            beliefMeans[t] = new double[dt];
            boolean positive = true;
            for (int r = 0; r < dt; r++) {
                beliefMeans[t][r] = train.mean(d + o + r);
                positive &= train.min(d + o + r) >= 0;
            }
            nonNegative[t] = positive;
            DMatrixRMaj cov = CommonOps_DDRM.extract(train.comoment(), d + o, d + o + dt, d + o, d + o + dt);
            CommonOps_DDRM.divide(cov, total);
            directions[t] = LeastSquares.principalDirections(cov, ProbeFit.BELIEF_RANK_TOLERANCE);
        }
        List<ProjectedRegression> projections = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            if (targets.get(t).factor() >= 0) {
                projections.add(ProjectedRegression.of(train, validation, d, offsets[t], targets.get(t).dimension(),
                        Geometry.readBasis(probes[t], directions[t]), options.ridge()));
            }
        }
        boolean joint = targets.get(0).factor() < 0;
        int factorsFrom = joint ? targets.get(0).dimension() : 0;
        double[] jointSpectrum = joint ? beliefEigenvalues(train, d, 0, factorsFrom)
                : training.outerProduct() == null ? null : beliefEigenvalues(training.outerProduct(), 0, 0, training.outerProduct().dimension());
        double[] factoredSpectrum = factorsFrom < k ? beliefEigenvalues(train, d, factorsFrom, k) : null;
        ProbeFit.Source source = new ProbeFit.Source(activations.path(), activations.layer(), dataset.directory());
        return new ProbeFit(source, options, d, targets, probes, evaluations, eigenvalues, factoredSpectrum, jointSpectrum, stream.firstRow(), trained,
                held, beliefMeans, directions, nonNegative, List.copyOf(projections), new Moments[] {train, validation}, offsets);
    }

    /** The eigenvalues of the weighted covariance of columns [d + from, d + to) of the moments' rows. */
    private static double[] beliefEigenvalues(Moments train, int d, int from, int to) {
        DMatrixRMaj cov = CommonOps_DDRM.extract(train.comoment(), d + from, d + to, d + from, d + to);
        CommonOps_DDRM.divide(cov, train.weight());
        return Eigenvalues.symmetric(cov, "the belief covariance");
    }

    private static Scores scores(double[][] sse, Moments set, int from, int count) {
        double[] r2 = new double[count];
        double[] rmse = new double[count];
        double sseSum = 0;
        for (int j = 0; j < count; j++) {
            double e = sse[0][from + j];
            double t = sse[1][from + j];
            r2[j] = t > 0 ? 1 - e / t : Double.NaN;
            rmse[j] = Math.sqrt(e / set.weight());
            sseSum += e;
        }
        return new Scores(r2, rmse, LeastSquares.pooledR2(sse, from, count), Math.sqrt(sseSum / (count * set.weight())), set.rows(), set.weight());
    }

    /**
     * A target's beliefs and predictions at every position of sequences [first, first + count), read as the fit read
     * them (same alignment), for pictures and checks.
     *
     * @param fit         the fit
     * @param activations the activations the fit read (same width and positions)
     * @param dataset     its dataset
     * @param target      one of {@link ProbeFit#targets()}
     * @param first       the first sequence
     * @param count       the number of sequences; count·P rows are returned
     * @return the beliefs and their predictions
     * @throws IllegalArgumentException if the files do not match the fit or the range is outside the dataset
     * @throws IOException if a file cannot be read
     */
    public static Predictions predictions(ProbeFit fit, Activations activations, BeliefDataset dataset, ProbeFit.Target target, long first, int count)
            throws IOException {
        LinearProbe probe = fit.probe(target);
        int width = fit.width();
        int firstBeliefRow = fit.firstBeliefRow();
        int positions = activations.positions();
        if (activations.width() != width || firstBeliefRow + positions > dataset.length() + 1) {
            throw new IllegalArgumentException(activations.path() + " (d = " + activations.width() + ", P = " + positions + ") does not match this fit (d = "
                    + width + ", first belief row " + firstBeliefRow + ") on a dataset of L = " + dataset.length());
        }
        long shift = Math.max(0, fit.options().firstSequence()); // the dataset index of activation sequence 0
        if (first < 0 || count < 0 || first + count > Math.min(activations.sequences(), dataset.sequences() - shift)) {
            throw new IllegalArgumentException("sequences [" + first + ", " + (first + count) + ") are outside the " + activations.sequences()
                    + " of " + activations.path() + " (sequences " + shift + " … of the dataset)");
        }
        int k = target.dimension();
        int rows = dataset.length() + 1;
        int n = Math.multiplyExact(count, positions);
        double[] x = new double[Math.multiplyExact(n, width)];
        double[] y = new double[Math.multiplyExact(count, rows * k)];
        activations.read(first, count, x);
        (target.factor() < 0 ? dataset.joint() : dataset.factor(target.factor())).readFinite((shift + first) * rows * k, y.length, y, 0,
                "beliefs");
        double[][] truth = new double[n][];
        double[][] predicted = new double[n][k];
        double[] row = new double[width];
        for (int q = 0; q < count; q++) {
            for (int p = 0; p < positions; p++) {
                int i = q * positions + p;
                int o = (q * rows + firstBeliefRow + p) * k;
                truth[i] = Arrays.copyOfRange(y, o, o + k);
                System.arraycopy(x, i * width, row, 0, width);
                probe.predict(row, predicted[i]);
            }
        }
        return new Predictions(truth, predicted);
    }
}
