package dev.ghmm.probe;

import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.Npy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * The targets of probes: a {@code ghmm-dataset/1} directory ({@link DatasetLayout}), read a sequence range at a
 * time. Its {@code meta.json} states the format, N ({@code count}), L ({@code length}), the BOS token ({@code bos}, or null) and
 * the {@code outputs} list (file, shape, dtype of each); this reader uses
 * <ul>
 * <li>{@code beliefs.npy} [N, L+1, S]: the joint belief after reading t symbols, t = 0 … L (eq. 2.3);</li>
 * <li>{@code beliefs.f<f>.npy} [N, L+1, d<sub>f</sub>]: factor f's belief;</li>
 * <li>{@code logprob.npy} [N, L] (row t: ln Pr(x<sub>1</sub> … x<sub>t+1</sub>)), or [N, L+1] with BOS (a leading 0);</li>
 * <li>{@code tokens.npy} [N, L], or [N, L+1] with a leading BOS column: the prefixes, to merge identical ones.</li>
 * </ul>
 * Every file {@code meta.json} lists must exist with the stated shape; a file it does not list is not read. Every
 * belief read is checked to be finite. A dataset whose {@code beliefNormalisation} is stated and not {@code "ghmm"}
 * (⟨⟨η|1⟩⟩ = 1, what an absent key means) is refused: steering checks its targets against that normalisation.
 */
public final class BeliefDataset implements Closeable {
    /** The outputs a probe reads; the others are not opened. */
    private static final Set<DatasetLayout.Output> USED = EnumSet.of(DatasetLayout.Output.TOKENS, DatasetLayout.Output.BELIEFS,
            DatasetLayout.Output.FACTOR_BELIEFS, DatasetLayout.Output.LOGPROB);

    private final Path directory;
    private final long count;
    private final int length;
    private final boolean bos;
    private final Npy.Reader joint;
    private final List<Npy.Reader> factors;
    private final Npy.Reader logprob;
    private final Npy.Reader tokens;

    private BeliefDataset(Path directory, long count, int length, boolean bos, Npy.Reader joint, List<Npy.Reader> factors, Npy.Reader logprob,
                          Npy.Reader tokens) {
        this.directory = directory;
        this.count = count;
        this.length = length;
        this.bos = bos;
        this.joint = joint;
        this.factors = factors;
        this.logprob = logprob;
        this.tokens = tokens;
    }

    /**
     * Opens a dataset directory and checks its files against {@code meta.json}.
     *
     * @param directory the directory holding {@code meta.json}
     * @return the open dataset; close it
     * @throws IllegalArgumentException (one line) if meta.json is missing, malformed or of another format, or a file it
     *                                  lists is missing or differs from its stated shape, or its sequences are padded (EOS, PAD)
     * @throws IOException if a file cannot be read
     */
    public static BeliefDataset open(Path directory) throws IOException {
        DatasetLayout.Stated stated = DatasetLayout.Stated.read(directory);
        if (stated.beliefs() != DatasetLayout.BeliefNormalisation.GHMM) {
            throw new IllegalArgumentException(directory.resolve(DatasetLayout.META) + ": beliefs are normalised as \"" + stated.beliefs().label()
                    + "\" (ghmm sample --simplexity-normalisation); probes and steering read beliefs with <eta|1>> = 1: write the dataset without it");
        }
        requireUnpadded(stated);
        List<Npy.Reader> open = new ArrayList<>();
        try {
            Npy.Reader joint = null;
            Npy.Reader logprob = null;
            Npy.Reader tokens = null;
            TreeMap<Integer, Npy.Reader> factors = new TreeMap<>();
            for (DatasetLayout.File file : stated.files()) {
                if (!USED.contains(file.output())) {
                    continue;
                }
                Npy.Reader m = stated.open(file);
                open.add(m);
                switch (file.output()) {
                    case BELIEFS -> joint = m;
                    case FACTOR_BELIEFS -> factors.put(file.factor(), m);
                    case LOGPROB -> logprob = m;
                    default -> tokens = m;
                }
            }
            return new BeliefDataset(directory, stated.count(), stated.length(), stated.bos(), joint, List.copyOf(factors.values()), logprob,
                    tokens);
        } catch (IOException | RuntimeException e) {
            for (Npy.Reader m : open) {
                m.close();
            }
            throw e;
        }
    }


