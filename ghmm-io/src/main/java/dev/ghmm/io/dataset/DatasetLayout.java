package dev.ghmm.io.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.output.OutputFiles;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The layout of a dataset of N sequences of L tokens, the one home of the {@code ghmm-dataset/1} directory and of
 * the batches of {@code ghmm-stream/1} (docs/guide.md, "Generate a dataset" and "Stream"): which files an output
 * makes, their shapes and dtypes, how a generator's rows become their values, and what {@code meta.json} and the
 * stream's header line state. With a BOS token (id |𝒳|) the tokens gain a leading column and {@code next},
 * {@code loss} and {@code logprob} a leading row of zeros (ln Pr(∅) = 0); beliefs have L + 1 rows, row t the
 * belief after t symbols. After the symbols come an EOS token and PAD tokens up to a set length ({@link Framing}):
 * every per-position output, beliefs included, gains as many trailing rows of zeros as the tokens gain columns.
 * Immutable.
 */
public final class DatasetLayout {
    /** The format of a dataset directory. */
    public static final String FORMAT = "ghmm-dataset/1";
    /** The format of a stream of batches. */
    public static final String STREAM_FORMAT = "ghmm-stream/1";
    /** The metadata file of a dataset directory. */
    public static final String META = "meta.json";

    /** Values of the EOS and PAD columns or trailing rows written at once, whatever the padded length. */
    private static final int CHUNK = 1 << 12;

    private final Set<Output> outputs;
    private final int length;
    private final Framing framing;
    /** Columns after the symbols: EOS and PAD tokens. */
    private final int tail;
    private final Npy.Dtype floating;
    private final int symbols;
    private final int states;
    private final int[] factors;
    /** The columns of {@code factor-gap.npy}: 2 with the divergence, 1 without. */
    private final int gapColumns;

    /**
     * The outputs of a dataset, in the order of its files; P = [BOS] + L + E token columns, E the EOS and PAD columns
     * after the symbols, each a trailing row of zeros of every floating output.
     */
    public enum Output {
        /** {@code tokens.npy} int32 [N, P]: [BOS] x<sub>1</sub> … x<sub>L</sub> [EOS] [PAD …]. */
        TOKENS("tokens"),
        /** {@code beliefs.npy} [N, L+1+E, S]: the joint belief after t symbols, t = 0 … L. */
        BELIEFS("beliefs"),
        /** {@code beliefs.f<f>.npy} [N, L+1+E, d<sub>f</sub>]: factor f's belief. */
        FACTOR_BELIEFS("factor-beliefs"),
        /** {@code next.npy} [N, P, |𝒳|]: row j the distribution token column j was drawn from. */
        NEXT("next"),
        /** {@code loss.npy} [N, P]: the entropy in nats of each {@code next} row. */
        LOSS("loss"),
        /** {@code logprob.npy} [N, P]: row j is ln Pr of the symbols up to token column j. */
        LOGPROB("logprob"),
        /**
         * {@code factor-gap.npy} [N, L+1+E, 2] (or [N, L+1+E, 1]): after t symbols, ‖η − ⊗<sub>f</sub>η<sub>f</sub>‖<sub>1</sub> and,
         * when every factor is an HMM ({@link #withDivergence}), D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>) in nats.
         */
        FACTOR_GAP("factor-gap");

        private final String label;

        Output(String label) {
            this.label = label;
        }

        /** {@return the name of the output in {@code --outputs} and meta.json} */
        public String label() {
            return label;
        }

        /**
         * The output of a name.
         *
         * @param label the name, such as {@code factor-beliefs}
         * @return the output
         * @throws IllegalArgumentException naming the label and every name
         */
        public static Output of(String label) {
            for (Output o : values()) {
                if (o.label.equals(label)) {
                    return o;
                }
            }
            throw new IllegalArgumentException("unknown output \"" + label + "\"; expected some of " + labels());
        }

        /** {@return every name, comma-separated in file order} */
        public static String labels() {
            return Arrays.stream(values()).map(Output::label).collect(Collectors.joining(","));
        }
    }

    /**
     * The tokens around the L symbols of each sequence: [BOS] x<sub>1</sub> … x<sub>L</sub> [EOS] [PAD …], ids
     * numbered after the alphabet without gaps: BOS = |𝒳|, EOS = |𝒳| + [BOS], PAD = |𝒳| + [BOS] + [EOS].
     *
     * @param bos   whether each sequence starts with a BOS token
     * @param eos   whether an EOS token follows the symbols
     * @param padTo T &gt; 0: PAD tokens fill each sequence to T tokens; 0: no padding
     */
    public record Framing(boolean bos, boolean eos, int padTo) {
        /** No special token: the L symbols alone. */
        public static final Framing NONE = new Framing(false, false, 0);

        /**
         * The tokens around the symbols.
         *
         * @param bos   whether each sequence starts with a BOS token
         * @param eos   whether an EOS token follows the symbols
         * @param padTo T &gt; 0: PAD tokens fill each sequence to T tokens; 0: no padding
         * @throws IllegalArgumentException on a negative padTo
         */
        public Framing {
            if (padTo < 0) {
                throw new IllegalArgumentException("the padded length " + padTo + " must be >= 0 (0: no padding)");
            }
        }

