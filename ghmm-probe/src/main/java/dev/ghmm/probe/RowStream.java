package dev.ghmm.probe;

import dev.ghmm.io.Npy;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.nio.file.Path;
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
    static final long BLOCK_VALUES = 1L << 20;
    /** The widest activations a fit takes: d = 8192 (P = 1000, k = 6) needs about 2.7 GB of heap on one or two threads, 4.8 GB with an SVD cut-off ({@link #heapBytes}). */
    static final int MAX_WIDTH = 8192;
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
    /** Threads that accumulate moments: T, but no more than the available processors (the threads the heap check counts). */
    private final int threads;
    /** Activation values read per block ({@link #BLOCK_VALUES} but in tests), at least one sequence. */
    private final long blockValues;
    private final int width;
    private final int positions;
    private final int beliefRows;
    /**
     * Per factor target, the column of z where its beliefs start, when the joint belief is no target and the outer
     * product of the factor beliefs has at most {@link OuterProduct#MAX_DIMENSION} entries; null otherwise.
     */
    private final int[] outerColumns;
    private final int[] outerDimensions;

    /**
     * The moments of a split's rows z and, when asked and defined, of the outer products of their factor beliefs.
     *
     * @param moments      of z = [x, y, y<sub>π</sub>]
     * @param outerProduct of ⊗<sub>f</sub> η<sub>f</sub> on the same rows and weights, or null
     */
    record Pass(Moments moments, Moments outerProduct) {
    }

    RowStream(Activations activations, BeliefDataset dataset, ProbeOptions options, int threads, long blockValues, LongConsumer progress) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads + " must be >= 1");
        }
        this.threads = Math.min(threads, Runtime.getRuntime().availableProcessors());
        this.blockValues = blockValues;
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
        boolean factorsOnly = t == ProbeOptions.Targets.FACTORS;
        int[] dims = new int[factorsOnly ? targets.size() : 0];
        for (int j = 0; j < dims.length; j++) {
            dims[j] = targets.get(j).dimension();
        }
        if (factorsOnly && OuterProduct.dimension(dims) <= OuterProduct.MAX_DIMENSION) {
            this.outerDimensions = dims;
            this.outerColumns = new int[dims.length];
            for (int j = 0; j < dims.length; j++) {
                outerColumns[j] = width + offsets[j];
            }
        } else {
            this.outerDimensions = null;
            this.outerColumns = null;
        }
        checkHeap(activations.path(), width, k, positions, activations.sequences(), this.threads, options.svdCutoff() > 0,
                Runtime.getRuntime().maxMemory());
    }

    /**
     * Refuses a fit wider than {@link #MAX_WIDTH} or needing more than {@code maxMemory} bytes ({@link #heapBytes}),
     * naming the bytes.
     */
    static void checkHeap(Path path, int d, int k, int positions, long sequences, int threads, boolean svd, long maxMemory) {
        long needed = heapBytes(d, k, positions, sequences, threads, svd);
        if (d > MAX_WIDTH) {
            throw new IllegalArgumentException(path + " has d = " + d + " activation columns, more than the " + MAX_WIDTH
                    + " a fit supports: its moments and solve would need about " + needed + " bytes of heap");
        }
        if (needed > maxMemory) {
            throw new IllegalArgumentException("fitting the d = " + d + " activation columns of " + path + " to " + k + " belief columns needs about "
                    + needed + " bytes of heap, more than the " + maxMemory + " this JVM may use: give java a larger -Xmx (or fewer threads)");
        }
    }

    /**
     * The heap, in bytes, a fit of d activation columns and k belief columns on N sequences of P positions needs on T
     * threads, about: with D = d + 2k, the moments of the two splits (2·8D²) and each working thread's block co-moment
     * (8D²) and three buffers of its block's rows (3·8·D per row), or, once the rows are read, the two splits' moments
     * and the solve's d × d arrays, whichever is more: three for the eigenvalues and Cholesky (Σ<sub>xx</sub>, its copy,
     * the decomposition's), seven with an SVD cut-off (Σ<sub>xx</sub>, its copy, EJML's bidiagonal form, Uᵀ, Vᵀ, U, V;
     * measured: the solve alone at d = 1500 runs in -Xmx60m, 3.3·8d², and needs -Xmx130m, 7.2·8d², with the SVD).
     */
    static long heapBytes(int d, int k, int positions, long sequences, int threads, boolean svd) {
        long dim = d + 2L * k;
        long matrix = 8 * dim * dim;
        long perBlock = Math.max(1, Math.min(sequences, BLOCK_VALUES / Math.max(1, (long) positions * d)));
        long workers = Math.max(1, Math.min(threads, (sequences + perBlock - 1) / perBlock));
        return Math.max(2 * matrix + workers * (matrix + 3 * 8 * perBlock * positions * dim), 2 * matrix + (svd ? 7 : 3) * 8L * d * d);
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

    /**
     * The moments of the rows of sequences [from, to), with those of their factor beliefs' outer products if
     * {@code outer} and the joint belief is no target and has at most {@link OuterProduct#MAX_DIMENSION} entries;
     * {@code salt} separates the permutations of the splits.
     */
    Pass accumulate(long from, long to, long salt, boolean outer) throws IOException {
        Moments outerMoments = outer && outerDimensions != null ? new Moments((int) OuterProduct.dimension(outerDimensions)) : null;
        if (to <= from) {
            return new Pass(new Moments(width + 2 * k), outerMoments);
        }
        SequencePermutation shuffle = new SequencePermutation(to - from, options.shuffleSeed() * 0x9E3779B97F4A7C15L + salt);
        // the partners' rows are read at random through their own small windows, so the sequential reads keep theirs
        List<Npy.Reader> partners = new ArrayList<>();
        try {
            for (Npy.Reader file : files) {
                partners.add(Npy.Reader.open(file.path(), PARTNER_WINDOW_BYTES));
            }
            return new Pass(accumulate(from, to, shuffle, partners, outerMoments), outerMoments);
        } finally {
            for (Npy.Reader m : partners) {
                m.close();
            }
        }
    }

    /** The moments of z, and those of the outer products into {@code outer} unless it is null. */
    private Moments accumulate(long from, long to, SequencePermutation shuffle, List<Npy.Reader> partners, Moments outer) throws IOException {
        int dim = width + 2 * k;
        Moments moments = new Moments(dim);
        long perSequence = (long) positions * width;
        int block = (int) Math.max(1, Math.min(to - from, blockValues / Math.max(1, perSequence)));
        int workers = (int) Math.min(threads, (to - from + block - 1) / block);
        if (options.mergePrefixes()) {
            PrefixTable table = new PrefixTable(dim);
            Filler filler = new Filler(from, block, shuffle, partners);
            for (long s = from; s < to; s += block) {
                int b = (int) Math.min(block, to - s);
                filler.fill(s, b, table);
                progress.accept(s + b);
            }
            OuterProduct product = outer == null ? null : outerProduct();
            table.emit((z, w, count) -> {
                moments.add(z, w, count);
                if (product != null) {
                    product.add(z, dim, w, count, outer);
                }
            });
        } else if (workers <= 1) {
            Filler filler = new Filler(from, block, shuffle, partners);
            OuterBlocks blocks = outer == null ? null : new OuterBlocks();
            for (long s = from; s < to; s += block) {
                int b = (int) Math.min(block, to - s);
                int count = filler.fill(s, b, null);
                moments.add(filler.z, filler.w, count);
                if (blocks != null) {
                    blocks.compute(filler.z, filler.w, count);
                    outer.merge(blocks.moments);
                }
                progress.accept(s + b);
            }
        } else {
            new Parallel(from, to, block, shuffle, partners, moments, outer).run(workers);
        }
        return moments;
    }

    private OuterProduct outerProduct() {
        return new OuterProduct(outerColumns, outerDimensions);
    }

    /**
     * One thread's outer products of a block's rows: their moments, computed chunk by chunk, then merged whole into the
     * split's, in block order whatever the threads.
     */
    private final class OuterBlocks {
        private final OuterProduct product = outerProduct();
        final Moments moments = new Moments(product.dimension());

        void compute(double[] z, double[] w, int count) {
            moments.clear();
            product.add(z, width + 2 * k, w, count, moments);
        }
    }

    /**
     * Blocks of sequences [from, to) accumulated by several threads: each takes the next block and fills its rows from
     * the files (one thread at a time), computes the block's moments alone, then merges them in when every earlier block
     * is merged, so the moments are the same bits as one thread's.
     */
    private final class Parallel {
        private final long from;
        private final long to;
        private final int block;
        private final SequencePermutation shuffle;
        private final List<Npy.Reader> partners;
        private final Moments moments;
        /** The outer products' moments, or null. */
        private final Moments outer;
        private final Object reading = new Object();
        private final Object merging = new Object();
        /** The first sequence of the next block to read (guarded by {@link #reading}). */
        private long next;
        /** The first sequence of the next block to merge (guarded by {@link #merging}). */
        private long merged;
        /** The first failure of any thread (guarded by {@link #merging}). */
        private Throwable failure;

        Parallel(long from, long to, int block, SequencePermutation shuffle, List<Npy.Reader> partners, Moments moments, Moments outer) {
            this.from = from;
            this.to = to;
            this.block = block;
            this.shuffle = shuffle;
            this.partners = partners;
            this.moments = moments;
            this.outer = outer;
            this.next = from;
            this.merged = from;
        }

        /** Runs {@link #work} on T shares of the library's one pool ({@link Datasets#inParallel}), share 0 on the caller. */
        void run(int workers) throws IOException {
            // work() records its failure rather than throw it, so every share ends normally
            Datasets.inParallel(workers, share -> work());
            synchronized (merging) {
                if (failure instanceof IOException e) {
                    throw e;
                } else if (failure instanceof RuntimeException e) {
                    throw e;
                } else if (failure instanceof Error e) {
                    throw e;
                } else if (failure != null) {
                    throw new IllegalStateException("a moments thread was interrupted", failure);
                }
            }
        }

        private void work() {
            try {
                Filler filler = new Filler(from, block, shuffle, partners);
                Moments.Block moment = new Moments.Block(moments.dimension());
                OuterBlocks blocks = outer == null ? null : new OuterBlocks();
                while (true) {
                    long s;
                    int b;
                    int count;
                    synchronized (reading) {
                        if (next >= to || failed()) {
                            return;
                        }
                        s = next;
                        b = (int) Math.min(block, to - s);
                        next += b;
                        count = filler.fill(s, b, null);
                    }
                    moment.compute(filler.z, filler.w, count);
                    if (blocks != null) {
                        blocks.compute(filler.z, filler.w, count);
                    }
                    synchronized (merging) {
                        while (merged != s && failure == null) {
                            merging.wait();
                        }
                        if (failure != null) {
                            return;
                        }
                        moments.merge(moment);
                        if (blocks != null) {
                            outer.merge(blocks.moments);
                        }
                        progress.accept(s + b);
                        merged = s + b;
                        merging.notifyAll();
                    }
                }
            } catch (Throwable e) {
                fail(e);
            }
        }

        private boolean failed() {
            synchronized (merging) {
                return failure != null;
            }
        }

        private void fail(Throwable e) {
            synchronized (merging) {
                if (failure == null) {
                    failure = e;
                }
                merging.notifyAll();
            }
        }
    }

    /** One thread's buffers for a block of sequences, filled from the shared files (one thread at a time). */
    private final class Filler {
        /** The first sequence of the split, which the shuffle permutes. */
        private final long from;
        private final SequencePermutation shuffle;
        private final List<Npy.Reader> partners;
        private final int dim = width + 2 * k;
        private final double[] x;
        private final double[][] y = new double[files.size()][];
        private final double[][] shuffled = new double[files.size()][];
        /** The block's rows z and their weights w. */
        final double[] z;
        final double[] w;
        private final double[] prefixWeights = new double[beliefRows];
        private final double[] scratch = new double[beliefRows];
        private final int[] symbols = new int[beliefRows];
        private final int[] symbolScratch = new int[beliefRows];
        private final int[] nodes = new int[beliefRows];

        Filler(long from, int block, SequencePermutation shuffle, List<Npy.Reader> partners) {
            this.from = from;
            this.shuffle = shuffle;
            this.partners = partners;
            this.x = new double[Math.toIntExact((long) block * positions * width)];
            for (int j = 0; j < files.size(); j++) {
                y[j] = new double[block * beliefRows * targets.get(j).dimension()];
                shuffled[j] = new double[beliefRows * targets.get(j).dimension()];
            }
            this.z = new double[Math.toIntExact((long) block * positions * dim)];
            this.w = new double[block * positions];
        }

        /**
         * Fills z and w with the rows of sequences [s, s + b), and adds them to {@code table} when it is not null;
         * returns the number of rows, b·P.
         */
        int fill(long s, int b, PrefixTable table) throws IOException {
            boolean weighted = options.weighting() == ProbeOptions.Weighting.PREFIX_PROBABILITY;
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
            return b * positions;
        }
    }
}
