package dev.ghmm.probe;

import dev.ghmm.internal.Eigenvalues;
import dev.ghmm.io.dataset.DatasetLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A factor's vary-one subspace: where the activations move when only that factor varies. On a dataset sampled with every
 * factor but f frozen ({@code ghmm sample --freeze … --groups K}), sequence i belongs to group g = i mod K and the
 * sequences of a group share the frozen factors' paths, so at each position p the activations of a group differ only
 * through η<sub>f</sub> (and noise). Centred per group and position, x̃<sub>i,p</sub> = x<sub>i,p</sub> −
 * μ<sub>g(i),p</sub> with μ<sub>g,p</sub> the mean of group g at position p, the within-group covariance
 * <blockquote>Σ<sub>f</sub> = (1/n) Σ<sub>i,p</sub> x̃<sub>i,p</sub>x̃<sub>i,p</sub>ᵀ</blockquote>
 * (n rows: every sequence of the file at positions p ≥ the skipped ones) has principal directions v<sub>1</sub>,
 * v<sub>2</sub>, … (largest variance first): the vary-one subspace V<sub>f</sub>. Its dimension at a share p is
 * NC@p of Σ<sub>f</sub>'s eigenvalues ({@link ExplainedVariance}); a factored representation of a belief that fills
 * its simplex gives d<sub>f</sub> − 1 at every share below 1 without noise. The directions kept are those with
 * eigenvalues above {@link Geometry#RANK_TOLERANCE} of the largest. Two passes over the activations: the group means,
 * then the centred comoments. Immutable.
 */
public final class VaryOneSubspace {
    /** Values read per block of sequences, at least one sequence. */
    private static final int BLOCK_VALUES = 1 << 20;
    /**
     * A within-group variance (trace of Σ<sub>f</sub>) at most this multiple of the mean square activation is the
     * round-off of the group means (relative 1e−16 per value, squared), not variation: Σ<sub>f</sub> is taken as 0.
     */
    private static final double ZERO_VARIANCE = 1e-20;

    private final int factor;
    private final Path activations;
    private final int layer;
    private final Path dataset;
    private final int groups;
    private final long rows;
    private final double[] eigenvalues;
    private final DMatrixRMaj directions;

    private VaryOneSubspace(int factor, Path activations, int layer, Path dataset, int groups, long rows, double[] eigenvalues, DMatrixRMaj directions) {
        this.factor = factor;
        this.activations = activations;
        this.layer = layer;
        this.dataset = dataset;
        this.groups = groups;
        this.rows = rows;
        this.eigenvalues = eigenvalues;
        this.directions = directions;
    }

    /**
     * The vary-one subspace of factor f from activations recorded on a dataset where every other factor is frozen.
     *
     * @param factor f
     * @param acts the activations, [N, P, d] or one layer of [layers, N, P, d], on the dataset's sequences in order
     *             (or on sequences firstSequence, firstSequence + 1, …)
     * @param dataset the dataset directory: its meta.json states {@code freeze} (every factor but f) and {@code groups}
     * @param factors F, the number of factors of the process
     * @param skipPositions positions p below this are left out
     * @param firstSequence the dataset index of the activations' sequence 0, or −1 for 0 with N equal to the dataset's
     * @return the subspace
     * @throws IllegalArgumentException (one line) if meta.json states no frozen factors, freezes another set than
     *                                  every factor but f, f is out of range, the sequences do not match the dataset's,
     *                                  the dataset's sequences are padded (EOS, PAD), P fits neither L + 1, L nor (without
     *                                  BOS) L − 1 of the dataset (as the probe's automatic first belief row), every
     *                                  position is skipped, a group holds fewer than 2 of the sequences, or the
     *                                  activations do not vary within the groups (Σ<sub>f</sub> = 0)
     * @throws IOException if a file cannot be read
     */
    public static VaryOneSubspace of(int factor, Activations acts, Path dataset, int factors, int skipPositions, long firstSequence) throws IOException {
        if (factor < 0 || factor >= factors) {
            throw new IllegalArgumentException("factor " + factor + " is out of range [0, " + factors + ")");
        }
        DatasetLayout.Groups g = DatasetLayout.Groups.read(dataset).orElseThrow(() -> new IllegalArgumentException(dataset.resolve(DatasetLayout.META)
                + " states no frozen factors (\"freeze\", \"groups\"): a vary-one dataset of factor " + factor + " is sampled with --freeze and --groups"));
        List<Integer> others = new ArrayList<>();
        for (int f = 0; f < factors; f++) {
            if (f != factor) {
                others.add(f);
            }
        }
        if (!g.frozen().equals(others)) {
            throw new IllegalArgumentException(dataset.resolve(DatasetLayout.META) + ": freeze is " + g.frozen() + "; a vary-one dataset of factor "
                    + factor + " freezes every other factor, " + others);
        }
        DatasetLayout.Stated stated = DatasetLayout.Stated.read(dataset);
        BeliefDataset.requireUnpadded(stated);
        long count = stated.count();
        long shift = Math.max(0, firstSequence);
        if (firstSequence < 0 ? acts.sequences() != count : shift + acts.sequences() > count) {
            throw new IllegalArgumentException(acts.path() + " holds " + acts.sequences() + " sequences but " + dataset + " has " + count
                    + (firstSequence < 0 ? "" : " (from sequence " + shift + ")"));
        }
        if (RowStream.automaticFirstRow(acts.positions(), stated.length(), stated.bos()) == -1) {
            throw new IllegalArgumentException(acts.path() + " has P = " + acts.positions() + " positions; the vary-one dataset " + dataset + " has L = "
                    + stated.length() + (stated.bos() ? " and a BOS token, so P must be L + 1 = " + (stated.length() + 1) + " or L = " + stated.length()
                    : " and no BOS token, so P must be L = " + stated.length() + ", L - 1 = " + (stated.length() - 1) + " or L + 1 = "
                    + (stated.length() + 1)));
        }
        if (skipPositions >= acts.positions()) {
            throw new IllegalArgumentException("skipping " + skipPositions + " positions leaves none of the " + acts.positions() + " of " + acts.path());
        }
        // n consecutive dataset indices fall into each residue mod K ⌊n/K⌋ or ⌈n/K⌉ times
        if (acts.sequences() / g.groups() < 2) {
            throw new IllegalArgumentException(acts.path() + " holds " + acts.sequences() + " sequences in the " + g.groups() + " groups of " + dataset
                    + ": a group has fewer than 2, so nothing varies within it; sample at least 2 sequences per group (--count >= 2 x --groups)");
        }
        VaryOneSubspace v = within(factor, acts, dataset, g.groups(), skipPositions, shift);
        if (v.eigenvalues.length == 0 || !(v.eigenvalues[0] > 0)) {
            throw new IllegalArgumentException(acts.path() + (acts.layers() > 1 ? " (layer " + acts.layer() + ")" : "")
                    + " does not vary within the groups of " + dataset + ": the within-group covariance of factor " + factor + " is 0");
        }
        return v;
    }

    private static VaryOneSubspace within(int factor, Activations acts, Path dataset, int groups, int skip, long shift) throws IOException {
        int d = acts.width();
        int positions = acts.positions();
        int perSequence = positions * d;
        long n = acts.sequences();
        int block = (int) Math.max(1, Math.min(n, BLOCK_VALUES / perSequence));
        double[] x = new double[block * perSequence];
        double[][] means = new double[groups][perSequence];
        long[] members = new long[groups];
        double square = 0;
        for (long first = 0; first < n; first += block) {
            int c = (int) Math.min(block, n - first);
            acts.read(first, c, x);
            for (int s = 0; s < c; s++) {
                int g = (int) ((shift + first + s) % groups);
                members[g]++;
                double[] m = means[g];
                for (int j = skip * d; j < perSequence; j++) {
                    double v = x[s * perSequence + j];
                    m[j] += v;
                    square += v * v;
                }
            }
        }
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < perSequence && members[g] > 0; j++) {
                means[g][j] /= members[g];
            }
        }
        int used = positions - skip;
        DMatrixRMaj centred = new DMatrixRMaj(block * used, d);
        DMatrixRMaj scatter = new DMatrixRMaj(d, d);
        DMatrixRMaj part = new DMatrixRMaj(d, d);
        for (long first = 0; first < n; first += block) {
            int c = (int) Math.min(block, n - first);
            acts.read(first, c, x);
            centred.reshape(c * used, d);
            for (int s = 0; s < c; s++) {
                double[] m = means[(int) ((shift + first + s) % groups)];
                for (int p = skip; p < positions; p++) {
                    int row = (s * used + p - skip) * d;
                    for (int j = 0; j < d; j++) {
                        centred.data[row + j] = x[s * perSequence + p * d + j] - m[p * d + j];
                    }
                }
            }
            CommonOps_DDRM.multTransA(centred, centred, part);
            CommonOps_DDRM.addEquals(scatter, part);
        }
        long rows = n * used;
        CommonOps_DDRM.divide(scatter, rows);
        if (CommonOps_DDRM.trace(scatter) <= ZERO_VARIANCE * square / rows) {
            // copies within every group: what is left is the round-off of the group means
            scatter.zero();
        }
        return new VaryOneSubspace(factor, acts.path(), acts.layer(), dataset, groups, rows, Eigenvalues.symmetric(scatter, "the within-group scatter of the activations"),
                LeastSquares.principalDirections(scatter, Geometry.RANK_TOLERANCE));
    }

    /** {@return f, the factor that varies} */
    public int factor() {
        return factor;
    }

    /** {@return the activations file} */
    public Path activations() {
        return activations;
    }

    /** {@return the layer read} */
    public int layer() {
        return layer;
    }

    /** {@return the dataset directory} */
    public Path dataset() {
        return dataset;
    }

    /** {@return K, the number of groups} */
    public int groups() {
        return groups;
    }

    /** {@return n, the rows (sequence, position) of the covariance} */
    public long rows() {
        return rows;
    }

    /** {@return d, the activation width} */
    public int width() {
        return eigenvalues.length;
    }

    /** {@return the eigenvalues of the within-group covariance Σ<sub>f</sub>, d of them, largest first} */
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    /** {@return the explained variance of Σ<sub>f</sub>: NC@p is the subspace's dimension at share p} */
    public ExplainedVariance variance() {
        return ExplainedVariance.of(eigenvalues);
    }

    /**
     * The principal directions v<sub>1</sub>, v<sub>2</sub>, … of Σ<sub>f</sub> with eigenvalues above
     * {@link Geometry#RANK_TOLERANCE} of the largest, as rows of length d, largest variance first.
     *
     * @return the directions, a copy
     */
    public double[][] directions() {
        double[][] out = new double[directions.numCols][directions.numRows];
        for (int i = 0; i < directions.numRows; i++) {
            for (int j = 0; j < directions.numCols; j++) {
                out[j][i] = directions.get(i, j);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "VaryOneSubspace(factor " + factor + ", " + directions.numCols + " directions of d = " + width() + ", " + groups + " groups)";
    }
}
