package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.PartitionReport;
import dev.ghmm.process.Process;
import dev.ghmm.process.StationaryDistributions;
import dev.ghmm.belief.ZeroProbabilityException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.List;

/**
 * The {@code ghmm} command line. Every command prints JSON on stdout ({@code --text} for human text),
 * errors on stderr; the exit code is 0 on success, 2 on bad input, 1 when a check fails.
 */
public final class Main {
    static final String USAGE = """
            usage: ghmm COMMAND [options]
              describe         --process FILE|NAME
              eval             --process FILE|NAME --word "0 1 1" [--word ...] [--words FILE]
              check-partition  --process FILE|NAME --partition "0|1 2" [--tolerance T]
              sample           --process FILE|NAME --count N --length L --seed S --out DIR [--threads T]
                               [--outputs tokens,beliefs,factor-beliefs,next,loss,logprob] [--beliefs]
                               [--dtype float32|float64] [--bos] [--first K] [--overwrite] [--initial "p0 p1 ..."]
              measures         --process FILE|NAME --max-length L [--plot FILE.png]
              msp              --process FILE|NAME --depth L [--plot FILE.png] [--colour next-symbol|probability]
              demo
            options common to all: --text (human-readable output instead of JSON)
            built-in processes: %s (parameters as mess3:x=0.05,alpha=0.85)
            """;

    private static final int PLOT_WIDTH = 900;
    private static final int PLOT_HEIGHT = 800;

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Entry point: exits with the code of {@link #run}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true"); // pictures are drawn off screen
        System.exit(new Main(System.out, System.err).run(args));
    }