        /**
         * The id of BOS.
         *
         * @param symbols |𝒳|
         * @return |𝒳|
         */
        public int bosId(int symbols) {
            return symbols;
        }

        /**
         * The id of EOS.
         *
         * @param symbols |𝒳|
         * @return |𝒳| + [BOS]
         */
        public int eosId(int symbols) {
            return symbols + (bos ? 1 : 0);
        }

        /**
         * The id of PAD.
         *
         * @param symbols |𝒳|
         * @return |𝒳| + [BOS] + [EOS]
         */
        public int padId(int symbols) {
            return eosId(symbols) + (eos ? 1 : 0);
        }

        /**
         * The tokens a sequence of L symbols holds before padding.
         *
         * @param length L
         * @return [BOS] + L + [EOS]
         */
        public long unpadded(int length) {
            return (bos ? 1L : 0L) + length + (eos ? 1 : 0);
        }

        /**
         * Writes sequences [from, to) of {@code symbols} (L each, row-major) framed: [BOS] x<sub>1</sub> … x<sub>L</sub>
         * [EOS] [PAD …] up to {@code padTo} tokens, with the given ids (the dataset writer passes {@link #bosId},
         * {@link #eosId} and {@link #padId}; the Python peer's layout vectors their own). Allocates O(1) buffers per call.
         *
         * @param symbols the symbols of the sequences, L per sequence
         * @param from    the first sequence
         * @param to      the end
         * @param length  L
         * @param bosId   the BOS token, written when {@link #bos}
         * @param eosId   the EOS token, written when {@link #eos}
         * @param padId   the PAD token
         * @param sink    where the tokens go
         * @throws IllegalArgumentException if {@code padTo} is positive and shorter than {@link #unpadded}(L)
         * @throws IOException              if the sink cannot be written
         */
        public void frame(int[] symbols, int from, int to, int length, int bosId, int eosId, int padId, Npy.Sink sink) throws IOException {
            long pads = padTo > 0 ? padTo - unpadded(length) : 0;
            if (pads < 0) {
                throw new IllegalArgumentException("the padded length " + padTo + " is shorter than a sequence: " + unpadded(length) + " tokens");
            }
            int[] ids = {bosId, eosId};
            int[] pad = new int[(int) Math.min(CHUNK, Math.max(pads, 1))];
            Arrays.fill(pad, padId);
            for (int k = from; k < to; k++) {
                if (bos) {
                    sink.write(ids, 0, 1);
                }
                sink.write(symbols, k * length, length);
                if (eos) {
                    sink.write(ids, 1, 1);
                }
                for (long left = pads; left > 0; left -= pad.length) {
                    sink.write(pad, 0, (int) Math.min(pad.length, left));
                }
            }
        }
    }

    /**
     * One file of a dataset or of a batch.
     *
     * @param output what it holds
     * @param factor f for factor beliefs, else −1
     * @param name   the file name
     * @param shape  the shape, N (sequences) first
     * @param dtype  the element type
     */
    public record File(Output output, int factor, String name, long[] shape, Npy.Dtype dtype) {
        /**
         * A copy of the shape.
         *
         * @param output the output
         * @param factor f for factor beliefs, else −1
         * @param name   the file name
         * @param shape  the shape, N (sequences) first
         * @param dtype  the element type
         */
        public File {
            shape = shape.clone();
        }

        /** {@return the shape, N (sequences) first (a copy)} */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Equal when every component is, the shape by content. */
        @Override
        public boolean equals(Object o) {
            return o instanceof File f && output == f.output && factor == f.factor && name.equals(f.name) && Arrays.equals(shape, f.shape)
                    && dtype == f.dtype;
        }

        @Override
        public int hashCode() {
            return Objects.hash(output, factor, name, Arrays.hashCode(shape), dtype);
        }

        @Override
        public String toString() {
            return "File[" + name + ", " + dtype.label() + " " + Arrays.toString(shape) + "]";
        }

        /** {@return the values of one sequence: the product of the shape after its first axis} */
        public long perSequence() {
            return Arrays.stream(shape).skip(1).reduce(1, Math::multiplyExact);
        }

        /**
         * The bytes of the whole {@code .npy} file, header included.
         *
         * @return the bytes
         * @throws ArithmeticException if they exceed a long
         */
        public long bytes() {
            return Math.addExact(Npy.header(dtype, shape).length, Math.multiplyExact(Math.multiplyExact(shape[0], perSequence()), dtype.bytes()));
        }
    }

    /**
     * Generated sequences as a generator holds them, without BOS: sequence k's tokens at [k·L, (k+1)·L), its beliefs
     * at [k·(L+1)·d, (k+1)·(L+1)·d), its {@code next} rows at [k·L·|𝒳|, (k+1)·L·|𝒳|), its loss and logprob at
     * [k·L, (k+1)·L), and its factor gap and divergence, two per row, at [k·(L+1)·2, (k+1)·(L+1)·2).
     */
    public interface Source {
        /** {@return the tokens} */
        int[] tokens();

        /**
         * The values of a floating output.
         *
         * @param output an output other than tokens
         * @param factor f for factor beliefs
         * @return its values
         */
        double[] values(Output output, int factor);
    }

