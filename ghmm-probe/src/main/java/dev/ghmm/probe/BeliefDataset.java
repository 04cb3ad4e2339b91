package dev.ghmm.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ghmm.io.Npy;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The targets of probes: a {@code ghmm-dataset/1} directory, read a sequence range at a time. Its
 * {@code meta.json} states the format, N ({@code count}), L ({@code length}), the BOS token ({@code bos}, or null) and
 * the {@code outputs} list (file, shape, dtype of each); this reader uses
 * <ul>
 * <li>{@code beliefs.npy} [N, L+1, S]: the joint belief after reading t symbols, t = 0 … L (eq. 2.3);</li>
 * <li>{@code beliefs.f<f>.npy} [N, L+1, d<sub>f</sub>]: factor f's belief;</li>
 * <li>{@code logprob.npy} [N, L] (row t: ln Pr(x<sub>1</sub> … x<sub>t+1</sub>)), or [N, L+1] with BOS (a leading 0);</li>
 * <li>{@code tokens.npy} [N, L], or [N, L+1] with a leading BOS column: the prefixes, to merge identical ones.</li>
 * </ul>
 * Every file {@code meta.json} lists must exist with the stated shape; a file it does not list is not read. Every
 * belief read is checked to be finite. A dataset whose {@code beliefNormalisation} is not {@code "ghmm"} (⟨⟨η|1⟩⟩ = 1;
 * absent in older datasets) is refused: steering checks its targets against that normalisation.
 */
public final class BeliefDataset implements Closeable {
    /** The format this reader accepts. */
    public static final String FORMAT = "ghmm-dataset/1";

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
     *                                  lists is missing or differs from its stated shape
     * @throws IOException if a file cannot be read
     */
    public static BeliefDataset open(Path directory) throws IOException {
        Path metaPath = directory.resolve("meta.json");
        if (!Files.isRegularFile(metaPath)) {
            throw new IllegalArgumentException(directory + " is not a ghmm dataset: it has no meta.json");
        }
        JsonNode meta;
        try {
            meta = new ObjectMapper().readTree(metaPath.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(metaPath + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (!FORMAT.equals(meta.path("format").asText(null))) {
            throw new IllegalArgumentException(metaPath + ": format is " + meta.path("format") + ", expected \"" + FORMAT + "\"");
        }
        if (!meta.path("count").canConvertToLong() || !meta.path("length").canConvertToInt() || meta.path("count").asLong() < 1
                || meta.path("length").asInt() < 1) {
            throw new IllegalArgumentException(metaPath + ": count and length must be positive integers");
        }
        if (!meta.path("beliefNormalisation").asText("ghmm").equals("ghmm")) {
            throw new IllegalArgumentException(metaPath + ": beliefs are normalised as " + meta.get("beliefNormalisation")
                    + " (ghmm sample --simplexity-normalisation); probes and steering read beliefs with <eta|1>> = 1: write the dataset without it");
        }
        long count = meta.get("count").asLong();
        int length = meta.get("length").asInt();
        boolean bos = meta.hasNonNull("bos");
        List<Npy.Reader> open = new ArrayList<>();
        try {
            Npy.Reader joint = null;
            Npy.Reader logprob = null;
            Npy.Reader tokens = null;
            Map<Integer, Npy.Reader> factors = new TreeMap<>();
            for (JsonNode output : meta.path("outputs")) {
                String name = output.path("name").asText("");
                if (!List.of("beliefs", "factor-beliefs", "logprob", "tokens").contains(name)) {
                    continue;
                }
                Path file = directory.resolve(output.path("file").asText(""));
                if (!Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(metaPath + " lists " + file.getFileName() + " but the file is missing");
                }
                Npy.Reader m = Npy.Reader.open(file);
                open.add(m);
                long[] stated = new long[output.path("shape").size()];
                for (int k = 0; k < stated.length; k++) {
                    stated[k] = output.path("shape").get(k).asLong();
                }
                if (!Arrays.equals(stated, m.shape())) {
                    throw new IllegalArgumentException(file + " has shape " + Arrays.toString(m.shape()) + " but meta.json states "
                            + Arrays.toString(stated));
                }
                long positions = length + (bos ? 1 : 0);
                switch (name) {
                    case "beliefs" -> {
                        requireShape(m, count, length + 1, -1);
                        joint = m;
                    }
                    case "factor-beliefs" -> {
                        requireShape(m, count, length + 1, -1);
                        factors.put(output.path("factor").asInt(-1), m);
                    }
                    case "logprob" -> {
                        requireShape(m, count, positions);
                        logprob = m;
                    }
                    default -> {
                        requireShape(m, count, positions);
                        tokens = m;
                    }
                }
            }
            List<Npy.Reader> parts = new ArrayList<>(factors.values());
            List<Integer> indices = new ArrayList<>(factors.keySet());
            for (int f = 0; f < indices.size(); f++) {
                if (indices.get(f) != f) {
                    throw new IllegalArgumentException(metaPath + ": factor beliefs are listed for factors " + indices + ", expected 0 … "
                            + (indices.size() - 1));
                }
            }
            return new BeliefDataset(directory, count, length, bos, joint, List.copyOf(parts), logprob, tokens);
        } catch (IOException | RuntimeException e) {
            for (Npy.Reader m : open) {
                m.close();
            }
            throw e;
        }
    }

    /** Requires shape [N, rows] or [N, rows, any] (third = −1) of a file. */
    private static void requireShape(Npy.Reader m, long count, long rows, long... third) {
        long[] s = m.shape();
        boolean ok = s.length == 2 + third.length && s[0] == count && s[1] == rows && (third.length == 0 || s[2] >= 1);
        if (!ok) {
            throw new IllegalArgumentException(m.path() + " has shape " + Arrays.toString(s) + ", expected [" + count + ", " + rows
                    + (third.length == 0 ? "" : ", d") + "] for count " + count + " and the dataset's length");
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