    /** Runs one command and returns its exit code. */
    int run(String[] argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("help")) {
            (argv.length == 0 ? err : out).print(USAGE.formatted(Catalogue.names()));
            return argv.length == 0 ? 2 : 0;
        }
        try {
            Args args = new Args(Arrays.copyOfRange(argv, 1, argv.length));
            int code = switch (argv[0]) {
                case "describe" -> describe(args);
                case "eval" -> eval(args);
                case "check-partition" -> checkPartition(args);
                case "sample" -> sample(args);
                case "measures" -> measures(args);
                case "msp" -> msp(args);
                case "demo" -> demo(args);
                default -> throw new IllegalArgumentException("unknown command \"" + argv[0] + "\"; run ghmm --help");
            };
            out.flush();
            return code;
        } catch (IllegalArgumentException | IOException | UncheckedIOException e) {
            err.println("ghmm " + argv[0] + ": " + message(e));
            return 2;
        }
    }

    private static String message(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + e.getMessage();
        }
        return e.getMessage();
    }

    private int describe(Args args) throws IOException {
        Process process = ProcessFiles.load(args.required("process"));
        args.requireAllUsed();
        if (!(process instanceof Ghmm g)) {
            // a composite: its structure, without the joint's stationary distributions
            if (args.text()) {
                List<String> lines = new ArrayList<>();
                ProcessFiles.structureText(process, "", lines);
                lines.forEach(out::println);
            } else {
                out.println(ProcessFiles.structureJson(process));
            }
            return 0;
        }
        StationaryDistributions stationary = g.stationary();
        Partition finest = g.finestPartition(0);
        if (args.text()) {
            out.println(g);
            out.println("|1>> = " + Arrays.toString(g.one()));
            out.println("initial = " + Arrays.toString(g.initial()));
            for (int k = 0; k < stationary.distributions().size(); k++) {
                out.println("stationary " + k + " = " + Arrays.toString(stationary.distributions().get(k))
                        + (g.isHmm() ? " on class " + Arrays.toString(stationary.classes().get(k)) + ", period " + stationary.periods()[k] : ""));
            }
            out.println("finest invariant partition: " + finest);
            return 0;
        }
        ObjectNode o = ProcessFiles.JSON.createObjectNode();
        o.put("name", g.name());
        o.put("states", g.states());
        ArrayNode alphabet = o.putArray("alphabet");
        Arrays.stream(g.alphabet().names()).forEach(alphabet::add);
        o.put("hmm", g.isHmm());
        o.set("one", ProcessFiles.array(g.one()));
        o.set("initial", ProcessFiles.array(g.initial()));
        ArrayNode st = o.putArray("stationary");
        for (int k = 0; k < stationary.distributions().size(); k++) {
            ObjectNode s = st.addObject();
            s.set("distribution", ProcessFiles.array(stationary.distributions().get(k)));
            if (g.isHmm()) {
                ArrayNode cls = s.putArray("class");
                Arrays.stream(stationary.classes().get(k)).forEach(cls::add);
                s.put("period", stationary.periods()[k]);
            }
        }
        o.put("finestPartition", finest.toString());
        out.println(o);
        return 0;
    }

    private int eval(Args args) throws IOException {
        Process g = ProcessFiles.load(args.required("process"));
        List<String> words = new ArrayList<>(args.all("word"));
        String file = args.optional("words");
        if (file != null) {
            Files.readAllLines(Path.of(file)).stream().filter(l -> !l.isBlank()).forEach(words::add);
        }
        args.requireAllUsed();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("give at least one --word or --words FILE");
        }
        List<int[]> parsed = new ArrayList<>();
        for (String w : words) {
            parsed.add(g.alphabet().parse(w));
        }
        for (int[] word : parsed) {
            double lp = g.logProbability(word);
            if (args.text()) {
                out.println(g.alphabet().format(word) + ": Pr = " + Math.exp(lp) + ", ln Pr = " + lp
                        + (lp == Double.NEGATIVE_INFINITY ? "" : ", belief " + Arrays.toString(g.beliefAfter(word))));
                continue;
            }
            ObjectNode o = ProcessFiles.JSON.createObjectNode();
            ArrayNode w = o.putArray("word");
            Arrays.stream(word).mapToObj(g.alphabet()::name).forEach(w::add);
            o.put("probability", Math.exp(lp));
            if (lp == Double.NEGATIVE_INFINITY) {
                o.putNull("logProbability");
                o.putNull("belief");
                o.put("error", "the word has probability 0");
            } else {
                o.put("logProbability", lp);
                try {
                    o.set("belief", ProcessFiles.array(g.beliefAfter(word)));
                } catch (ZeroProbabilityException e) {
                    o.putNull("belief");
                    o.put("error", e.getMessage());
                }
            }
            out.println(o);
        }
        return 0;
    }

    private int checkPartition(Args args) throws IOException {
        Ghmm g = ProcessFiles.load(args.required("process")).joint();
        Partition p = Partition.parse(args.required("partition"), g.states());
        double tolerance = args.number("tolerance", 1e-12);
        args.requireAllUsed();
        PartitionReport report = g.checkPartition(p, tolerance);
        if (args.text()) {
            out.println(report);
        } else {
            ObjectNode o = ProcessFiles.JSON.createObjectNode();
            o.put("partition", p.toString());
            o.put("tolerance", tolerance);
            o.put("preserved", report.preserved());
            ArrayNode v = o.putArray("violations");
            for (PartitionReport.Violation violation : report.violations()) {
                ObjectNode e = v.addObject();
                e.put("symbol", g.alphabet().name(violation.symbol()));
                e.put("row", violation.row());
                e.put("col", violation.col());
                e.put("rowSector", violation.rowSector());
                e.put("colSector", violation.colSector());
                e.put("value", violation.value());
            }
            out.println(o);
        }
        return report.preserved() ? 0 : 1;
    }

    private int sample(Args args) throws IOException {
        String spec = args.required("process");
        Process process = ProcessFiles.load(spec);
        long count = args.integer("count", -1);
        long length = args.integer("length", -1);
        long seed = args.integer("seed", Long.MIN_VALUE);
        long first = args.integer("first", 0);
        Path dir = Path.of(args.required("out"));
        boolean beliefs = args.flag("beliefs");
        String outputs = args.optional("outputs");
        DatasetWriter.Dtype dtype = DatasetWriter.Dtype.of(Objects.requireNonNullElse(args.optional("dtype"), "float32"));
        boolean bos = args.flag("bos");
        boolean overwrite = args.flag("overwrite");
        long threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        String initial = args.optional("initial");
        args.requireAllUsed();
        if (initial != null) {
            if (!(process instanceof Ghmm g)) {
                throw new IllegalArgumentException("--initial needs a process given by its matrices; " + process.name() + " is composite");
            }
            process = g.withInitial(numbers("--initial", initial));
        }
        if (count < 1 || length < 1 || seed == Long.MIN_VALUE || threads < 1 || first < 0) {
            throw new IllegalArgumentException("need --count N >= 1, --length L >= 1, --seed S, --threads T >= 1 and --first K >= 0 (got count "
                    + count + ", length " + length + ", threads " + threads + ", first " + first + ")");
        }
        if (length > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("--length " + length + " is too large");
        }
        if (first > Long.MAX_VALUE - count) {
            throw new IllegalArgumentException("--first " + first + " + --count " + count + " exceeds " + Long.MAX_VALUE);
        }
        if (beliefs && outputs != null) {
            throw new IllegalArgumentException("--beliefs is the same as --outputs tokens,beliefs,next,loss: give one of them");
        }
        Set<String> names = beliefs ? Set.of("tokens", "beliefs", "next", "loss")
                : outputs == null ? DatasetWriter.defaultOutputs(process)
                : new LinkedHashSet<>(Arrays.asList(outputs.split(",", -1)));
        // more threads than cores only add switching; more than sequences have nothing to do
        int usable = (int) Math.min(threads, Math.min(count, Runtime.getRuntime().availableProcessors()));
        DatasetWriter.Options options = new DatasetWriter.Options(first, count, (int) length, seed, names, dtype, bos, overwrite, usable);
        new DatasetWriter(process, ProcessFiles.specJson(spec), dir, options, err).write();
        ObjectNode o = ProcessFiles.JSON.createObjectNode();
        o.put("out", dir.toString());
        o.put("first", first);
        o.put("count", count);
        o.put("length", length);
        o.put("seed", seed);
        out.println(args.text() ? "wrote " + count + " sequences of length " + length + " to " + dir : o.toString());
        return 0;
    }

    private int measures(Args args) throws IOException {
        Ghmm g = ProcessFiles.load(args.required("process")).joint();
        long max = args.integer("max-length", -1);
        Path plot = pictureFile(args);
        args.requireAllUsed();
        if (max < 0 || max > 10_000) {
            throw new IllegalArgumentException("--max-length " + max + " must be in [0, 10000]");
        }
        InformationMeasures m = InformationMeasures.compute(g, (int) max);
        if (plot != null) {
            Plots.writePng(Plots.entropyRates(m, g.name() + ": myopic entropy rate", PLOT_WIDTH, PLOT_HEIGHT), plot);
        }
        ObjectNode o = ProcessFiles.JSON.createObjectNode();
        o.set("blockEntropy", ProcessFiles.array(m.blockEntropy()));
        o.put("entropyRate", m.entropyRate());
        o.put("entropyRateExact", m.entropyRateExact());
        o.put("excessEntropy", m.excessEntropy());
        o.put("transientInformation", m.transientInformation());
        if (m.mspStates() >= 0) {
            o.put("mspStates", m.mspStates());
            o.put("statisticalComplexity", m.statisticalComplexity());
        } else {
            o.putNull("mspStates");
            o.putNull("statisticalComplexity");
        }
        out.println(args.text() ? o.toPrettyString() : o.toString());
        return 0;
    }

    private int msp(Args args) throws IOException {
        Ghmm g = ProcessFiles.load(args.required("process")).joint();
        long depth = args.integer("depth", -1);
        Path plot = pictureFile(args);
        String colour = args.optional("colour");
        args.requireAllUsed();
        Plots.Colouring colouring = colour == null || colour.equals("next-symbol") ? Plots.Colouring.NEXT_SYMBOL
                : colour.equals("probability") ? Plots.Colouring.PROBABILITY : null;
        if (colouring == null) {
            throw new IllegalArgumentException("--colour \"" + colour + "\" must be next-symbol or probability");
        }
        if (depth < 0 || depth > 10_000) {
            throw new IllegalArgumentException("--depth " + depth + " must be in [0, 10000]");
        }
        MixedStatePresentation msp = MixedStatePresentation.enumerate(g, (int) depth, InformationMeasures.TOLERANCE);
        if (plot != null) {
            Plots.writePng(Plots.beliefGeometry(msp, colouring, PLOT_WIDTH, PLOT_HEIGHT), plot);
        }
        double[] last = msp.distribution(msp.depth());
        ObjectNode o = ProcessFiles.JSON.createObjectNode();
        o.put("finite", msp.isFinite());
        o.put("depth", msp.depth());
        o.put("states", msp.size());
        ArrayNode beliefs = o.putArray("beliefs");
        for (int b = 0; b < msp.size(); b++) {
            ObjectNode e = beliefs.addObject();
            e.set("belief", ProcessFiles.array(msp.belief(b)));
            e.put("probability", last[b]);
        }
        if (msp.isFinite()) {
            ArrayNode classes = o.putArray("recurrentClasses");
            msp.recurrentClasses().forEach(cls -> classes.add(ProcessFiles.array(cls)));
            o.set("transient", ProcessFiles.array(msp.transientBeliefs()));
        }
        out.println(args.text() ? o.toPrettyString() : o.toString());
        return 0;
    }

    /** The {@code --plot} file, checked to end in .png and to sit in an existing directory; null when absent. */
    private static Path pictureFile(Args args) {
        String name = args.optional("plot");
        if (name == null) {
            return null;
        }
        Path file = Path.of(name).toAbsolutePath();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--plot \"" + name + "\" must name a .png file");
        }
        if (!Files.isDirectory(file.getParent())) {
            throw new IllegalArgumentException("--plot \"" + name + "\": directory " + file.getParent() + " does not exist");
        }
        return file;
    }

    private int demo(Args args) throws IOException {
        args.requireAllUsed();
        Demo.run(out, args.text());
        return 0;
    }

    private static double[] numbers(String what, String text) {
        String[] parts = text.trim().split("[\\s,]+");
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(what + ": entry " + i + " \"" + parts[i] + "\" is not a number");
            }
        }
        return v;
    }

    /** Options of the form {@code --name value}, {@code --name=value} or a bare {@code --flag}. */
    static final class Args {
        private final java.util.Map<String, List<String>> values = new java.util.LinkedHashMap<>();
        private final java.util.Set<String> used = new java.util.HashSet<>();

        Args(String[] argv) {
            for (int k = 0; k < argv.length; k++) {
                String a = argv[k];
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument \"" + a + "\"");
                }
                String name = a.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (k + 1 < argv.length && !argv[k + 1].startsWith("--")) {
                    value = argv[++k];
                }
                values.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
        }

        boolean text() {
            return flag("text");
        }

        boolean flag(String name) {
            used.add(name);
            List<String> v = values.get(name);
            if (v != null && v.get(0) != null) {
                throw new IllegalArgumentException("--" + name + " takes no value, got \"" + v.get(0) + "\"");
            }
            return v != null;
        }

        String optional(String name) {
            used.add(name);
            List<String> v = values.get(name);
            if (v == null) {
                return null;
            }
            if (v.get(0) == null) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            return v.get(v.size() - 1);
        }

        String required(String name) {
            String v = optional(name);
            if (v == null) {
                throw new IllegalArgumentException("missing --" + name);
            }
            return v;
        }

        List<String> all(String name) {
            used.add(name);
            List<String> v = values.getOrDefault(name, List.of());
            if (v.contains(null)) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            return v;
        }

        long integer(String name, long fallback) {
            String v = optional(name);
            try {
                return v == null ? fallback : Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " \"" + v + "\" is not an integer");
            }
        }

        double number(String name, double fallback) {
            String v = optional(name);
            try {
                double d = v == null ? fallback : Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " \"" + v + "\" is not a finite number");
            }
        }

        void requireAllUsed() {
            text();
            for (String name : values.keySet()) {
                if (!used.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name);
                }
            }
        }
    }
}