    /**
     * How the beliefs of a dataset are normalised, {@code meta.json}'s {@code beliefNormalisation}: stated only when
     * it is not {@link #GHMM}, so an absent key means GHMM.
     */
    public enum BeliefNormalisation {
        /** ⟨⟨η|1⟩⟩ = 1, the beliefs of the filter. */
        GHMM("ghmm"),
        /**
         * ⟨⟨η|w⟩⟩ = 1 for Astera-org/simplexity's normalising eigenvector w = S·|1⟩⟩/Σ<sub>i</sub>|1⟩⟩<sub>i</sub>: every
         * belief times Σ<sub>i</sub>|1⟩⟩<sub>i</sub>/S.
         */
        SIMPLEXITY("simplexity");

        private final String label;

        BeliefNormalisation(String label) {
            this.label = label;
        }

        /** {@return the value of {@code beliefNormalisation}} */
        public String label() {
            return label;
        }
    }

    /**
     * What {@code meta.json} and the stream header state besides the layout and the sequences.
     *
     * @param process  the full specification of the process, enough to regenerate the dataset
     * @param seed     the dataset seed
     * @param alphabet the symbol names
     * @param factors  per factor of a factored process, its dimension and alphabet (empty otherwise)
     * @param version  the version of the writer
     * @param beliefs  how the beliefs are normalised; stated as {@code beliefNormalisation} after {@code dtype} only
     *                 when not {@link BeliefNormalisation#GHMM}, so the files of a GHMM dataset are as before
     * @param freeze   the frozen factors, increasing (empty: none); stated as {@code freeze} with {@code groups} before
     *                 {@code outputs} only when not empty, so the files of other datasets are as before
     * @param groups   K, the number of groups of a dataset with frozen factors (sequence i is in group i mod K)
     */
    public record Description(JsonNode process, long seed, List<String> alphabet, List<Factor> factors, String version,
                              BeliefNormalisation beliefs, List<Integer> freeze, int groups) {
        /**
         * What is stated of a dataset without frozen factors.
         *
         * @param process  the full specification of the process
         * @param seed     the dataset seed
         * @param alphabet the symbol names
         * @param factors  per factor of a factored process, its dimension and alphabet (empty otherwise)
         * @param version  the version of the writer
         * @param beliefs  how the beliefs are normalised
         */
        public Description(JsonNode process, long seed, List<String> alphabet, List<Factor> factors, String version, BeliefNormalisation beliefs) {
            this(process, seed, alphabet, factors, version, beliefs, List.of(), 1);
        }

        /**
         * A description holding its own copy of the specification, so changing the caller's node changes nothing here.
         *
         * @param process  the full specification of the process (copied)
         * @param seed     the dataset seed
         * @param alphabet the symbol names
         * @param factors  per factor of a factored process, its dimension and alphabet (empty otherwise)
         * @param version  the version of the writer
         * @param beliefs  how the beliefs are normalised
         * @param freeze   the frozen factors, increasing (empty: none)
         * @param groups   K, the number of groups of a dataset with frozen factors
         */
        public Description {
            process = process == null ? null : process.deepCopy();
        }

        /** {@return a copy of the full specification of the process} */
        @Override
        public JsonNode process() {
            return process == null ? null : process.deepCopy();
        }
    }

    /**
     * A factor as meta.json states it.
     *
     * @param dimension d<sub>f</sub>
     * @param alphabet  its symbol names
     */
    public record Factor(int dimension, List<String> alphabet) {
    }

    /**
     * The layout of datasets with these outputs.
     *
     * @param outputs  the outputs, at least one
     * @param length   L ≥ 1, tokens per sequence before BOS
     * @param bos      whether every sequence starts with a BOS token of id |𝒳|
     * @param floating the type of every floating output: float32 or float64
     * @param symbols  |𝒳|
     * @param states   S, the dimension of the joint belief
     * @param factors  d<sub>f</sub> of each factor (empty without factors)
     * @throws IllegalArgumentException on no outputs, L &lt; 1, a floating type that is not float32 or float64, or
     *                                  factor beliefs without factors
     */
    public DatasetLayout(Set<Output> outputs, int length, boolean bos, Npy.Dtype floating, int symbols, int states, int... factors) {
        this(outputs, length, new Framing(bos, false, 0), floating, symbols, states, factors);
    }

