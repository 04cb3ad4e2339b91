package dev.ghmm.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.Npy;
import dev.ghmm.probe.Activations;
import dev.ghmm.probe.BeliefDataset;
import dev.ghmm.probe.ProbeFit;
import dev.ghmm.probe.ProbeFitter;
import dev.ghmm.probe.ProbeOptions;
import dev.ghmm.process.Catalogue;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Fitting probes on n positions of d activations (float32 on disk, memory-mapped) to two Mess3 factors' beliefs on T
 * threads: one pass of streamed moments, O(n·d²) time and O(d²) memory. The data lie in
 * {@code ghmm-bench/target/probe-data/n<n>} (d = 256) or {@code n<n>-d<d>} relative to the working directory, or under
 * the system property {@code ghmm.bench.probeData} (written on first use, deterministic), where numpy's peers read the
 * same files when report.sh runs from the repository root. The default grid is d = 256; the wide case runs with
 * {@code -p positions=100000 -p width=2048}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ProbeBench {
    /** Positions per sequence: L = 1000 symbols, no BOS, so position p is paired with belief row p + 1. */
    public static final int LENGTH = 1000;

    /** Instantiated by JMH. */
    public ProbeBench() {
    }

    /** The files of one size. */
    @State(Scope.Benchmark)
    public static class Data {
        /** n, the number of positions (N = n / 1000 sequences). */
        @Param({"100000", "1000000"})
        public int positions;

        /** d, the activation width. */
        @Param({"256"})
        public int width;

        /** T, the threads that accumulate moments. */
        @Param({"1", "2"})
        public int threads;

        Path dir;

        /** Instantiated by JMH. */
        public Data() {
        }

        /**
         * Writes the files unless they exist.
         *
         * @throws IOException if they cannot be written
         */
        @Setup
        public void setUp() throws IOException {
            dir = write(Path.of(System.getProperty("ghmm.bench.probeData", "ghmm-bench/target/probe-data")), positions, width);
        }
    }

    /**
     * Writes (unless present) {@code root/n<n>} ({@code n<n>-d<d>} unless d = 256): a {@code ghmm-dataset/1} directory of
     * n / 1000 sequences of two Mess3 factors' beliefs (float64) and {@code acts.npy} float32 [N, 1000, d],
     * x = G·[Vᵀη₀; Vᵀη₁] + 0.5ε with G and ε standard normal (seeded).
     *
     * @param root  the parent directory
     * @param n     the positions, a multiple of 1000
     * @param width d
     * @return the directory
     * @throws IOException if a file cannot be written
     */
    public static Path write(Path root, int n, int width) throws IOException {
        Path dir = root.resolve("n" + n + (width == 256 ? "" : "-d" + width));
        if (Files.exists(dir.resolve("acts.npy"))) {
            return dir;
        }
        Path tmp = root.resolve("." + dir.getFileName() + ".partial");
        Files.createDirectories(tmp);
        int count = n / LENGTH;
        FactoredProcess process = FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85));
        Datasets.Block block = Datasets.generate(process, EnumSet.of(Datasets.Output.PART_BELIEFS), 0, count, LENGTH, 1, 1);
        DatasetLayout layout = new DatasetLayout(EnumSet.of(DatasetLayout.Output.FACTOR_BELIEFS), LENGTH, false, Npy.Dtype.FLOAT64,
                process.alphabet().size(), process.filter().dimension(), process.dimensions());
        List<DatasetLayout.Factor> factors = new ArrayList<>();
        for (int f = 0; f < process.factorCount(); f++) {
            factors.add(new DatasetLayout.Factor(process.dimensions()[f], List.of(process.factor(f).alphabet().names())));
        }
        DatasetLayout.Description description = new DatasetLayout.Description(
                JsonNodeFactory.instance.textNode("FactoredProcess.of(Catalogue.mess3(0.15, 0.6), Catalogue.mess3(0.05, 0.85))"), 1,
                List.of(process.alphabet().names()), factors, "ghmm-bench", DatasetLayout.BeliefNormalisation.GHMM);
        DatasetLayout.Writer files = layout.new Writer(tmp, count);
        try (DatasetLayout.Writer.Rows rows = files.rows()) {
            rows.write(0, count, new DatasetLayout.Source() {
                @Override
                public int[] tokens() {
                    return block.tokens();
                }

                @Override
                public double[] values(DatasetLayout.Output output, int factor) {
                    return block.parts()[factor];
                }
            });
        }
        files.finish(description, 0);
        SplittableRandom rng = new SplittableRandom(7);
        double[][] g = new double[width][4];
        for (double[] row : g) {
            for (int j = 0; j < 4; j++) {
                row[j] = gaussian(rng);
            }
        }
        double r2 = Math.sqrt(2);
        double r6 = Math.sqrt(6);
        double[] x = new double[LENGTH * width];
        try (Npy.Writer w = Npy.Writer.float32(tmp.resolve("acts.npy"), count, LENGTH, width)) {
            for (int i = 0; i < count; i++) {
                for (int p = 0; p < LENGTH; p++) {
                    int row = i * (LENGTH + 1) + p + 1;
                    double[] a = new double[4];
                    for (int f = 0; f < 2; f++) {
                        double[] eta = block.parts()[f];
                        a[2 * f] = (eta[row * 3] - eta[row * 3 + 1]) / r2;
                        a[2 * f + 1] = (eta[row * 3] + eta[row * 3 + 1] - 2 * eta[row * 3 + 2]) / r6;
                    }
                    for (int k = 0; k < width; k++) {
                        x[p * width + k] = g[k][0] * a[0] + g[k][1] * a[1] + g[k][2] * a[2] + g[k][3] * a[3] + 0.5 * gaussian(rng);
                    }
                }
                w.write(x, 0, x.length);
            }
        }
        Files.move(tmp, dir);
        return dir;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box–Muller, one of the pair
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /**
     * One fit of both factors' probes on every position (no validation split; the shuffled baseline is accumulated too,
     * as always).
     *
     * @param data the files
     * @return the fit
     * @throws IOException if a file cannot be read
     */
    @Benchmark
    public ProbeFit fit(Data data) throws IOException {
        return fit(data.dir, data.threads);
    }

    private static ProbeFit fit(Path dir, int threads) throws IOException {
        try (Activations a = Activations.open(dir.resolve("acts.npy")); BeliefDataset ds = BeliefDataset.open(dir)) {
            return ProbeFitter.fit(a, ds, ProbeOptions.defaults().withValidation(0), threads, done -> { });
        }
    }

    /**
     * Writes the data of n positions and width d into {@code root} (report.sh runs it before numpy reads them); given T
     * and a number of fits too, times that many fits on T threads after one unmeasured fit, printing each fit's wall
     * time and the CPU time of the whole process (every thread's, the JIT's and the collector's included) in seconds.
     *
     * @param args root, n, d, and optionally T and the number of fits
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Path dir = write(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        System.out.println(dir);
        if (args.length > 3) {
            int threads = Integer.parseInt(args[3]);
            int fits = Integer.parseInt(args[4]);
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            fit(dir, threads);
            for (int i = 0; i < fits; i++) {
                long cpu = os.getProcessCpuTime();
                long wall = System.nanoTime();
                fit(dir, threads);
                System.out.printf(Locale.ROOT, "fit n=%s d=%s threads=%d wall %.3f s cpu %.3f s%n", args[1], args[2], threads,
                        (System.nanoTime() - wall) / 1e9, (os.getProcessCpuTime() - cpu) / 1e9);
            }
        }
    }
}
