package dev.ghmm.probe;

import dev.ghmm.io.Npy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The rows of a fit, streamed from the files a block of sequences at a time: row (i, p) is
 * z = [x<sub>i,p</sub>, y<sub>i,r</sub>, y<sub>π(i),r</sub>] with r = firstBeliefRow + p, where y stacks the chosen
 * targets (joint, then factors 0 … F−1) and π permutes the sequences of the split (the shuffled baseline), with
 * weight w<sub>i,r</sub> (1 or Pr(x<sub>1:r</sub>) of sequence i). Rows go into {@link Moments} directly or, when
 * prefixes merge, through a {@link PrefixTable}.
 */
final class RowStream {
    /** Activation values read per block (8 MiB of doubles), at least one sequence. */
    private static final long BLOCK_VALUES = 1L << 20;
    /** Bytes read at a time for the randomly placed rows of the shuffled baseline. */
    private static final long PARTNER_WINDOW_BYTES = 1L << 16;

    private final Activations activations;
    private final BeliefDataset dataset;
    private final ProbeOptions options;
    private final List<ProbeFit.Target> targets = new ArrayList<>();
    private final List<Npy.Reader> files = new ArrayList<>();
    private final int[] offsets;
    private final int k;
    private final int firstRow;
    /** The dataset index of the activations' sequence 0. */
    private final long firstSequence;
    /** Told the activations' sequences read so far after each block. */
    private final LongConsumer progress;
    private final int width;
    private final int positions;
    private final int beliefRows;

    RowStream(Activations activations, BeliefDataset dataset, ProbeOptions options, LongConsumer progress) {
        this.progress = progress;
        this.activations = activations;
        this.dataset = dataset;
        this.options = options;
        this.width = activations.width();
        this.positions = activations.positions();
        int length = dataset.length();
        this.beliefRows = length + 1;
        this.firstSequence = Math.max(0, options.firstSequence());
        if (options.firstSequence() < 0 && activations.sequences() != dataset.sequences()) {
            throw new IllegalArgumentException(activations.path() + " holds " + activations.sequences() + " sequences but the dataset "
                    + dataset.directory() + " holds " + dataset.sequences() + " (give the dataset index of its first sequence if it "
                    + "holds a range of them)");
        }
        if (options.firstSequence() >= 0 && firstSequence > dataset.sequences() - activations.sequences()) {
            throw new IllegalArgumentException(activations.path() + " holds " + activations.sequences() + " sequences from sequence " + firstSequence
                    + " on, past the " + dataset.sequences() + " of the dataset " + dataset.directory());
        }
        int first = options.firstBeliefRow();
        if (first == -1) {
            first = automaticFirstRow(positions, length, dataset.bos());
            if (first == -1) {
                throw new IllegalArgumentException(activations.path() + " has P = " + positions + " positions; the dataset has L = " + length
                        + (dataset.bos() ? " and a BOS token, so P must be L + 1 = " + (length + 1) + " (tokens.npy) or L = " + length
                        + " (its inputs tokens[:, :-1])" : " and no BOS token, so P must be L = " + length + " (tokens.npy), L - 1 = " + (length - 1)
                        + " (its inputs tokens[:, :-1]) or L + 1 = " + (length + 1) + " (a BOS position of the model's own)")
                        + ", or the first belief row must be given");
            }
        } else if (first + positions > length + 1) {
            throw new IllegalArgumentException("first belief row " + first + " + P = " + positions + " positions exceeds the L + 1 = " + (length + 1)
                    + " belief rows of the dataset");
        }
        if (options.skipPositions() >= positions) {
            throw new IllegalArgumentException("skipping " + options.skipPositions() + " positions leaves none of the P = " + positions + " of "
                    + activations.path());
        }
        this.firstRow = first;
        ProbeOptions.Targets t = options.targets();
        if (t != ProbeOptions.Targets.FACTORS) {
            if (!dataset.hasJointBeliefs()) {
                throw new IllegalArgumentException(dataset.directory() + " has no joint beliefs (beliefs.npy) for targets " + t);
            }
            targets.add(new ProbeFit.Target("joint", -1, dataset.states()));
            files.add(dataset.joint());
        }
        if (t != ProbeOptions.Targets.JOINT) {
            if (dataset.factors() == 0) {
                throw new IllegalArgumentException(dataset.directory() + " has no factor beliefs (beliefs.f<f>.npy) for targets " + t);
            }
            for (int f = 0; f < dataset.factors(); f++) {
                targets.add(new ProbeFit.Target("factor " + f, f, dataset.factorDimension(f)));
                files.add(dataset.factor(f));
            }
        }
        if (options.weighting() == ProbeOptions.Weighting.PREFIX_PROBABILITY && !dataset.hasLogprob()) {
            throw new IllegalArgumentException(dataset.directory() + " has no logprob.npy for prefix-probability weights");
        }
        if (options.mergePrefixes() && !dataset.hasTokens()) {
            throw new IllegalArgumentException(dataset.directory() + " has no tokens.npy to merge identical prefixes");
        }
        this.offsets = new int[targets.size()];
        int sum = 0;
        for (int j = 0; j < targets.size(); j++) {
            offsets[j] = sum;
            sum += targets.get(j).dimension();
        }
        this.k = sum;
    }