    /**
     * Refuses padded sequences: probes and steering read a belief row per token of an unpadded sequence.
     *
     * @param stated what a dataset's meta.json states
     * @throws IllegalArgumentException (one line) if its sequences end in EOS or PAD tokens
     */
    static void requireUnpadded(DatasetLayout.Stated stated) {
        if (stated.tail() > 0) {
            throw new IllegalArgumentException(stated.directory().resolve(DatasetLayout.META) + ": sequences end in EOS or PAD tokens (ghmm sample"
                    + " --eos or --pad-to); probes and steering read unpadded datasets: write the dataset without them");
        }
    }
    /**
     * The dataset directory.
     *
     * @return its path
     */
    public Path directory() {
        return directory;
    }

    /**
     * N, the number of sequences.
     *
     * @return N
     */
    public long sequences() {
        return count;
    }

    /**
     * L, the number of symbols per sequence (without BOS); beliefs have L + 1 rows.
     *
     * @return L
     */
    public int length() {
        return length;
    }

    /**
     * Whether the sequences start with a BOS token (tokens [N, L+1], logprob [N, L+1]).
     *
     * @return whether there is a BOS token
     */
    public boolean bos() {
        return bos;
    }

    /**
     * Whether the dataset holds joint beliefs ({@code beliefs.npy}).
     *
     * @return whether joint beliefs are present
     */
    public boolean hasJointBeliefs() {
        return joint != null;
    }

    /**
     * S, the dimension of the joint belief.
     *
     * @return S
     * @throws IllegalStateException without joint beliefs
     */
    public int states() {
        if (joint == null) {
            throw new IllegalStateException(directory + " has no joint beliefs (beliefs.npy)");
        }
        return (int) joint.shape()[2];
    }

    /**
     * F, the number of factors whose beliefs the dataset holds (0 for a dataset without {@code beliefs.f<f>.npy}).
     *
     * @return F
     */
    public int factors() {
        return factors.size();
    }

    /**
     * d<sub>f</sub>, the dimension of factor f's belief.
     *
     * @param factor f
     * @return d<sub>f</sub>
     */
    public int factorDimension(int factor) {
        if (factor < 0 || factor >= factors.size()) {
            throw new IllegalArgumentException("factor " + factor + " is out of range [0, " + factors.size() + ")");
        }
        return (int) factors.get(factor).shape()[2];
    }

    /**
     * Whether the dataset holds prefix log-probabilities ({@code logprob.npy}).
     *
     * @return whether logprob is present
     */
    public boolean hasLogprob() {
        return logprob != null;
    }

    /**
     * Whether the dataset holds the tokens ({@code tokens.npy}).
     *
     * @return whether tokens are present
     */
    public boolean hasTokens() {
        return tokens != null;
    }

    Npy.Reader joint() {
        return joint;
    }

    Npy.Reader factor(int f) {
        return factors.get(f);
    }

    /** Weights Pr(x<sub>1:r</sub>) of belief rows r = 0 … L of sequence i, into {@code out[0 … L]}. */
    void prefixProbabilities(long sequence, double[] out, double[] scratch) throws IOException {
        int columns = length + (bos ? 1 : 0);
        logprob.read(sequence * columns, columns, scratch, 0);
        int shift = bos ? 0 : 1;
        out[0] = 1;
        for (int r = 1; r <= length; r++) {
            out[r] = Math.exp(scratch[r - shift]);
        }
    }

    /** Symbols x<sub>1</sub> … x<sub>L</sub> of sequence i (without the BOS column), into {@code out[0 … L−1]}. */
    void symbols(long sequence, int[] out, int[] scratch) throws IOException {
        int columns = length + (bos ? 1 : 0);
        tokens.readInts(sequence * columns, columns, scratch, 0);
        System.arraycopy(scratch, bos ? 1 : 0, out, 0, length);
    }

    /** Closes every file. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        List<Npy.Reader> all = new ArrayList<>(factors);
        all.add(joint);
        all.add(logprob);
        all.add(tokens);
        for (Npy.Reader m : all) {
            if (m == null) {
                continue;
            }
            try {
                m.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
