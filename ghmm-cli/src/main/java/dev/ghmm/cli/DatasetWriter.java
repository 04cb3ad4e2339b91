package dev.ghmm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.Tolerances;
import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.Npy;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes a dataset directory (layout {@code ghmm-dataset/1}, see docs/guide.md): {@code tokens.npy} int32 [N, L] (or
 * [N, L+1] with a BOS column of id |𝒳|), {@code beliefs.npy} [N, L+1, S], {@code beliefs.f<f>.npy} [N, L+1, d_f],
 * {@code next.npy} [N, L, |𝒳|], {@code loss.npy} and {@code logprob.npy} [N, L] (with BOS each of these three gains a
 * leading row of zeros), and {@code meta.json}. Floating outputs are float32 or float64.
 *
 * <p>The dataset appears whole or not at all: it is written into a temporary sibling directory, which a failure or
 * SIGINT/SIGTERM removes, and renamed into place when complete. Each of {@code threads} threads generates its own
 * blocks of sequences and writes their rows at their place in every file, and every byte is the same whatever the
 * number of threads.
 */
public final class DatasetWriter {
    /** Values generated per block, summed over the threads (about 32 MiB of doubles). */
    private static final long BLOCK_VALUES = 1L << 22;
    /** A single sequence may hold at most this many values (1 GiB of doubles). */
    private static final long MAX_SEQUENCE_VALUES = 1L << 27;

    /** The output names of {@code --outputs}, in file order. */
    public static final List<String> OUTPUTS = List.of("tokens", "beliefs", "factor-beliefs", "next", "loss", "logprob");

    /** The floating-point type of every floating output. */
    public enum Dtype {
        /** IEEE single precision, numpy {@code <f4}. */
        FLOAT32("float32", "<f4", 4),
        /** IEEE double precision, numpy {@code <f8}. */
        FLOAT64("float64", "<f8", 8);

        final String label;
        final String descr;
        final int bytes;

        Dtype(String label, String descr, int bytes) {
            this.label = label;
            this.descr = descr;
            this.bytes = bytes;
        }