    /**
     * The belief row of position 0 when activations were recorded on the dataset's tokens, position p having read
     * columns 0 … p of {@code tokens.npy} whole (P = L + 1 with BOS, L without) or of its inputs tokens[:, :-1]: 0 with a
     * BOS token (the BOS position holds the initial belief), 1 without; and 0 for P = L + 1 without a BOS token in the
     * dataset (a BOS position the model prepends itself). −1 for any other P.
     */
    static int automaticFirstRow(int positions, int length, boolean bos) {
        if (positions == length + 1) {
            return 0;
        }
        if (positions == length) {
            return bos ? 0 : 1;
        }
        return !bos && positions == length - 1 && positions >= 1 ? 1 : -1;
    }

    List<ProbeFit.Target> targets() {
        return List.copyOf(targets);
    }

    /** The target columns' offsets within y. */
    int[] offsets() {
        return offsets.clone();
    }

    /** k, the total target dimension. */
    int targetDimension() {
        return k;
    }

    int firstRow() {
        return firstRow;
    }

    /** The moments of the rows of sequences [from, to); {@code salt} separates the permutations of the splits. */
    Moments accumulate(long from, long to, long salt) throws IOException {
        if (to <= from) {
            return new Moments(width + 2 * k);
        }
        SequencePermutation shuffle = new SequencePermutation(to - from, options.shuffleSeed() * 0x9E3779B97F4A7C15L + salt);
        // the partners' rows are read at random through their own small windows, so the sequential reads keep theirs
        List<Npy.Reader> partners = new ArrayList<>();
        try {
            for (Npy.Reader file : files) {
                partners.add(Npy.Reader.open(file.path(), PARTNER_WINDOW_BYTES));
            }
            return accumulate(from, to, shuffle, partners);
        } finally {
            for (Npy.Reader m : partners) {
                m.close();
            }
        }
    }

    private Moments accumulate(long from, long to, SequencePermutation shuffle, List<Npy.Reader> partners) throws IOException {
        int dim = width + 2 * k;
        Moments moments = new Moments(dim);
        PrefixTable table = options.mergePrefixes() ? new PrefixTable(dim) : null;
        long perSequence = (long) positions * width;
        int block = (int) Math.max(1, Math.min(to - from, BLOCK_VALUES / Math.max(1, perSequence)));
        double[] x = new double[Math.toIntExact(block * perSequence)];
        double[][] y = new double[files.size()][];
        double[][] shuffled = new double[files.size()][];
        for (int j = 0; j < files.size(); j++) {
            y[j] = new double[block * beliefRows * targets.get(j).dimension()];
            shuffled[j] = new double[beliefRows * targets.get(j).dimension()];
        }
        double[] z = new double[block * positions * dim];
        double[] w = new double[block * positions];
        double[] prefixWeights = new double[beliefRows];
        double[] scratch = new double[beliefRows];
        int[] symbols = new int[beliefRows];
        int[] symbolScratch = new int[beliefRows];
        int[] nodes = new int[beliefRows];
        boolean weighted = options.weighting() == ProbeOptions.Weighting.PREFIX_PROBABILITY;
        for (long s = from; s < to; s += block) {
            int b = (int) Math.min(block, to - s);
            activations.read(s, b, x);
            for (int j = 0; j < files.size(); j++) {
                int dj = targets.get(j).dimension();
                files.get(j).readFinite((firstSequence + s) * beliefRows * dj, b * beliefRows * dj, y[j], 0, "beliefs");
            }
            for (int q = 0; q < b; q++) {
                long sequence = s + q;
                long partner = from + shuffle.apply(sequence - from);
                for (int j = 0; j < files.size(); j++) {
                    int dj = targets.get(j).dimension();
                    partners.get(j).readFinite((firstSequence + partner) * beliefRows * dj, beliefRows * dj, shuffled[j], 0, "beliefs");
                }
                if (weighted) {
                    dataset.prefixProbabilities(firstSequence + sequence, prefixWeights, scratch);
                    for (int r = firstRow; r < firstRow + positions; r++) {
                        if (!(prefixWeights[r] >= 0) || Double.isInfinite(prefixWeights[r])) {
                            throw new IllegalArgumentException(dataset.directory().resolve("logprob.npy") + ": sequence " + (firstSequence + sequence) + ", row "
                                    + r + " gives the weight " + prefixWeights[r] + "; log-probabilities must be <= 0 or -inf");
                        }
                    }
                }
                if (table != null) {
                    dataset.symbols(firstSequence + sequence, symbols, symbolScratch);
                    nodes[0] = PrefixTable.root();
                    for (int r = 1; r < beliefRows; r++) {
                        nodes[r] = table.child(nodes[r - 1], symbols[r - 1]);
                    }
                }
                for (int p = 0; p < positions; p++) {
                    int row = q * positions + p;
                    int r = firstRow + p;
                    int o = row * dim;
                    System.arraycopy(x, row * width, z, o, width);
                    for (int j = 0; j < files.size(); j++) {
                        int dj = targets.get(j).dimension();
                        System.arraycopy(y[j], (q * beliefRows + r) * dj, z, o + width + offsets[j], dj);
                        System.arraycopy(shuffled[j], r * dj, z, o + width + k + offsets[j], dj);
                    }
                    w[row] = p < options.skipPositions() ? 0 : weighted ? prefixWeights[r] : 1;
                    if (table != null) {
                        table.add(nodes[r], z, o, w[row]);
                    }
                }
            }
            if (table == null) {
                moments.add(z, w, b * positions);
            }
            progress.accept(s + b);
        }
        if (table != null) {
            table.emit(moments);
        }
        return moments;
    }
}