    /**
     * The layout of datasets with these outputs and special tokens.
     *
     * @param outputs  the outputs, at least one
     * @param length   L ≥ 1, symbols per sequence
     * @param framing  the BOS, EOS and PAD tokens around them
     * @param floating the type of every floating output: float32 or float64
     * @param symbols  |𝒳|
     * @param states   S, the dimension of the joint belief
     * @param factors  d<sub>f</sub> of each factor (empty without factors)
     * @throws IllegalArgumentException on no outputs, L &lt; 1, a floating type that is not float32 or float64, factor
     *                                  beliefs without factors, or a padded length shorter than [BOS] + L + [EOS]
     */
    public DatasetLayout(Set<Output> outputs, int length, Framing framing, Npy.Dtype floating, int symbols, int states, int... factors) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("no outputs; expected some of " + Output.labels());
        }
        if (length < 1) {
            throw new IllegalArgumentException("length " + length + " must be >= 1");
        }
        if (floating != Npy.Dtype.FLOAT32 && floating != Npy.Dtype.FLOAT64) {
            throw new IllegalArgumentException("dtype " + floating.label() + " must be float32 or float64");
        }
        if (outputs.contains(Output.FACTOR_BELIEFS) && factors.length == 0) {
            throw new IllegalArgumentException("factor beliefs need factors");
        }
        if (framing.padTo() > 0 && framing.padTo() < framing.unpadded(length)) {
            throw new IllegalArgumentException("the padded length " + framing.padTo() + " is shorter than a sequence: " + framing.unpadded(length)
                    + " tokens (" + (framing.bos() ? "BOS, " : "") + length + " symbols" + (framing.eos() ? ", EOS" : "") + ")");
        }
        if (framing.padTo() > 0 && (long) framing.padTo() + 1 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the padded length " + framing.padTo() + " is too large");
        }
        this.outputs = Collections.unmodifiableSet(EnumSet.copyOf(outputs));
        this.length = length;
        this.framing = framing;
        this.tail = (int) (framing.padTo() > 0 ? framing.padTo() - (framing.bos() ? 1 : 0) - length : framing.eos() ? 1 : 0);
        this.floating = floating;
        this.symbols = symbols;
        this.states = states;
        this.factors = factors.clone();
        this.gapColumns = 1;
    }

    private DatasetLayout(DatasetLayout layout, int gapColumns) {
        this.outputs = layout.outputs;
        this.length = layout.length;
        this.framing = layout.framing;
        this.tail = layout.tail;
        this.floating = layout.floating;
        this.symbols = layout.symbols;
        this.states = layout.states;
        this.factors = layout.factors;
        this.gapColumns = gapColumns;
    }

    /**
     * This layout with or without the divergence column of {@code factor-gap.npy} (without by default): state it only
     * when every factor is an HMM, whose beliefs are probability vectors.
     *
     * @param divergence whether {@code factor-gap.npy} has the column D(η ‖ ⊗<sub>f</sub>η<sub>f</sub>)
     * @return the layout
     */
    public DatasetLayout withDivergence(boolean divergence) {
        return new DatasetLayout(this, divergence ? 2 : 1);
    }

    /** {@return the outputs} */
    public Set<Output> outputs() {
        return outputs;
    }

    /** {@return L} */
    public int length() {
        return length;
    }

    /** {@return whether sequences start with a BOS token} */
    public boolean bos() {
        return framing.bos();
    }

    /** {@return the special tokens around the symbols} */
    public Framing framing() {
        return framing;
    }

    /** {@return the type of the floating outputs} */
    public Npy.Dtype floating() {
        return floating;
    }

    /**
     * The files of {@code count} sequences, in order.
     *
     * @param count N
     * @return the files
     */
    public List<File> files(long count) {
        int rows = length + (framing.bos() ? 1 : 0) + tail;
        int beliefRows = length + 1 + tail;
        List<File> files = new ArrayList<>();
        for (Output output : outputs) {
            switch (output) {
                case TOKENS -> files.add(new File(output, -1, "tokens.npy", new long[] {count, rows}, Npy.Dtype.INT32));
                case BELIEFS -> files.add(new File(output, -1, "beliefs.npy", new long[] {count, beliefRows, states}, floating));
                case FACTOR_BELIEFS -> {
                    for (int f = 0; f < factors.length; f++) {
                        files.add(new File(output, f, "beliefs.f" + f + ".npy", new long[] {count, beliefRows, factors[f]}, floating));
                    }
                }
                case NEXT -> files.add(new File(output, -1, "next.npy", new long[] {count, rows, symbols}, floating));
                case FACTOR_GAP -> files.add(new File(output, -1, "factor-gap.npy", new long[] {count, beliefRows, gapColumns}, floating));
                default -> files.add(new File(output, -1, output.label() + ".npy", new long[] {count, rows}, floating));
            }
        }
        return files;
    }

    /**
     * Writes the values of sequences [from, to) of a source into a file's sink, inserting the BOS column or leading row
     * and appending the EOS and PAD columns or trailing rows of zeros.
     *
     * @param file   a file of this layout
     * @param source the generated sequences
     * @param from   the first sequence of the source
     * @param to     the end
     * @param sink   where the file's values of those sequences go
     * @throws IOException if the sink cannot be written
     */
    public void write(File file, Source source, int from, int to, Npy.Sink sink) throws IOException {
        switch (file.output()) {
            case TOKENS -> framing.frame(source.tokens(), from, to, length, framing.bosId(symbols), framing.eosId(symbols), framing.padId(symbols), sink);
            case BELIEFS, FACTOR_BELIEFS -> {
                int width = (int) (file.perSequence() / file.shape()[1]);
                int perSequence = (length + 1) * width;
                double[] values = source.values(file.output(), file.factor());
                if (tail == 0) {
                    sink.write(values, from * perSequence, (to - from) * perSequence);
                } else {
                    double[] zeros = zeros((long) tail * width);
                    for (int k = from; k < to; k++) {
                        sink.write(values, k * perSequence, perSequence);
                        writeZeros(sink, zeros, (long) tail * width);
                    }
                }
            }
            case FACTOR_GAP -> {
                // the source holds gap and divergence per row; without the divergence column every other value
                double[] values = source.values(file.output(), file.factor());
                int rows = length + 1;
                double[] zeros = new double[tail * gapColumns];
                for (int k = from; k < to; k++) {
                    if (gapColumns == 2) {
                        sink.write(values, k * rows * 2, rows * 2);
                    } else {
                        for (int row = k * rows; row < (k + 1) * rows; row++) {
                            sink.write(values, 2 * row, 1);
                        }
                    }
                    sink.write(zeros, 0, zeros.length);
                }
            }
            default -> {
                double[] values = source.values(file.output(), file.factor());
                int width = file.output() == Output.NEXT ? symbols : 1;
                double[] leading = new double[width];
                double[] zeros = zeros((long) tail * width);
                for (int k = from; k < to; k++) {
                    if (framing.bos()) {
                        sink.write(leading, 0, width);
                    }
                    sink.write(values, k * length * width, length * width);
                    writeZeros(sink, zeros, (long) tail * width);
                }
            }
        }
    }

    /** A buffer of zeros to write {@code count} of them from: at most {@link #CHUNK}, whatever the padding. */
    private static double[] zeros(long count) {
        return new double[(int) Math.min(CHUNK, count)];
    }

    /** Writes {@code count} zeros, {@code zeros.length} at a time. */
    private static void writeZeros(Npy.Sink sink, double[] zeros, long count) throws IOException {
        for (long left = count; left > 0; left -= zeros.length) {
            sink.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
    }

    /**
     * The bytes of a batch of {@code count} sequences: the complete {@code .npy} files of {@link #files files(count)}
     * back to back.
     *
     * @param count B
     * @return the bytes
     * @throws ArithmeticException if they exceed a long
     */
    public long batchBytes(int count) {
        long bytes = 0;
        for (File file : files(count)) {
            bytes = Math.addExact(bytes, file.bytes());
        }
        return bytes;
    }

    /**
     * Puts sequences [first, first + count) of a batch of {@code batch} sequences into {@code into}, from the source's
     * sequences [0, count): in every file of {@link #files files(batch)}, those sequences' values at their place (the
     * file's header too when first = 0). The callers of the disjoint ranges of one batch may run at once; together they
     * write the batch: the complete {@code .npy} files back to back.
     *
     * @param into   a buffer of at least {@link #batchBytes batchBytes(batch)} bytes, positioned at the batch's first byte
     * @param batch  B, the sequences of the batch
     * @param first  the batch's first sequence of this range
     * @param count  the sequences of this range
     * @param source the generated sequences of the range
     */
    public void encode(ByteBuffer into, int batch, int first, int count, Source source) {
        int at = into.position();
        try {
            for (File file : files(batch)) {
                byte[] header = Npy.header(file.dtype(), file.shape());
                ByteBuffer part = into.duplicate();
                if (first == 0) {
                    part.put(at, header);
                }
                part.position(at + header.length + (int) (first * file.perSequence() * file.dtype().bytes()));
                write(file, source, 0, count, Npy.into(part, file.dtype()));
                at += (int) file.bytes();
            }
        } catch (IOException e) {
            throw new IllegalStateException("a buffer sink does not throw IOException", e);
        }
    }

    /**
     * The metadata of a dataset directory: format, process, seed, first, count, length, dtype, beliefNormalisation
     * (only when not ghmm), freeze and groups (only with frozen factors), outputs (name, factor, file, shape and dtype
     * of each file), alphabet, factors, bos (the BOS id or null), eos (the EOS id, only with EOS), pad and pad_to (the
     * PAD id and T, only with padding) and version, in that order.
     *
     * @param d     what is stated besides the layout
     * @param first the index of the first sequence in the whole dataset
     * @param count N
     * @return the JSON object of meta.json
     */
    public ObjectNode meta(Description d, long first, long count) {
        ObjectNode meta = Json.createObjectNode();
        meta.put("format", FORMAT);
        meta.set("process", d.process());
        meta.put("seed", d.seed());
        meta.put("first", first);
        meta.put("count", count);
        meta.put("length", length);
        meta.put("dtype", floating.label());
        putNormalisation(meta, d);
        putFiles(meta, count);
        putProcess(meta, d);
        return meta;
    }

    /**
     * The header line of a stream of batches of {@code batch} sequences: the keys of meta.json that do not vary per
     * batch (format {@code ghmm-stream/1}, process, seed, length, dtype, beliefNormalisation when not ghmm, freeze
     * and groups with frozen factors, alphabet, factors, bos, eos, pad and pad_to as in meta.json, version), batch, rank,
     * world, start_batch, batches (null when endless) and the outputs of a batch, with its shapes.
     *
     * @param d          what is stated besides the layout
     * @param batch      B, sequences per batch
     * @param rank       r
     * @param world      W
     * @param startBatch K, the first batch
     * @param batches    N, or null for an endless stream
     * @return one line of JSON ending in a newline, no newline inside
     */
    public String streamHeader(Description d, int batch, int rank, int world, long startBatch, Long batches) {
        ObjectNode meta = Json.createObjectNode();
        meta.put("format", STREAM_FORMAT);
        meta.set("process", d.process());
        meta.put("seed", d.seed());
        meta.put("batch", batch);
        meta.put("rank", rank);
        meta.put("world", world);
        meta.put("start_batch", startBatch);
        if (batches == null) {
            meta.putNull("batches");
        } else {
            meta.put("batches", batches);
        }
        meta.put("length", length);
        meta.put("dtype", floating.label());
        putNormalisation(meta, d);
        putFiles(meta, batch);
        putProcess(meta, d);
        try {
            return Json.WRITER.writeValueAsString(meta) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** beliefNormalisation when not ghmm, then freeze and groups when factors are frozen. */
    private static void putNormalisation(ObjectNode meta, Description d) {
        if (d.beliefs() != BeliefNormalisation.GHMM) {
            meta.put("beliefNormalisation", d.beliefs().label());
        }
        if (!d.freeze().isEmpty()) {
            ArrayNode freeze = meta.putArray("freeze");
            d.freeze().forEach(freeze::add);
            meta.put("groups", d.groups());
        }
    }

    private void putFiles(ObjectNode meta, long count) {
        ArrayNode outputs = meta.putArray("outputs");
        for (File file : files(count)) {
            ObjectNode entry = outputs.addObject();
            entry.put("name", file.output().label());
            if (file.factor() >= 0) {
                entry.put("factor", file.factor());
            }
            entry.put("file", file.name());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(file.shape()).forEach(shape::add);
            entry.put("dtype", file.dtype().label());
        }
    }

    private void putProcess(ObjectNode meta, Description d) {
        ArrayNode alphabet = meta.putArray("alphabet");
        d.alphabet().forEach(alphabet::add);
        ArrayNode factorList = meta.putArray("factors");
        for (Factor f : d.factors()) {
            ObjectNode factor = factorList.addObject();
            factor.put("dimension", f.dimension());
            ArrayNode names = factor.putArray("alphabet");
            f.alphabet().forEach(names::add);
        }
        if (framing.bos()) {
            meta.put("bos", framing.bosId(symbols));
        } else {
            meta.putNull("bos");
        }
        if (framing.eos()) {
            meta.put("eos", framing.eosId(symbols));
        }
        if (framing.padTo() > 0) {
            meta.put("pad", framing.padId(symbols));
            meta.put("pad_to", framing.padTo());
        }
        meta.put("version", d.version());
    }

    /**
     * The files of a dataset directory, opened for writing: values arrive through {@link Rows}, one per thread, then
     * {@link #close} checks every file is complete and {@link #finish} adds meta.json.
     */
    public final class Writer implements Closeable {
        private final Path dir;
        private final List<File> files;
        private final List<Npy.Writer> writers = new ArrayList<>();

        /**
         * Creates the files of {@code count} sequences in {@code dir}.
         *
         * @param dir   an existing directory
         * @param count N
         * @throws IOException if a file cannot be created (those created are closed)
         */
        public Writer(Path dir, long count) throws IOException {
            this.dir = dir;
            this.files = DatasetLayout.this.files(count);
            try {
                for (File file : files) {
                    writers.add(Npy.Writer.of(dir.resolve(file.name()), file.dtype(), file.shape()));
                }
            } catch (IOException | RuntimeException e) {
                closeAll(e);
                throw e;
            }
        }

        /** {@return the files} */
        public List<File> files() {
            return files;
        }

        /** {@return a cursor for one thread; close it once its rows are written} */
        public Rows rows() {
            return new Rows(writers);
        }

        /**
         * Closes every file after a failure, adding what closing throws to it as suppressed.
         *
         * @param failure why the files are abandoned
         */
        public void closeAll(Throwable failure) {
            for (Npy.Writer w : writers) {
                try {
                    w.close();
                } catch (IOException | IllegalStateException suppressed) {
                    failure.addSuppressed(suppressed);
                }
            }
        }

        /**
         * Closes every file.
         *
         * @throws IOException if a file cannot be written
         * @throws IllegalStateException if a file did not receive all its values
         */
        @Override
        public void close() throws IOException {
            for (Npy.Writer w : writers) {
                w.close();
            }
        }

        /**
         * Closes every file and writes meta.json (pretty-printed).
         *
         * @param d     what meta.json states besides the layout
         * @param first the index of the first sequence in the whole dataset
         * @throws IOException if a file cannot be written (a {@link FileSystemException} naming it)
         */
        public void finish(Description d, long first) throws IOException {
            close();
            Path metaPath = dir.resolve(META);
            try (OutputStream out = Files.newOutputStream(metaPath)) {
                Json.PRETTY.writeValue(out, meta(d, first, files.get(0).shape()[0]));
            } catch (FileSystemException e) {
                throw e;
            } catch (IOException e) {
                throw OutputFiles.naming(metaPath, e);
            }
        }

        /** Where one thread writes the rows of blocks of sequences, at their place in every file. */
        public final class Rows implements Closeable {
            private final List<Npy.Writer.Region> regions = new ArrayList<>();

            private Rows(List<Npy.Writer> writers) {
                for (Npy.Writer w : writers) {
                    regions.add(w.region(0));
                }
            }

            /**
             * Writes sequences [first, first + count) of the files from the source's sequences [0, count).
             *
             * @param first  the index of the first sequence in the files
             * @param count  how many
             * @param source the generated sequences
             * @throws IOException if a file cannot be written
             */
            public void write(long first, int count, Source source) throws IOException {
                for (int i = 0; i < files.size(); i++) {
                    File file = files.get(i);
                    regions.get(i).seek(first * file.perSequence());
                    DatasetLayout.this.write(file, source, 0, count, regions.get(i));
                }
            }

            /** Writes what the regions hold. */
            @Override
            public void close() throws IOException {
                for (Npy.Writer.Region r : regions) {
                    r.close();
                }
            }
        }
    }

    /** The parsed meta.json of a dataset directory, refused in one line when missing or not JSON. */
    private static JsonNode readMeta(Path directory) throws IOException {
        Path metaPath = directory.resolve(META);
        if (!Files.isRegularFile(metaPath)) {
            throw new IllegalArgumentException(directory + " is not a ghmm dataset: it has no " + META);
        }
        return Json.readTree(metaPath);
    }

    /**
     * The frozen factors of a dataset sampled with {@code --freeze F,… --groups K}: sequence i belongs to group i mod K,
     * and the sequences of a group share the paths of the frozen factors while the others vary (meta.json keys
     * {@code "freeze"} and {@code "groups"}, both absent when nothing is frozen).
     *
     * @param frozen the frozen factors, sorted and distinct
     * @param groups K ≥ 1
     */
    public record Groups(List<Integer> frozen, int groups) {
        /**
         * Reads {@code freeze} and {@code groups} of a dataset's meta.json.
         *
         * @param directory the dataset directory
         * @return the groups, or empty when meta.json states neither key
         * @throws IllegalArgumentException (one line naming the file and key) if meta.json is missing or malformed, one
         *                                  key is given without the other, freeze is not an array of distinct factor
         *                                  indices ≥ 0 in ascending order, or groups is not a positive integer
         * @throws IOException if meta.json cannot be read
         */
        public static Optional<Groups> read(Path directory) throws IOException {
            Path metaPath = directory.resolve(META);
            JsonNode meta = readMeta(directory);
            JsonNode freeze = meta.path("freeze");
            JsonNode groups = meta.path("groups");
            if (freeze.isMissingNode() && groups.isMissingNode()) {
                return Optional.empty();
            }
            if (freeze.isMissingNode() || groups.isMissingNode()) {
                throw new IllegalArgumentException(metaPath + ": \"" + (freeze.isMissingNode() ? "groups" : "freeze") + "\" is given without \""
                        + (freeze.isMissingNode() ? "freeze" : "groups") + "\"");
            }
            if (!groups.isIntegralNumber() || !groups.canConvertToInt() || groups.asInt() < 1) {
                throw new IllegalArgumentException(metaPath + ": groups is " + groups + ", expected a positive integer");
            }
            List<Integer> frozen = new ArrayList<>();
            if (freeze.isArray()) {
                for (JsonNode f : freeze) {
                    if (!f.isIntegralNumber() || !f.canConvertToInt() || f.asInt() < 0 || (!frozen.isEmpty() && f.asInt() <= frozen.get(frozen.size() - 1))) {
                        frozen = null;
                        break;
                    }
                    frozen.add(f.asInt());
                }
            }
            if (!freeze.isArray() || frozen == null) {
                throw new IllegalArgumentException(metaPath + ": freeze is " + freeze + ", expected ascending distinct factor indices >= 0");
            }
            return Optional.of(new Groups(List.copyOf(frozen), groups.asInt()));
        }
    }

    /**
     * A dataset directory as its meta.json states it: the format, N, L, whether there is a BOS token, and its files
     * (unknown output names are skipped, so later outputs do not stop older readers).
     *
     * @param directory the directory
     * @param count     N
     * @param length    L
     * @param bos       whether sequences start with a BOS token
     * @param files     the files stated, with their stated shapes and dtypes
     * @param beliefs   how the beliefs are normalised (GHMM when meta.json does not say)
     * @param tail      the columns after the symbols, EOS and PAD tokens (0 when meta.json states neither eos nor pad_to),
     *                  which every per-position output has as trailing rows
     */
    public record Stated(Path directory, long count, int length, boolean bos, List<File> files, BeliefNormalisation beliefs, int tail) {
        /**
         * A dataset without EOS or PAD tokens, as stated before they existed.
         *
         * @param directory the directory
         * @param count     N
         * @param length    L
         * @param bos       whether sequences start with a BOS token
         * @param files     the files stated, with their stated shapes and dtypes
         * @param beliefs   how the beliefs are normalised
         */
        public Stated(Path directory, long count, int length, boolean bos, List<File> files, BeliefNormalisation beliefs) {
            this(directory, count, length, bos, files, beliefs, 0);
        }

        /**
         * Reads {@code meta.json} of a directory.
         *
         * @param directory the dataset directory
         * @return what it states
         * @throws IllegalArgumentException (one line) if meta.json is missing, malformed or of another format, N or L is
         *                                  not a positive integer, factor beliefs are not listed for factors 0 … F−1,
         *                                  beliefNormalisation is neither ghmm nor simplexity, pad is stated without
         *                                  pad_to or pad_to without pad, or pad_to leaves no column for a stated EOS
         * @throws IOException if meta.json cannot be read
         */
        public static Stated read(Path directory) throws IOException {
            Path metaPath = directory.resolve(META);
            JsonNode meta = readMeta(directory);
            if (!FORMAT.equals(meta.path("format").asText(null))) {
                throw new IllegalArgumentException(metaPath + ": format is " + meta.path("format") + ", expected \"" + FORMAT + "\"");
            }
            if (!meta.path("count").canConvertToLong() || !meta.path("length").canConvertToInt() || meta.path("count").asLong() < 1
                    || meta.path("length").asInt() < 1) {
                throw new IllegalArgumentException(metaPath + ": count and length must be positive integers");
            }
            List<File> files = new ArrayList<>();
            TreeMap<Integer, String> factors = new TreeMap<>();
            for (JsonNode entry : meta.path("outputs")) {
                Output output = Arrays.stream(Output.values()).filter(o -> o.label.equals(entry.path("name").asText(""))).findFirst().orElse(null);
                if (output == null) {
                    continue;
                }
                long[] shape = new long[entry.path("shape").size()];
                for (int k = 0; k < shape.length; k++) {
                    shape[k] = entry.path("shape").get(k).asLong();
                }
                Npy.Dtype dtype = Arrays.stream(Npy.Dtype.values()).filter(d -> d.label().equals(entry.path("dtype").asText(""))).findFirst()
                        .orElse(null);
                int factor = output == Output.FACTOR_BELIEFS ? entry.path("factor").asInt(-1) : -1;
                files.add(new File(output, factor, entry.path("file").asText(""), shape, dtype));
                if (output == Output.FACTOR_BELIEFS) {
                    factors.put(factor, entry.path("file").asText(""));
                }
            }
            List<Integer> indices = new ArrayList<>(factors.keySet());
            for (int f = 0; f < indices.size(); f++) {
                if (indices.get(f) != f) {
                    throw new IllegalArgumentException(metaPath + ": factor beliefs are listed for factors " + indices + ", expected 0 … "
                            + (indices.size() - 1));
                }
            }
            String normalisation = meta.path("beliefNormalisation").asText(BeliefNormalisation.GHMM.label);
            BeliefNormalisation beliefs = Arrays.stream(BeliefNormalisation.values()).filter(b -> b.label.equals(normalisation)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(metaPath + ": beliefNormalisation is " + meta.get("beliefNormalisation")
                            + ", expected \"ghmm\" or \"simplexity\""));
            int length = meta.get("length").asInt();
            boolean bos = meta.hasNonNull("bos");
            int eos = meta.hasNonNull("eos") ? 1 : 0;
            long tail = eos;
            if (meta.hasNonNull("pad") != meta.hasNonNull("pad_to")) {
                throw new IllegalArgumentException(metaPath + ": pad is " + (meta.hasNonNull("pad") ? meta.get("pad") : "absent") + " and pad_to "
                        + (meta.hasNonNull("pad_to") ? meta.get("pad_to") : "absent") + ", expected both or neither");
            }
            if (meta.hasNonNull("pad_to")) {
                tail = meta.get("pad_to").asLong() - length - (bos ? 1 : 0);
                if (!meta.get("pad_to").isIntegralNumber() || !meta.get("pad_to").canConvertToInt() || tail < eos) {
                    throw new IllegalArgumentException(metaPath + ": pad_to is " + meta.get("pad_to") + ", expected an integer of at least the "
                            + (length + (bos ? 1 : 0) + eos) + " tokens of a sequence");
                }
            }
            return new Stated(directory, meta.get("count").asLong(), length, bos, List.copyOf(files), beliefs, (int) tail);
        }

        /**
         * Opens a stated file for reading through a window, checked against meta.json and the layout: tokens, loss and logprob
         * [N, L(+1) + tail], next [N, L(+1) + tail, d], beliefs and the factor gap [N, L+1 + tail, d] with d ≥ 1.
         *
         * @param file one of {@link #files}
         * @return the open file; close it
         * @throws IllegalArgumentException (one line) if the file is missing or its shape differs from the stated or
         *                                  the layout's
         * @throws IOException if the file cannot be read
         */
        public Npy.Reader open(File file) throws IOException {
            Path path = directory.resolve(file.name());
            if (!Files.isRegularFile(path)) {
                throw new IllegalArgumentException(directory.resolve(META) + " lists " + path.getFileName() + " but the file is missing");
            }
            Npy.Reader m = Npy.Reader.open(path);
            try {
                long[] s = m.shape();
                if (!Arrays.equals(file.shape(), s)) {
                    throw new IllegalArgumentException(path + " has shape " + Arrays.toString(s) + " but " + META + " states "
                            + Arrays.toString(file.shape()));
                }
                boolean beliefs = file.output() == Output.BELIEFS || file.output() == Output.FACTOR_BELIEFS
                        || file.output() == Output.FACTOR_GAP;
                boolean wide = beliefs || file.output() == Output.NEXT;
                long rows = (beliefs ? length + 1 : length + (bos ? 1 : 0)) + tail;
                if (s.length != (wide ? 3 : 2) || s[0] != count || s[1] != rows || (wide && s[2] < 1)) {
                    throw new IllegalArgumentException(path + " has shape " + Arrays.toString(s) + ", expected [" + count + ", " + rows
                            + (wide ? ", d" : "") + "] for count " + count + " and the dataset's length" + (tail > 0 ? " and padding" : ""));
                }
                return m;
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
        }
    }
}