        /**
         * The type named float32 or float64.
         *
         * @param label the name
         * @return the type
         */
        public static Dtype of(String label) {
            for (Dtype d : values()) {
                if (d.label.equals(label)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("--dtype " + label + ": expected float32 or float64");
        }
    }

    /**
     * What to write.
     *
     * @param first     index of the first sequence in the whole dataset (a shard starts there)
     * @param count     N, the number of sequences
     * @param length    L, tokens per sequence (before BOS)
     * @param seed      the dataset seed
     * @param outputs   output names from {@link #OUTPUTS}
     * @param dtype     the type of floating outputs
     * @param bos       whether to prepend a BOS token of id |𝒳|
     * @param overwrite whether a non-empty output directory is replaced
     * @param threads   generator threads
     * @param simplexityNormalisation whether beliefs are written as Astera-org/simplexity normalises them,
     *                  ⟨⟨η|w⟩⟩ = 1 with w = S·|1⟩⟩/Σ<sub>i</sub>|1⟩⟩<sub>i</sub>, instead of ⟨⟨η|1⟩⟩ = 1: each belief times
     *                  Σ<sub>i</sub>|1⟩⟩<sub>i</sub>/S, the same factor for every row (1 for an HMM)
     */
    public record Options(long first, long count, int length, long seed, Set<String> outputs, Dtype dtype, boolean bos, boolean overwrite,
                   int threads, boolean simplexityNormalisation) {
    }

    /** The values of {@code meta.json}'s {@code beliefNormalisation}: ⟨⟨η|1⟩⟩ = 1, or simplexity's ⟨⟨η|w⟩⟩ = 1. */
    static final String GHMM_NORMALISATION = "ghmm";
    static final String SIMPLEXITY_NORMALISATION = "simplexity";

    /** One file of the dataset: its output name, factor (or −1), file name, shape and numpy type. */
    private record FileSpec(String name, int factor, String file, long[] shape, String dtype) {
        long bytes(int valueBytes) {
            return Math.addExact(128, Math.multiplyExact(Math.multiplyExact(shape[0], perSequence()), valueBytes));
        }

        /** Values of one sequence: the product of the shape after its first axis. */
        long perSequence() {
            return Arrays.stream(shape).skip(1).reduce(1, Math::multiplyExact);
        }
    }

    private final Process process;
    private final JsonNode spec;
    private final Path out;
    private final Options o;
    private final PrintStream progress;
    private final int symbols;
    private final int[] partDims;
    private final int states;
    /** The factors the joint and each part's beliefs are multiplied by when written (all 1 without simplexity normalisation). */
    private final double jointScale;
    private final double[] partScales;

    /**
     * A writer of one dataset.
     *
     * @param process  the process
     * @param spec     its full specification, recorded in meta.json so the dataset can be regenerated
     * @param out      the output directory
     * @param options  what to write
     * @param progress where progress lines go
     * @throws IllegalArgumentException on unknown outputs, factor beliefs of a process that is not factored, or a
     *                                  sequence of more than 2<sup>27</sup> values (1 GiB of doubles) with these outputs
     */
    public DatasetWriter(Process process, JsonNode spec, Path out, Options options, PrintStream progress) {
        this.process = process;
        this.spec = spec;
        this.out = out;
        this.o = options;
        this.progress = progress;
        BeliefFilter filter = process.filter();
        this.symbols = filter.symbols();
        this.states = filter.dimension();
        this.partDims = new int[filter.parts()];
        for (int p = 0; p < partDims.length; p++) {
            partDims[p] = filter.partDimension(p);
        }
        this.partScales = new double[partDims.length];
        Arrays.fill(partScales, 1.0);
        double joint = 1.0;
        if (o.simplexityNormalisation()) {
            if (process instanceof FactoredProcess fp) {
                for (int f = 0; f < partScales.length; f++) {
                    partScales[f] = simplexityScale(fp.variant(f, 0).one(), "factor " + f);
                    joint *= partScales[f];
                }
            } else {
                joint = simplexityScale(process.joint().one(), process.name());
            }
        }
        this.jointScale = joint;
        for (String name : o.outputs()) {
            if (!OUTPUTS.contains(name)) {
                throw new IllegalArgumentException("--outputs: unknown output \"" + name + "\"; expected some of " + String.join(",", OUTPUTS));
            }
        }
        if (o.outputs().isEmpty()) {
            throw new IllegalArgumentException("--outputs is empty; expected some of " + String.join(",", OUTPUTS));
        }
        if (o.outputs().contains("factor-beliefs") && !(process instanceof FactoredProcess)) {
            throw new IllegalArgumentException("--outputs factor-beliefs needs a factored process; " + process.name() + " is not one");
        }
        long perSequence = valuesPerSequence(recorded());
        if (perSequence > MAX_SEQUENCE_VALUES) {
            throw new IllegalArgumentException("--length " + o.length() + " with these outputs needs " + perSequence + " values per sequence ("
                    + perSequence * 8 / (1 << 20) + " MiB), more than the " + MAX_SEQUENCE_VALUES * 8 / (1 << 20) + " MiB a sequence may hold");
        }
    }

    /**
     * Σ<sub>i</sub>|1⟩⟩<sub>i</sub>/S: a belief with ⟨⟨η|1⟩⟩ = 1 times this has ⟨⟨η|w⟩⟩ = 1 for simplexity's
     * w = S·|1⟩⟩/Σ<sub>i</sub>|1⟩⟩<sub>i</sub> (its normalising eigenvector, scaled to sum to S).
     *
     * @throws IllegalArgumentException when Σ<sub>i</sub>|1⟩⟩<sub>i</sub> = 0, which leaves w undefined
     */
    static double simplexityScale(double[] one, String what) {
        double sum = Vectors.sum(one);
        if (Math.abs(sum) <= Tolerances.INPUT * Vectors.maxAbs(one)) {
            throw new IllegalArgumentException("--simplexity-normalisation: the entries of |1⟩⟩ of " + what + " sum to " + sum
                    + ", so simplexity's normalising vector S·|1⟩⟩/Σ|1⟩⟩ is undefined");
        }
        return sum / one.length;
    }

    /**
     * The default outputs: tokens and factor beliefs for a factored process, tokens and joint beliefs otherwise.
     *
     * @param process the process
     * @return the output names
     */
    public static Set<String> defaultOutputs(Process process) {
        return Set.of("tokens", process instanceof FactoredProcess ? "factor-beliefs" : "beliefs");
    }

    private List<FileSpec> files() {
        long n = o.count();
        int l = o.length();
        int rows = l + (o.bos() ? 1 : 0);
        String f = o.dtype().descr;
        List<FileSpec> files = new ArrayList<>();
        for (String name : OUTPUTS) {
            if (!o.outputs().contains(name)) {
                continue;
            }
            switch (name) {
                case "tokens" -> files.add(new FileSpec(name, -1, "tokens.npy", new long[] {n, rows}, "<i4"));
                case "beliefs" -> files.add(new FileSpec(name, -1, "beliefs.npy", new long[] {n, l + 1, states}, f));
                case "factor-beliefs" -> {
                    for (int p = 0; p < partDims.length; p++) {
                        files.add(new FileSpec(name, p, "beliefs.f" + p + ".npy", new long[] {n, l + 1, partDims[p]}, f));
                    }
                }
                case "next" -> files.add(new FileSpec(name, -1, "next.npy", new long[] {n, rows, symbols}, f));
                default -> files.add(new FileSpec(name, -1, name + ".npy", new long[] {n, rows}, f));
            }
        }
        return files;
    }

    /**
     * Generates and writes the dataset into {@link #out}.
     *
     * @throws IllegalArgumentException on an unusable output directory (not empty without overwrite, parent missing,
     *                                  not enough space, naming the bytes needed) or an invalid process
     * @throws IOException if writing fails; the previous state of the output directory is then unchanged
     */
    public void write() throws IOException {
        List<FileSpec> files = files();
        OutputFiles.writeDirectory(out, o.overwrite(), () -> {
            long needed = 4096;
            try {
                for (FileSpec file : files) {
                    needed = Math.addExact(needed, file.bytes(file.dtype().equals("<i4") ? 4 : o.dtype().bytes));
                }
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("--count " + o.count() + " with --length " + o.length() + " would need more than "
                        + Long.MAX_VALUE + " bytes");
            }
            return needed;
        }, dir -> writeFiles(dir, files));
    }

    /** What the generator records for these outputs. */
    private Set<Datasets.Output> recorded() {
        Set<Datasets.Output> recorded = EnumSet.noneOf(Datasets.Output.class);
        Set<String> names = o.outputs();
        if (names.contains("beliefs")) {
            recorded.add(Datasets.Output.BELIEFS);
        }
        if (names.contains("factor-beliefs")) {
            recorded.add(Datasets.Output.PART_BELIEFS);
        }
        if (names.contains("next")) {
            recorded.add(Datasets.Output.NEXT);
        }
        if (names.contains("loss")) {
            recorded.add(Datasets.Output.LOSS);
        }
        if (names.contains("logprob")) {
            recorded.add(Datasets.Output.LOGPROB);
        }
        return recorded;
    }

    /** Values one generated sequence holds (tokens, the recorded rows and two scalars per position). */
    private long valuesPerSequence(Set<Datasets.Output> recorded) {
        return (long) (o.length() + 1) * (1 + (recorded.contains(Datasets.Output.BELIEFS) ? states : 0)
                + (recorded.contains(Datasets.Output.PART_BELIEFS) ? Arrays.stream(partDims).sum() : 0)
                + (recorded.contains(Datasets.Output.NEXT) ? symbols : 0) + 2);
    }

    private void writeFiles(Path dir, List<FileSpec> files) throws IOException {
        Set<Datasets.Output> recorded = recorded();
        long perSequence = valuesPerSequence(recorded);
        // each thread holds at least one sequence: no more threads than keep the buffers within two of the longest
        // sequences allowed (2 GiB of doubles), which bounds memory as a single generator with a double buffer did
        int threads = (int) Math.max(1, Math.min(Math.min(o.threads(), o.count()), 2 * MAX_SEQUENCE_VALUES / perSequence));
        // every worker holds one block: together about BLOCK_VALUES values, and at least one block per worker
        int block = (int) Math.max(1, Math.min((o.count() + threads - 1) / threads, BLOCK_VALUES / threads / perSequence));
        long blocks = (o.count() + block - 1) / block;
        Map<FileSpec, Npy.Writer> writers = new LinkedHashMap<>();
        try {
            for (FileSpec file : files) {
                Path path = dir.resolve(file.file());
                writers.put(file, switch (file.dtype()) {
                    case "<i4" -> Npy.Writer.int32(path, file.shape());
                    case "<f4" -> Npy.Writer.float32(path, file.shape());
                    default -> Npy.Writer.float64(path, file.shape());
                });
            }
            Workers workers = new Workers(writers, recorded, block, blocks);
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "ghmm-dataset-writer");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> jobs = new ArrayList<>();
                for (int w = 0; w < threads; w++) {
                    int worker = w;
                    jobs.add(pool.submit(() -> workers.run(worker, threads)));
                }
                await(jobs, workers);
            } finally {
                pool.shutdownNow();
            }
            workers.rethrow();
        } catch (RuntimeException | IOException | Error e) {
            // the directory is discarded; closing half-written files must not hide why
            for (Npy.Writer w : writers.values()) {
                try {
                    w.close();
                } catch (IOException | IllegalStateException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        for (Npy.Writer w : writers.values()) {
            w.close();
        }
        ProcessFiles.writeJson(dir.resolve("meta.json"), meta(files));
    }

    /** Waits for every worker, reporting progress meanwhile. */
    private void await(List<Future<?>> jobs, Workers workers) throws IOException {
        boolean terminal = System.console() != null;
        long lastReport = System.nanoTime();
        for (Future<?> job : jobs) {
            while (true) {
                try {
                    job.get(250, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    long finished = workers.finished.get();
                    if (finished < o.count()) {
                        lastReport = report(finished, terminal, lastReport);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while writing the dataset");
                } catch (ExecutionException e) {
                    throw new IllegalStateException("a dataset worker failed outside its blocks", e.getCause());
                }
            }
        }
        report(workers.finished.get(), terminal, lastReport);
        if (terminal) {
            progress.println();
        }
    }

    /**
     * Workers that each generate their blocks of sequences (block b of worker w when b ≡ w mod T) into a buffer of their
     * own and write the block's rows of every file at their place, so nothing is copied between threads and every
     * byte lands where one thread would put it. After a block fails, the blocks after it are skipped and those
     * before it still run, so the failure reported is the first block's, as on one thread.
     */
    private final class Workers {
        private final Map<FileSpec, Npy.Writer> writers;
        private final Set<Datasets.Output> recorded;
        private final int block;
        private final long blocks;
        /** Sequences written. */
        final AtomicLong finished = new AtomicLong();
        /** The first failed block, or {@link Long#MAX_VALUE}. */
        private final AtomicLong failedBlock = new AtomicLong(Long.MAX_VALUE);
        private final Map<Long, Throwable> failures = new ConcurrentHashMap<>();

        Workers(Map<FileSpec, Npy.Writer> writers, Set<Datasets.Output> recorded, int block, long blocks) {
            this.writers = writers;
            this.recorded = recorded;
            this.block = block;
            this.blocks = blocks;
        }

        /** Blocks w, w + T, w + 2T, … through one buffer and one region per file. */
        void run(int w, int threads) {
            Datasets.Block buffer = null;
            Map<FileSpec, Npy.Writer.Region> regions = new LinkedHashMap<>();
            for (Map.Entry<FileSpec, Npy.Writer> e : writers.entrySet()) {
                regions.put(e.getKey(), e.getValue().region(0));
            }
            long[] perSequence = regions.keySet().stream().mapToLong(FileSpec::perSequence).toArray();
            for (long b = w; b < blocks && b < failedBlock.get(); b += threads) {
                long done = b * block;
                int size = (int) Math.min(block, o.count() - done);
                try {
                    if (buffer == null || buffer.count() != size) {
                        buffer = Datasets.Block.allocate(process, recorded, size, o.length());
                    }
                    Datasets.generate(process, o.first() + done, o.seed(), 1, buffer);
                    int i = 0;
                    for (Map.Entry<FileSpec, Npy.Writer.Region> e : regions.entrySet()) {
                        e.getValue().seek(done * perSequence[i++]);
                        writeBlock(e.getKey(), e.getValue(), buffer);
                    }
                    if (b + threads >= blocks) {
                        for (Npy.Writer.Region region : regions.values()) {
                            region.close();
                        }
                    }
                } catch (RuntimeException | IOException | Error t) {
                    failures.put(b, t);
                    failedBlock.accumulateAndGet(b, Math::min);
                    return;
                }
                finished.addAndGet(size);
            }
        }

        /** Throws the first failed block's error, if any. */
        void rethrow() throws IOException {
            Throwable t = failures.get(failedBlock.get());
            if (t instanceof IOException io) {
                throw io;
            }
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error error) {
                throw error; // out of memory in a worker is reported as in the caller
            }
        }
    }

    /** The values times {@code scale}, in place (each array of a block goes to one file only); unchanged for 1. */
    private static double[] scaled(double[] values, double scale) {
        if (scale != 1.0) {
            Vectors.scale(values, scale);
        }
        return values;
    }

    /** Writes one block's rows of one file, inserting the BOS column or leading row. */
    private void writeBlock(FileSpec file, Npy.Writer.Region w, Datasets.Block b) throws IOException {
        int l = o.length();
        switch (file.name()) {
            case "tokens" -> {
                int[] bos = {symbols};
                for (int k = 0; k < b.count(); k++) {
                    if (o.bos()) {
                        w.write(bos, 0, 1);
                    }
                    w.write(b.tokens(), k * l, l);
                }
            }
            case "beliefs" -> w.write(scaled(b.beliefs(), jointScale), 0, b.beliefs().length);
            case "factor-beliefs" -> w.write(scaled(b.parts()[file.factor()], partScales[file.factor()]), 0, b.parts()[file.factor()].length);
            default -> {
                double[] values = switch (file.name()) {
                    case "next" -> b.next();
                    case "loss" -> b.loss();
                    default -> b.logprob();
                };
                int width = file.name().equals("next") ? symbols : 1;
                double[] leading = new double[width];
                for (int k = 0; k < b.count(); k++) {
                    if (o.bos()) {
                        w.write(leading, 0, width);
                    }
                    w.write(values, k * l * width, l * width);
                }
            }
        }
    }

    private ObjectNode meta(List<FileSpec> files) {
        ObjectNode meta = ProcessFiles.JSON.createObjectNode();
        meta.put("format", "ghmm-dataset/1");
        meta.set("process", spec);
        meta.put("seed", o.seed());
        meta.put("first", o.first());
        meta.put("count", o.count());
        meta.put("length", o.length());
        meta.put("dtype", o.dtype().label);
        meta.put("beliefNormalisation", o.simplexityNormalisation() ? SIMPLEXITY_NORMALISATION : GHMM_NORMALISATION);
        ArrayNode outputs = meta.putArray("outputs");
        for (FileSpec file : files) {
            ObjectNode entry = outputs.addObject();
            entry.put("name", file.name());
            if (file.factor() >= 0) {
                entry.put("factor", file.factor());
            }
            entry.put("file", file.file());
            ArrayNode shape = entry.putArray("shape");
            Arrays.stream(file.shape()).forEach(shape::add);
            entry.put("dtype", switch (file.dtype()) {
                case "<i4" -> "int32";
                case "<f4" -> "float32";
                default -> "float64";
            });
        }
        ArrayNode alphabet = meta.putArray("alphabet");
        Arrays.stream(process.alphabet().names()).forEach(alphabet::add);
        ArrayNode factors = meta.putArray("factors");
        if (process instanceof FactoredProcess fp) {
            for (int f = 0; f < fp.factorCount(); f++) {
                ObjectNode factor = factors.addObject();
                factor.put("dimension", fp.dimensions()[f]);
                ArrayNode names = factor.putArray("alphabet");
                Alphabet a = fp.factor(f).alphabet();
                Arrays.stream(a.names()).forEach(names::add);
            }
        }
        if (o.bos()) {
            meta.put("bos", symbols);
        } else {
            meta.putNull("bos");
        }
        meta.put("version", OutputFiles.VERSION);
        return meta;
    }

    private long report(long finished, boolean terminal, long lastReport) {
        long now = System.nanoTime();
        if (terminal) {
            int width = 40;
            int filled = (int) (width * finished / o.count());
            progress.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + finished + "/" + o.count());
        } else if (now - lastReport > 5_000_000_000L || finished == o.count()) {
            progress.println("ghmm sample: " + finished + "/" + o.count() + " sequences");
            return now;
        }
        return lastReport;
    }
}
