package dev.ghmm.probe;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Linear probes from activations to beliefs, fitted by weighted least squares with intercept (step 1 of the AFP notes,
 * section 1), with their scores on held-out sequences and against a shuffled-target baseline. The entry point is
 * {@link #fit(Activations, BeliefDataset, ProbeOptions)}; {@link #geometry()} and {@link #steering()} go on from here.
 *
 * <p>The rows are streamed once: the training sequences (the first) and the validation sequences (the last
 * {@link ProbeOptions#validation()} fraction, rounded, at least one when the fraction is positive) each accumulate
 * their weighted moments of [x, y, y<sub>shuffled</sub>] ({@code package-info} has the equations), so memory is
 * O((d + 2k)²) whatever the number of rows. All targets share one design, so the joint probe and each factor's
 * probe are fitted side by side from the same Σ<sub>xx</sub>.
 */
public final class ProbeFit {
    /**
     * Eigenvalues of Σ<sub>xx</sub> at or below this fraction of the largest count as zero: the design is then
     * rank-deficient, refused by the Cholesky path without a ridge. Float32 activations that are exactly collinear come
     * out near 10<sup>−14</sup>.
     */
    public static final double RANK_TOLERANCE = 1e-10;
    /**
     * Eigenvalues of a belief's training covariance at or below this fraction of the largest count as zero: the
     * remaining eigenvectors are the directions the belief moves in (d<sub>f</sub> − 1 of them for beliefs that fill
     * their simplex; float32 beliefs leave about 10<sup>−14</sup> along the normalisation).
     */
    public static final double BELIEF_RANK_TOLERANCE = 1e-9;

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
     * A design whose activation covariance is singular, refused without a ridge or an SVD cut-off.
     */
    public static final class RankDeficientException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The numerical rank of Σ<sub>xx</sub>. */
        private final int rank;
        /** A ridge that makes the design solvable. */
        private final double suggestedRidge;

        RankDeficientException(String message, int rank, double suggestedRidge) {
            super(message);
            this.rank = rank;
            this.suggestedRidge = suggestedRidge;
        }

        /**
         * The numerical rank of the activation covariance, less than d.
         *
         * @return the rank
         */
        public int rank() {
            return rank;
        }

        /**
         * A ridge λ that makes the design solvable: 10<sup>−6</sup> of the mean activation variance.
         *
         * @return λ
         */
        public double suggestedRidge() {
            return suggestedRidge;
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

    /**
     * A target's beliefs and their predictions on the same rows.
     *
     * @param truth     the beliefs, one row of the target's dimension per activation row
     * @param predicted the probe's predictions c + Wx on those rows
     */
    public record Predictions(double[][] truth, double[][] predicted) {
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
    private final boolean[] nonnegative;
    /** Per factor, the projected regression onto its read subspace. */
    private final List<ProjectedRegression> readProjections;
    /** The training and validation moments of [x, y, y<sub>π</sub>], or null for a fit read from files. */
    private final Moments[] moments;
    /** Per target, its first column of y. */
    private final int[] offsets;

    ProbeFit(Source source, ProbeOptions options, int width, List<Target> targets, LinearProbe[] probes, Evaluation[] evaluations, double[] eigenvalues,
                     double[] factoredEigenvalues, double[] jointEigenvalues, int firstBeliefRow, long trainingSequences, long validationSequences,
                     double[][] beliefMeans, DMatrixRMaj[] beliefDirections, boolean[] nonnegative, List<ProjectedRegression> readProjections,
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
        this.nonnegative = nonnegative;
        this.readProjections = readProjections;
        this.moments = moments;
        this.offsets = offsets;
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
        return fit(activations, dataset, options, done -> { });
    }

    /**
     * Fits the probes as {@link #fit(Activations, BeliefDataset, ProbeOptions)} does, telling how far it got.
     *
     * @param activations the inputs
     * @param dataset     the targets
     * @param options     how to fit
     * @param progress    called on the fitting thread after each block with the number of the activations' sequences
     *                    read so far (the training sequences, then the validation ones), up to N
     * @return the fitted probes and their scores
     * @throws IllegalArgumentException as the other {@code fit}
     * @throws IOException if a file cannot be read
     */
    public static ProbeFit fit(Activations activations, BeliefDataset dataset, ProbeOptions options, LongConsumer progress) throws IOException {
        RowStream stream = new RowStream(activations, dataset, options, progress);
        long n = activations.sequences();
        long held = options.validation() == 0 ? 0 : Math.max(1, Math.round(options.validation() * n));
        long trained = n - held;
        if (trained < 1) {
            throw new IllegalArgumentException("validation fraction " + options.validation() + " of " + n + " sequences leaves none for training");
        }
        Moments train = stream.accumulate(0, trained, 1);
        Moments validation = stream.accumulate(trained, n, 2);
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
        double[] eigenvalues = symmetricEigenvalues(sxx);
        for (int i = 0; i < d; i++) {
            sxx.add(i, i, options.ridge());
        }
        DMatrixRMaj b = new DMatrixRMaj(d, m);
        if (options.svdCutoff() > 0) {
            solveSvd(sxx, sxy, options.svdCutoff(), b);
        } else {
            solveCholesky(sxx, sxy, eigenvalues, options.ridge(), b);
        }
        double[] c = new double[m];
        for (int j = 0; j < m; j++) {
            double s = train.mean(d + j);
            for (int i = 0; i < d; i++) {
                s -= b.get(i, j) * train.mean(i);
            }
            c[j] = s;
        }
        double[][] trainScores = sse(train, b, c, d, 0);
        double[][] validationScores = sse(validation, b, c, d, 0);
        List<Target> targets = stream.targets();
        int[] offsets = stream.offsets();
        LinearProbe[] probes = new LinearProbe[targets.size()];
        Evaluation[] evaluations = new Evaluation[targets.size()];
        double[][] beliefMeans = new double[targets.size()][];
        DMatrixRMaj[] directions = new DMatrixRMaj[targets.size()];
        boolean[] nonnegative = new boolean[targets.size()];
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
            evaluations[t] = new Evaluation(scores(trainScores, train, o, dt), scores(validationScores, validation, o, dt),
                    scores(trainScores, train, k + o, dt), scores(validationScores, validation, k + o, dt));
            beliefMeans[t] = new double[dt];
            boolean positive = true;
            for (int r = 0; r < dt; r++) {
                beliefMeans[t][r] = train.mean(d + o + r);
                positive &= train.min(d + o + r) >= 0;
            }
            nonnegative[t] = positive;
            DMatrixRMaj cov = CommonOps_DDRM.extract(train.comoment(), d + o, d + o + dt, d + o, d + o + dt);
            CommonOps_DDRM.divide(cov, total);
            directions[t] = principalDirections(cov, BELIEF_RANK_TOLERANCE);
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
        double[] jointSpectrum = joint ? beliefEigenvalues(train, d, 0, factorsFrom) : null;
        double[] factoredSpectrum = factorsFrom < k ? beliefEigenvalues(train, d, factorsFrom, k) : null;
        Source source = new Source(activations.path(), activations.layer(), dataset.directory());
        return new ProbeFit(source, options, d, targets, probes, evaluations, eigenvalues, factoredSpectrum, jointSpectrum, stream.firstRow(), trained,
                held, beliefMeans, directions, nonnegative, List.copyOf(projections), new Moments[] {train, validation}, offsets);
    }

    /** The eigenvalues of the weighted covariance of target columns [from, to) of y. */
    private static double[] beliefEigenvalues(Moments train, int d, int from, int to) {
        DMatrixRMaj cov = CommonOps_DDRM.extract(train.comoment(), d + from, d + to, d + from, d + to);
        CommonOps_DDRM.divide(cov, train.weight());
        return symmetricEigenvalues(cov);
    }

    /** The eigenvalues of a symmetric matrix, largest first. */
    static double[] symmetricEigenvalues(DMatrixRMaj a) {
        int n = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("the eigenvalue decomposition of the activation covariance did not converge");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(i).getReal();
        }
        Arrays.sort(values);
        for (int i = 0; i < n / 2; i++) {
            double t = values[i];
            values[i] = values[n - 1 - i];
            values[n - 1 - i] = t;
        }
        return values;
    }

    /**
     * Orthonormal eigenvectors (as columns, largest eigenvalue first) of a symmetric positive semi-definite matrix whose
     * eigenvalues exceed {@code tolerance} times the largest.
     */
    static DMatrixRMaj principalDirections(DMatrixRMaj a, double tolerance) {
        int n = a.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(a.copy())) {
            throw new IllegalStateException("the eigenvalue decomposition of a belief covariance did not converge");
        }
        Integer[] order = new Integer[n];
        double max = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            max = Math.max(max, eig.getEigenvalue(i).getReal());
        }
        Arrays.sort(order, (p, q) -> Double.compare(eig.getEigenvalue(q).getReal(), eig.getEigenvalue(p).getReal()));
        List<DMatrixRMaj> kept = new ArrayList<>();
        for (int i : order) {
            if (max > 0 && eig.getEigenvalue(i).getReal() > tolerance * max) {
                kept.add(eig.getEigenVector(i));
            }
        }
        DMatrixRMaj u = new DMatrixRMaj(n, kept.size());
        for (int j = 0; j < kept.size(); j++) {
            DMatrixRMaj v = kept.get(j);
            double norm = NormOps_DDRM.normF(v);
            for (int i = 0; i < n; i++) {
                u.set(i, j, v.get(i) / norm);
            }
        }
        return u;
    }

    private static void solveCholesky(DMatrixRMaj a, DMatrixRMaj sxy, double[] eigenvalues, double ridge, DMatrixRMaj b) {
        int d = a.numRows;
        double max = eigenvalues.length == 0 ? 0 : eigenvalues[0];
        int rank = 0;
        for (double e : eigenvalues) {
            if (e > RANK_TOLERANCE * max) {
                rank++;
            }
        }
        LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(d);
        if ((ridge == 0 && rank < d) || !cholesky.setA(a)) {
            double trace = 0;
            for (double e : eigenvalues) {
                trace += Math.max(0, e);
            }
            double suggestion = trace > 0 ? 1e-6 * trace / d : 1e-6;
            throw new RankDeficientException("the design is rank-deficient: the activation covariance has numerical rank " + rank + " < d = " + d
                    + (ridge > 0 ? " even with ridge " + ridge : "") + "; give a ridge, e.g. λ = " + String.format(Locale.ROOT, "%.3g", suggestion)
                    + " (1e-6 of the mean variance), or an SVD cut-off", rank, suggestion);
        }
        cholesky.solve(sxy, b);
    }

    static void solveSvd(DMatrixRMaj a, DMatrixRMaj sxy, double cutoff, DMatrixRMaj b) {
        int d = a.numRows;
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(d, d, true, true, false);
        if (!svd.decompose(a.copy())) {
            throw new IllegalStateException("the SVD of the activation covariance did not converge");
        }
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj v = svd.getV(null, false);
        double[] s = svd.getSingularValues();
        double max = 0;
        for (double x : s) {
            max = Math.max(max, x);
        }
        DMatrixRMaj uty = new DMatrixRMaj(d, sxy.numCols);
        CommonOps_DDRM.multTransA(u, sxy, uty);
        for (int i = 0; i < d; i++) {
            double inverse = s[i] > cutoff * max ? 1 / s[i] : 0;
            for (int j = 0; j < sxy.numCols; j++) {
                uty.set(i, j, uty.get(i, j) * inverse);
            }
        }
        CommonOps_DDRM.mult(v, uty, b);
    }

    /**
     * Per column j of B: {SSE<sub>j</sub>, SST<sub>j</sub>} of the prediction c + Bᵀx of column {@code from} + j of y on
     * the rows of {@code set}, from its moments: SSE = C<sub>yy</sub> − 2bᵀC<sub>xy</sub> + bᵀC<sub>xx</sub>b + W(μ<sub>y</sub> − c − bᵀμ<sub>x</sub>)².
     */
    static double[][] sse(Moments set, DMatrixRMaj b, double[] c, int d, int from) {
        int m = b.numCols;
        double[][] out = new double[2][m];
        if (set.weight() == 0) {
            Arrays.fill(out[0], Double.NaN);
            Arrays.fill(out[1], Double.NaN);
            return out;
        }
        DMatrixRMaj cxx = CommonOps_DDRM.extract(set.comoment(), 0, d, 0, d);
        DMatrixRMaj cxxB = new DMatrixRMaj(d, m);
        CommonOps_DDRM.mult(cxx, b, cxxB);
        for (int j = 0; j < m; j++) {
            double bCxy = 0;
            double bCxxB = 0;
            int y = d + from + j;
            double offset = set.mean(y) - c[j];
            for (int i = 0; i < d; i++) {
                double bij = b.get(i, j);
                bCxy += bij * set.comoment(i, y);
                bCxxB += bij * cxxB.get(i, j);
                offset -= bij * set.mean(i);
            }
            double sst = set.comoment(y, y);
            out[0][j] = Math.max(0, sst - 2 * bCxy + bCxxB + set.weight() * offset * offset);
            out[1][j] = sst;
        }
        return out;
    }

    private static Scores scores(double[][] sse, Moments set, int from, int count) {
        double[] r2 = new double[count];
        double[] rmse = new double[count];
        double sseSum = 0;
        double sstSum = 0;
        for (int j = 0; j < count; j++) {
            double e = sse[0][from + j];
            double t = sse[1][from + j];
            r2[j] = t > 0 ? 1 - e / t : Double.NaN;
            rmse[j] = Math.sqrt(e / set.weight());
            sseSum += e;
            sstSum += t;
        }
        double pooled = sstSum > 0 ? 1 - sseSum / sstSum : Double.NaN;
        return new Scores(r2, rmse, pooled, Math.sqrt(sseSum / (count * set.weight())), set.rows(), set.weight());
    }

    /**
     * Writes the fit into an existing directory in the format {@code ghmm-probe/1} (docs/guide.md, "The probe
     * directory"): {@code probe.json} with the options, the scores, the geometry and each target's mean belief;
     * per target t ({@code joint} or {@code f<f>}) float64 {@code weights.t.npy} [k, d], {@code intercept.t.npy} [k]
     * and {@code directions.t.npy} [k, r] (U, the directions its beliefs move in). Files of those names are replaced.
     *
     * @param directory an existing directory
     * @throws IOException if a file cannot be written
     */
    public void write(Path directory) throws IOException {
        write(directory, DEFAULT_LEVELS);
    }

    /** The shares p of NC@p written into probe.json by default. */
    private static final double[] DEFAULT_LEVELS = {0.9, 0.95, 0.99};

    /**
     * Writes the fit as {@link #write(Path)} does, with NC@p in probe.json at the given shares.
     *
     * @param directory an existing directory
     * @param levels the shares p, each in (0, 1]
     * @throws IllegalArgumentException if a share is outside (0, 1]
     * @throws IOException if a file cannot be written
     */
    public void write(Path directory, double... levels) throws IOException {
        for (double p : levels) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("explained-variance level " + p + " is outside (0, 1]");
            }
        }
        ProbeFiles.write(this, directory, levels.clone());
    }

    /**
     * Reads a fit written by {@link #write}: the probes, scores, eigenvalues and steering data are those written, so
     * {@link #geometry()} and {@link #steering()} give what they gave.
     *
     * @param directory the probe directory
     * @return the fit
     * @throws IllegalArgumentException (one line, naming the file and the JSON path or shape) if probe.json is missing,
     *                                  malformed or of another format, or a file it names is missing or of another shape
     * @throws IOException if a file cannot be read
     */
    public static ProbeFit read(Path directory) throws IOException {
        return ProbeFiles.read(directory);
    }

    /**
     * A target's beliefs and predictions at every position of sequences [first, first + count), read as the fit read
     * them (same alignment), for pictures and checks.
     *
     * @param activations the activations the fit read (same width and positions)
     * @param dataset     its dataset
     * @param target      one of {@link #targets()}
     * @param first       the first sequence
     * @param count       the number of sequences; count·P rows are returned
     * @return the beliefs and their predictions
     * @throws IllegalArgumentException if the files do not match the fit or the range is outside the dataset
     * @throws IOException if a file cannot be read
     */
    public Predictions predictions(Activations activations, BeliefDataset dataset, Target target, long first, int count) throws IOException {
        LinearProbe probe = probe(target);
        int positions = activations.positions();
        if (activations.width() != width || firstBeliefRow + positions > dataset.length() + 1) {
            throw new IllegalArgumentException(activations.path() + " (d = " + activations.width() + ", P = " + positions + ") does not match this fit (d = "
                    + width + ", first belief row " + firstBeliefRow + ") on a dataset of L = " + dataset.length());
        }
        long shift = Math.max(0, options.firstSequence()); // the dataset index of activation sequence 0
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
     * Π d<sub>f</sub> − 1 components carry variance).
     *
     * @return the CEV of the joint belief, empty when no joint probe was fitted
     */
    public Optional<ExplainedVariance> jointBeliefVariance() {
        return Optional.ofNullable(jointEigenvalues).map(ExplainedVariance::of);
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
     * The geometry of the factors' probes (needs factor targets).
     *
     * @return the subspaces, their principal angles, the dimension of their union
     */
    public Geometry geometry() {
        return Geometry.of(this);
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
     * Steering by the factors' probes (needs factor targets).
     *
     * @return the least-norm steering solver
     */
    public ActivationSteering steering() {
        return ActivationSteering.of(this);
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
    boolean nonnegative(int t) {
        return nonnegative[t];
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
