package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.sampling.Sampler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a dataset directory: {@code tokens.npy} (int32 [N, L]); with beliefs also {@code beliefs.npy}
 * (float64 [N, L+1, S]), {@code next.npy} (float64 [N, L, |X|], the next-symbol distribution before each token)
 * and {@code loss.npy} (float64 [N, L], nats); and {@code meta.json}. Sequences are
 * generated in blocks and streamed; every file is written to a temporary name and renamed only when all are
 * complete, so an interrupted run leaves no file that looks complete.
 */
public final class DatasetWriter {
    /** Values per block, bounding memory whatever N and L. */
    private static final long BLOCK_VALUES = 1L << 22;

    private final Ghmm process;
    private final Path dir;
    private final long count;
    private final int length;
    private final long seed;
    private final boolean beliefs;
    private final int threads;
    private final PrintStream progress;

    /**
     * A writer of one dataset.
     *
     * @param process  the process, started from its own initial belief
     * @param dir      the output directory, created if missing
     * @param count    N ≥ 1 sequences
     * @param length   L ≥ 1 tokens per sequence
     * @param seed     the dataset seed
     * @param beliefs  whether to write beliefs, next-symbol distributions and losses
     * @param threads  the number of threads ≥ 1
     * @param progress where progress lines go (stderr on the command line)
     */
    public DatasetWriter(Ghmm process, Path dir, long count, int length, long seed, boolean beliefs, int threads, PrintStream progress) {
        this.process = process;
        this.dir = dir;
        this.count = count;
        this.length = length;
        this.seed = seed;
        this.beliefs = beliefs;
        this.threads = threads;
        this.progress = progress;
    }

    /**
     * Generates and writes the dataset; on any failure no file that looks complete is left.
     *
     * @param processSpec how the process was named, recorded in {@code meta.json}
     * @throws IOException if a file cannot be written
     * @throws IllegalArgumentException if the directory cannot be created or written
     */
    public void write(String processSpec) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create output directory " + dir + ": " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("output directory " + dir + " is not writable");
        }
        int n = process.states();
        List<Path> temporaries = new ArrayList<>();
        Path tokensTmp = temporary("tokens.npy", temporaries);
        Path beliefsTmp = beliefs ? temporary("beliefs.npy", temporaries) : null;
        Path nextTmp = beliefs ? temporary("next.npy", temporaries) : null;
        Path lossTmp = beliefs ? temporary("loss.npy", temporaries) : null;
        Path metaTmp = temporary("meta.json", temporaries);
        boolean done = false;
        try {
            long perSequence = (long) (length + 1) * (beliefs ? n + process.symbols() + 2 : 1);
            int block = (int) Math.max(1, Math.min(count, BLOCK_VALUES / perSequence));
            Sampler sampler = new Sampler(process);
            double[] initial = process.initial();
            boolean terminal = System.console() != null;
            long lastReport = System.nanoTime();
            try (Npy.Writer tokens = Npy.Writer.int32(tokensTmp, count, length);
                 Npy.Writer beliefOut = beliefs ? Npy.Writer.float64(beliefsTmp, count, length + 1, n) : null;
                 Npy.Writer nextOut = beliefs ? Npy.Writer.float64(nextTmp, count, length, process.symbols()) : null;
                 Npy.Writer lossOut = beliefs ? Npy.Writer.float64(lossTmp, count, length) : null) {
                // block k + 1 is generated while block k is written
                ExecutorService producer = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "ghmm-dataset-producer");
                    t.setDaemon(true);
                    return t;
                });
                try {
                    Future<Datasets.Block> pending = producer.submit(generator(sampler, initial, 0, block));
                    for (long first = 0; first < count; first += block) {
                        Datasets.Block b = await(pending);
                        if (first + block < count) {
                            pending = producer.submit(generator(sampler, initial, first + block, block));
                        }
                        tokens.write(b.tokens(), 0, b.tokens().length);
                        if (beliefs) {
                            beliefOut.write(b.beliefs(), 0, b.beliefs().length);
                            nextOut.write(b.distributions(), 0, b.distributions().length);
                            lossOut.write(b.loss(), 0, b.loss().length);
                        }
                        lastReport = report(first + b.count(), terminal, lastReport);
                    }
                } finally {
                    producer.shutdownNow();
                }
                if (terminal) {
                    progress.println();
                }
            }
            ObjectNode meta = ProcessFiles.JSON.createObjectNode();
            meta.put("process", processSpec);
            meta.set("processDefinition", ProcessFiles.toJson(process));
            meta.put("seed", seed);
            meta.put("count", count);
            meta.put("length", length);
            meta.put("states", n);
            meta.put("beliefs", beliefs);
            meta.put("threads", threads);
            meta.put("libraryVersion", Main.VERSION);
            meta.put("streams", "sequence i uses XoRoShiRo128++ seeded from (seed, i); see dev.ghmm.sampling.Datasets.stream");
            ProcessFiles.JSON.writerWithDefaultPrettyPrinter().writeValue(metaTmp.toFile(), meta);
            Main.publish(tokensTmp, dir.resolve("tokens.npy"));
            if (beliefs) {
                Main.publish(beliefsTmp, dir.resolve("beliefs.npy"));
                Main.publish(nextTmp, dir.resolve("next.npy"));
                Main.publish(lossTmp, dir.resolve("loss.npy"));
            }
            Main.publish(metaTmp, dir.resolve("meta.json"));
            done = true;
        } finally {
            if (!done) {
                for (Path p : temporaries) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Progress after {@code finished} sequences: a bar on a terminal, else a line every 5 s; returns the last line's time. */
    private long report(long finished, boolean terminal, long lastReport) {
        long now = System.nanoTime();
        if (terminal) {
            int width = 40;
            int filled = (int) (width * finished / count);
            progress.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + finished + "/" + count);
        } else if (now - lastReport > 5_000_000_000L || finished == count) {
            progress.println("ghmm sample: " + finished + "/" + count + " sequences");
            return now;
        }
        return lastReport;
    }

    /** Generates sequences [first, min(first + block, count)). */
    private Callable<Datasets.Block> generator(Sampler sampler, double[] initial, long first, int block) {
        int size = (int) Math.min(block, count - first);
        return () -> Datasets.generate(sampler, initial, first, size, length, seed, beliefs, threads);
    }

    private static Datasets.Block await(Future<Datasets.Block> pending) throws IOException {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while generating a block");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("generating a block failed", e.getCause());
        }
    }

    private Path temporary(String name, List<Path> temporaries) throws IOException {
        Path p = dir.resolve("." + name + ".partial");
        Files.deleteIfExists(p);
        temporaries.add(p);
        return p;
    }
}
