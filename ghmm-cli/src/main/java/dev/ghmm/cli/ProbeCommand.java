package dev.ghmm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.probe.Activations;
import dev.ghmm.probe.BeliefDataset;
import dev.ghmm.probe.ExplainedVariance;
import dev.ghmm.probe.Geometry;
import dev.ghmm.probe.ProbeFiles;
import dev.ghmm.probe.ProbeFit;
import dev.ghmm.probe.ProbeFitter;
import dev.ghmm.probe.ProbeOptions;
import dev.ghmm.probe.RankDeficientException;
import dev.ghmm.probe.VaryOneSubspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.knowm.xchart.internal.chartpart.Chart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ghmm probe}: fits linear probes from activations to the beliefs of a dataset ({@link ProbeFit}) and writes
 * the probe directory ({@code ghmm-probe/1}, docs/guide.md) whole or not at all, with pictures on request.
 */
@Command(name = "probe", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Fits linear probes from residual-stream activations to the beliefs of a ghmm dataset.",
            "Writes probe.json (R², RMSE and shuffled baselines per target and dimension, geometry) and the weights as .npy in the layout"
                + " ghmm-probe/1 (docs/guide.md, \"Probe activations from the command line\")."})
final class ProbeCommand extends CommandBase {
    /** At most this many points per picture: the first validation sequences (training ones without validation). */
    static final int PLOT_POINTS = 3000;
    static final int PLOT_SIZE = 600;
    /** Without --layer, a file of several layers gives one probe directory per layer and this index of them. */
    static final String LAYERS_FILE = "layers.json";
    static final String LAYERS_FORMAT = "ghmm-probe-layers/1";
    /** With several --activations files, the table of layers × checkpoints × measures and its picture. */
    static final String CHECKPOINTS_FILE = "checkpoints.json";
    static final String CHECKPOINTS_FORMAT = "ghmm-probe-checkpoints/1";
    static final String CHECKPOINTS_PNG = "checkpoints.png";
    static final String VARY_ONE_FILE = "varyone.json";
    /** F=ACTS:DIR, the dataset directory after the last colon. */
    private static final Pattern VARY_ONE = Pattern.compile("(\\d{1,9})=(.+):([^:]+)");
    /** The shape of a checkpoint's panel in the picture. */
    static final int PANEL_WIDTH = 420;
    static final int PANEL_HEIGHT = 320;

    /** A --vary-one pair: factor F's activations and its dataset. */
    private record VaryOne(int factor, Path activations, Path dataset) {
    }

    /** What must agree between checkpoints: N, P, d and the number of layers. */
    private record Shape(long sequences, int positions, int width, int layers) {
        static Shape of(Path file, Integer layer) throws IOException {
            try (Activations a = Activations.open(file, layer == null ? 0 : layer)) {
                return new Shape(a.sequences(), a.positions(), a.width(), a.layers());
            }
        }

        @Override
        public String toString() {
            return "N = " + sequences + ", P = " + positions + ", d = " + width + ", " + layers + (layers == 1 ? " layer" : " layers");
        }
    }

    @Option(names = "--dataset", required = true, paramLabel = "DIR", converter = Options.AnyPath.class,
            description = "A ghmm-dataset/1 directory (ghmm sample) with the beliefs to predict.")
    Path dataset;

    @Option(names = "--activations", required = true, arity = "1..*", paramLabel = "FILE", converter = Options.AnyPath.class,
            description = {".npy of float16/32/64, [N, P, d] or [layers, N, P, d], recorded on the dataset's sequences.",
                "Several files are checkpoints of one model (the same N, P, d and layers): each is fitted into --out/LABEL, compared in "
                    + "checkpoints.json and checkpoints.png."})
    List<Path> activations;

    @Option(names = "--labels", paramLabel = "LIST", description = "The checkpoints' labels, comma-separated, one per --activations file, each "
            + "naming its directory: letters, digits, '.', '_' and '-' (default: the file names without .npy).")
    String labels;

    @Option(names = "--vary-one", paramLabel = "F=ACTS:DIR", description = {"Factor F's vary-one subspace from activations ACTS recorded by the "
            + "same model on the dataset DIR, sampled with every factor but F frozen (ghmm sample --freeze ... --groups K); repeat it per factor.",
        "Writes varyone.json beside probe.json (one --activations file only)."})
    List<String> varyOne = new ArrayList<>();

    @Option(names = "--projected-k", paramLabel = "K", converter = Options.Positive.class, description = "Projected regression onto the first "
            + "k = 1 ... K directions of each vary-one subspace, 1 <= K <= d (default: the subspace's dimension at the largest --levels share).")
    Integer projectedK;

    @Option(names = "--layer", paramLabel = "K", converter = Options.Index.class,
            description = "The layer of a [layers, N, P, d] file, 0 <= K < layers (default: every layer, each into --out/layerK).")
    Integer layer;

    @Option(names = "--targets", paramLabel = "joint|factors|both", converter = Options.TargetsName.class,
            completionCandidates = Options.TargetsName.class,
            description = "Which beliefs to predict (default: both when the dataset has joint and factor beliefs, else the ones it has).")
    ProbeOptions.Targets targets;

    @Option(names = "--weights", paramLabel = "uniform|logprob", converter = Options.WeightsName.class,
            completionCandidates = Options.WeightsName.class,
            description = "Row weights: 1 (default), or the prefix probability from logprob.npy.")
    ProbeOptions.Weighting weights = ProbeOptions.Weighting.UNIFORM;

    @Option(names = "--ridge", paramLabel = "λ", converter = Options.NonNegative.class,
            description = "Ridge λ >= 0 on the scale of the activation covariance (default 0).")
    double ridge;

    @Option(names = "--validation", paramLabel = "FRACTION", converter = Options.Fraction.class,
            description = "The last fraction of sequences held out for validation, in [0, 1) (default 0.2).")
    double validation = ProbeOptions.defaults().validation();

    @Option(names = "--seed", paramLabel = "S", converter = Options.Seed.class,
            description = "Seed of the shuffled-target baseline's permutation, any 64-bit integer (default 0).")
    long seed;

    @Option(names = "--first-row", paramLabel = "R", converter = Options.Index.class,
            description = "The belief row of activation position 0 (default: 0 with a BOS token, 1 without; see the guide).")
    Integer firstRow;

    @Option(names = "--first-sequence", paramLabel = "K", converter = Options.First.class,
            description = "The activations hold the dataset's sequences K, K + 1, ... only (as many as the file has), e.g. a validation "
                    + "range recorded alone (default: every sequence of the dataset, in order).")
    Long firstSequence;

    @Option(names = "--skip-positions", paramLabel = "K", converter = Options.Index.class,
            description = "Leave activation positions p < K out of the fit, the scores and the explained variance (default 0; the paper skips 1).")
    int skipPositions;

    @Option(names = "--levels", paramLabel = "LIST", description = "Shares p in (0, 1] at which NC@p (the components that explain a share p of "
            + "the variance) is reported, comma-separated (default 0.9,0.95,0.99).")
    String levels = "0.9,0.95,0.99";

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = Options.AnyPath.class,
            description = "The probe directory: new, empty, or replaced whole with --overwrite.")
    Path out;

    @Option(names = "--overwrite", description = "Replace a non-empty --out whole.")
    boolean overwrite;

    @Option(names = "--threads", paramLabel = "T", converter = Options.Threads.class,
            description = "Threads that accumulate the moments, T >= 1, capped at the available processors (default: the available processors); "
                    + "probe.json never depends on it.")
    Integer threads;

    @Option(names = "--plot", description = "Also draw each target's true and predicted beliefs side by side (beliefs.TARGET.png in --out).")
    boolean plot;

    ProbeCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        double[] shares = Options.numbers("--levels", levels);
        for (double p : shares) {
            if (!(p > 0 && p <= 1)) {
                throw usage(Options.refused("--levels", levels, "holds " + p + ": every share must be in (0, 1]"));
            }
        }
        boolean several = activations.size() > 1;
        List<String> names = checkpointLabels();
        List<VaryOne> pairs = varyOnePairs();
        List<Path> inputs = new ArrayList<>(List.of(dataset));
        inputs.addAll(activations);
        pairs.forEach(v -> inputs.addAll(List.of(v.activations(), v.dataset())));
        Path[] read = inputs.toArray(Path[]::new);
        OutputFiles.checkDirectory(out, overwrite, read);
        Shape shape = Shape.of(activations.get(0), layer);
        for (int c = 1; c < activations.size(); c++) {
            Shape other = Shape.of(activations.get(c), layer);
            if (!other.equals(shape)) {
                throw usage("--activations " + activations.get(c) + " has " + other + "; the first checkpoint " + activations.get(0) + " has " + shape);
            }
        }
        for (VaryOne v : pairs) {
            Shape other = Shape.of(v.activations(), layer);
            if (other.width() != shape.width() || other.layers() != shape.layers()) {
                throw usage("--vary-one " + v.factor() + "=" + v.activations() + ": d = " + other.width() + " and " + other.layers()
                        + " layer(s), but " + activations.get(0) + " has d = " + shape.width() + " and " + shape.layers());
            }
        }
        if (projectedK != null && projectedK > shape.width()) {
            throw usage("--projected-k " + projectedK + " is larger than d = " + shape.width() + " of " + activations.get(0));
        }
        boolean everyLayer = layer == null && shape.layers() > 1;
        List<Integer> chosen = layer == null ? IntStream.range(0, shape.layers()).boxed().toList() : List.of(layer);
        List<ObjectNode> table = new ArrayList<>();
        List<ObjectNode> summaries = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        // one pass over the activations' sequences per layer and checkpoint fitted
        long runs = (long) chosen.size() * activations.size();
        ProgressLine progress = new ProgressLine(output.err, "ghmm probe", runs > 1 ? "sequences × " + (several ? "checkpoints × " : "") + "layers"
                : "sequences", shape.sequences() * runs);
        try (BeliefDataset data = BeliefDataset.open(dataset)) {
            if (!pairs.isEmpty() && (data.factors() == 0 || targets == ProbeOptions.Targets.JOINT)) {
                throw usage("--vary-one compares factor subspaces: it needs factor probes (a dataset with factor beliefs, --targets factors or both)");
            }
            // every vary-one input is read and checked before any fit: per layer, each pair's subspace
            Map<Integer, List<VaryOneSubspace>> varyOneSubspaces = new LinkedHashMap<>();
            for (int l : pairs.isEmpty() ? List.<Integer>of() : chosen) {
                varyOneSubspaces.put(l, varyOneSubspaces(pairs, l, data.factors()));
            }
            OutputFiles.writeDirectory(out, overwrite, () -> 0L, dir -> {
                long[] reached = {0};
                boolean fitted = false;
                try {
                    for (int c = 0; c < activations.size(); c++) {
                        Path base = several ? Files.createDirectory(dir.resolve(names.get(c))) : dir;
                        if (several) {
                            lines.add("checkpoint " + names.get(c));
                        }
                        List<ObjectNode> layerSummaries = new ArrayList<>();
                        for (int i = 0; i < chosen.size(); i++) {
                            int l = chosen.get(i);
                            Path into = everyLayer ? Files.createDirectory(base.resolve("layer" + l)) : base;
                            try (Activations acts = Activations.open(activations.get(c), l)) {
                                long before = (c * chosen.size() + i) * shape.sequences();
                                ProbeFit fit = fit(acts, data, done -> {
                                    reached[0] = before + done;
                                    progress.update(reached[0]);
                                });
                                ProbeFiles.write(fit, into, shares);
                                ObjectNode summary = summary(fit, acts, shares, plot ? plots(fit, acts, data, into) : List.of());
                                if (!pairs.isEmpty()) {
                                    ProbeFiles.writeVaryOne(into.resolve(VARY_ONE_FILE), fit, varyOneSubspaces.get(l), projectedK == null ? 0 : projectedK,
                                            shares);
                                    summary.put("varyOne", VARY_ONE_FILE);
                                }
                                if (everyLayer) {
                                    summary.put("directory", into.getFileName().toString());
                                    lines.add("layer " + l);
                                }
                                layerSummaries.add(summary);
                                lines.addAll(fit.summary().lines().toList());
                                lines.add(componentsLine(fit, shares));
                                if (several) {
                                    table.add(row(names.get(c), dir.relativize(into).toString(), summary, into));
                                }
                            }
                        }
                        if (everyLayer) {
                            ObjectNode index = Json.createObjectNode();
                            index.put("format", LAYERS_FORMAT);
                            index.putArray("layers").addAll(layerSummaries);
                            Output.writeJson(base.resolve(LAYERS_FILE), index);
                        }
                        summaries.addAll(layerSummaries);
                    }
                    fitted = true;
                } finally {
                    if (fitted) {
                        progress.finish(reached[0]);
                    } else {
                        progress.abandon(); // a terminal's bar ends before the error line
                    }
                }
                if (several) {
                    writeCheckpoints(dir, names, chosen, shares, table);
                }
            }, read);
        }
        if (text) {
            output.lines(lines);
            output.line("wrote " + out);
        } else if (several) {
            ObjectNode o = Json.createObjectNode();
            o.put("out", out.toString());
            o.putArray("table").addAll(table);
            output.json(o);
        } else {
            ObjectNode o = everyLayer ? Json.createObjectNode() : summaries.get(0);
            o.put("out", out.toString());
            if (everyLayer) {
                o.putArray("layers").addAll(summaries);
            }
            output.json(o);
        }
        return 0;
    }

    /** The checkpoints' labels: --labels, or the file names without .npy; each a directory name, all distinct. */
    private List<String> checkpointLabels() {
        if (labels != null && activations.size() == 1) {
            throw usage(Options.refused("--labels", labels, "labels checkpoints: it needs several --activations files"));
        }
        List<String> names = new ArrayList<>();
        if (labels != null) {
            names.addAll(Arrays.asList(labels.split(",", -1)));
            if (names.size() != activations.size()) {
                throw usage(Options.refused("--labels", labels, "holds " + names.size() + " labels for " + activations.size() + " --activations files"));
            }
        } else {
            for (Path a : activations) {
                String name = a.getFileName() == null ? "" : a.getFileName().toString();
                names.add(name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name);
            }
        }
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            if (!name.matches("[A-Za-z0-9._-]+") || name.equals(".") || name.equals("..")) {
                throw usage(labels != null ? Options.refused("--labels", labels, "holds \"" + name + "\": a label names a directory: letters, digits, "
                        + "'.', '_' and '-'") : "the checkpoint " + activations.get(c) + " would be labelled \"" + name + "\", not a directory name: give --labels");
            }
            if (name.equals(CHECKPOINTS_FILE) || name.equals(CHECKPOINTS_PNG)) {
                throw usage((labels != null ? Options.refused("--labels", labels, "holds \"" + name + "\"")
                        : "the checkpoint " + activations.get(c) + " would be labelled \"" + name + "\"") + ", the name of the checkpoint table in --out: "
                        + (labels != null ? "choose another label" : "give --labels"));
            }
            if (names.indexOf(name) != c) {
                throw usage("two checkpoints are labelled \"" + name + "\" (" + activations.get(names.indexOf(name)) + " and " + activations.get(c)
                        + "): give distinct --labels");
            }
        }
        return names;
    }

    /** The --vary-one pairs F=ACTS:DIR, one per factor, with one --activations file. */
    private List<VaryOne> varyOnePairs() {
        if (projectedK != null && varyOne.isEmpty()) {
            throw usage("--projected-k sets the projected regression onto vary-one subspaces: it needs --vary-one");
        }
        if (!varyOne.isEmpty() && activations.size() > 1) {
            throw usage("--vary-one compares subspaces of one model: give one --activations file with it, not " + activations.size());
        }
        List<VaryOne> pairs = new ArrayList<>();
        for (String spec : varyOne) {
            Matcher m = VARY_ONE.matcher(spec);
            if (!m.matches()) {
                throw usage(Options.refused("--vary-one", spec, "is not F=ACTS.npy:DATASET_DIR (a factor, its activations file and its dataset)"));
            }
            int factor = Integer.parseInt(m.group(1));
            if (pairs.stream().anyMatch(v -> v.factor() == factor)) {
                throw usage(Options.refused("--vary-one", spec, "gives factor " + factor + " a second time"));
            }
            try {
                pairs.add(new VaryOne(factor, Options.path(m.group(2)), Options.path(m.group(3))));
            } catch (TypeConversionException e) {
                throw usage(Options.refused("--vary-one", spec, e.getMessage()));
            }
        }
        return pairs;
    }

    /** Each pair's vary-one subspace at layer l. */
    private List<VaryOneSubspace> varyOneSubspaces(List<VaryOne> pairs, int l, int factors) throws IOException {
        List<VaryOneSubspace> subspaces = new ArrayList<>();
        for (VaryOne v : pairs) {
            try (Activations acts = Activations.open(v.activations(), l)) {
                subspaces.add(VaryOneSubspace.of(v.factor(), acts, v.dataset(), factors, skipPositions, -1));
            }
        }
        return subspaces;
    }

    /** A row of the checkpoint table: the layer's summary with its checkpoint, directory and the overlaps of probe.json. */
    private static ObjectNode row(String checkpoint, String directory, ObjectNode summary, Path probe) throws IOException {
        ObjectNode row = Json.createObjectNode();
        row.put("checkpoint", checkpoint);
        row.put("directory", directory);
        summary.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("directory")) {
                row.set(e.getKey(), e.getValue());
            }
        });
        JsonNode overlaps = Json.readTree(probe.resolve("probe.json")).path("geometry").path("overlaps");
        row.set("overlaps", overlaps.isArray() ? overlaps : Json.createArrayNode());
        return row;
    }

    /** checkpoints.json (the table) and checkpoints.png (a row per layer: R² per target, NC against both baselines, overlap curves). */
    private static void writeCheckpoints(Path dir, List<String> names, List<Integer> chosen, double[] shares, List<ObjectNode> table)
            throws IOException {
        ObjectNode index = Json.createObjectNode();
        index.put("format", CHECKPOINTS_FORMAT);
        ArrayNode checkpoints = index.putArray("checkpoints");
        names.forEach(checkpoints::add);
        index.set("layers", Json.array(chosen.stream().mapToInt(Integer::intValue).toArray()));
        index.set("levels", Json.array(shares));
        index.putArray("table").addAll(table);
        Output.writeJson(dir.resolve(CHECKPOINTS_FILE), index);
        int level = 0; // NC at 0.95 when it is a level, else at the largest
        for (int i = 0; i < shares.length; i++) {
            if (shares[i] == 0.95 || (shares[level] != 0.95 && shares[i] > shares[level])) {
                level = i;
            }
        }
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (int l : chosen) {
            List<ObjectNode> rows = table.stream().filter(r -> r.get("layer").asInt() == l).toList();
            Map<String, double[]> r2 = new LinkedHashMap<>();
            Map<String, double[]> components = new LinkedHashMap<>();
            Map<String, double[]> overlaps = new LinkedHashMap<>();
            JsonNode chance = null;
            for (int c = 0; c < rows.size(); c++) {
                ObjectNode r = rows.get(c);
                for (JsonNode t : r.get("targets")) {
                    r2.computeIfAbsent(t.get("name").asText(), k -> nan(rows.size()))[c] = number(t.get("validationR2"));
                }
                for (String[] key : new String[][] {{"activations", "activations"}, {"factoredBeliefs", "factor beliefs"}, {"jointBelief", "joint belief"}}) {
                    JsonNode n = r.get("components").get(key[0]);
                    if (n.isArray()) {
                        components.computeIfAbsent(key[1], k -> nan(rows.size()))[c] = n.get(level).asDouble();
                    }
                }
                JsonNode first = r.get("overlaps").path(0);
                if (first.path("overlap").size() > 0) {
                    double[] curve = new double[first.get("overlap").size()];
                    Arrays.setAll(curve, k -> number(first.get("overlap").get(k)));
                    overlaps.put(names.get(c), curve);
                    chance = first.get("chance");
                }
            }
            String layerName = "layer " + l;
            double lowest = r2.values().stream().flatMapToDouble(Arrays::stream).filter(Double::isFinite).min().orElse(0);
            charts.add(Plots.acrossCheckpoints(layerName + ": validation R²", "R²", names, r2, Math.min(0, lowest), 1, PANEL_WIDTH, PANEL_HEIGHT));
            charts.add(Plots.acrossCheckpoints(layerName + ": components for " + Output.number(shares[level] * 100) + " % of the variance",
                    "NC@" + Output.number(shares[level]), names, components, 0, Double.NaN, PANEL_WIDTH, PANEL_HEIGHT));
            if (chance != null) {
                JsonNode band = chance;
                double[][] null95 = new double[3][];
                String[] keys = {"mean", "p5", "p95"};
                for (int q = 0; q < 3; q++) {
                    double[] v = new double[band.get(keys[q]).size()];
                    int qq = q;
                    Arrays.setAll(v, k -> band.get(keys[qq]).get(k).asDouble());
                    null95[q] = v;
                }
                charts.add(Plots.overlapCurves(layerName + ": overlap of factors " + rows.get(0).at("/overlaps/0/factors/0").asInt() + " and "
                        + rows.get(0).at("/overlaps/0/factors/1").asInt(), overlaps, null95[0], null95[1], null95[2], PANEL_WIDTH, PANEL_HEIGHT));
            }
        }
        // a row per layer: the overlap panel is there for every layer or for none
        Plots.writePng(charts, dir.resolve(CHECKPOINTS_PNG), charts.size() / chosen.size());
    }

    private static double[] nan(int n) {
        double[] v = new double[n];
        Arrays.fill(v, Double.NaN);
        return v;
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.asDouble();
    }

    private ProbeFit fit(Activations acts, BeliefDataset data, LongConsumer progress) throws IOException {
        ProbeOptions options = ProbeOptions.defaults().withTargets(targets == null ? defaultTargets(data) : targets).withWeighting(weights)
                .withRidge(ridge).withValidation(validation).withShuffleSeed(seed).withFirstBeliefRow(firstRow == null ? -1 : firstRow)
                .withSkipPositions(skipPositions).withFirstSequence(firstSequence == null ? -1 : firstSequence);
        try {
            return ProbeFitter.fit(acts, data, options, threads == null ? Integer.MAX_VALUE : threads, progress);
        } catch (RankDeficientException e) {
            throw new IllegalArgumentException("the design is rank-deficient: the activation covariance of " + acts.path()
                    + (acts.layers() > 1 ? " (layer " + acts.layer() + ")" : "") + " has numerical rank " + e.rank() + " < d = " + acts.width()
                    + (ridge > 0 ? " even with --ridge " + ridge : "") + "; pass --ridge, e.g. --ridge " + String.format(Locale.ROOT, "%.3g",
                    e.suggestedRidge()) + " (1e-6 of the mean activation variance)");
        }
    }

    /** Both beliefs when the dataset holds both, else the one it holds. */
    private static ProbeOptions.Targets defaultTargets(BeliefDataset data) {
        if (data.hasJointBeliefs() && data.factors() > 0) {
            return ProbeOptions.Targets.BOTH;
        }
        return data.factors() > 0 ? ProbeOptions.Targets.FACTORS : ProbeOptions.Targets.JOINT;
    }

    /** Writes beliefs.TARGET.png for every target and returns the file names. */
    private static List<String> plots(ProbeFit fit, Activations acts, BeliefDataset data, Path dir) throws IOException {
        long first = fit.validationSequences() > 0 ? fit.trainingSequences() : 0;
        long available = fit.validationSequences() > 0 ? fit.validationSequences() : fit.trainingSequences();
        int count = (int) Math.max(1, Math.min(available, PLOT_POINTS / acts.positions()));
        List<String> names = new ArrayList<>();
        for (ProbeFit.Target t : fit.targets()) {
            ProbeFitter.Predictions p = ProbeFitter.predictions(fit, acts, data, t, first, count);
            String name = "beliefs." + t.tag() + ".png";
            Plots.writePng(Plots.probedBeliefs(t.name(), p.truth(), p.predicted(), PLOT_SIZE, PLOT_SIZE), dir.resolve(name));
            names.add(name);
        }
        return names;
    }

    /** NC@p at each share for the activations and the belief baselines: {@code NC@0.9/0.95: activations 5 6, factor beliefs 4 4}. */
    private static String componentsLine(ProbeFit fit, double[] shares) {
        StringBuilder b = new StringBuilder("NC@");
        for (int i = 0; i < shares.length; i++) {
            b.append(i == 0 ? "" : "/").append(Output.number(shares[i]));
        }
        b.append(": activations");
        Arrays.stream(fit.activationVariance().componentsFor(shares)).forEach(n -> b.append(' ').append(n));
        fit.factoredBeliefVariance().ifPresent(ev -> {
            b.append(", factor beliefs");
            Arrays.stream(ev.componentsFor(shares)).forEach(n -> b.append(' ').append(n));
        });
        fit.jointBeliefVariance().ifPresent(ev -> {
            b.append(", joint belief");
            Arrays.stream(ev.componentsFor(shares)).forEach(n -> b.append(' ').append(n));
        });
        return b.toString();
    }

    private static ArrayNode components(ExplainedVariance ev, double[] shares) {
        return Json.array(ev.componentsFor(shares));
    }

    private static ObjectNode summary(ProbeFit fit, Activations acts, double[] shares, List<String> pictures) {
        ObjectNode o = Json.createObjectNode();
        o.put("layer", acts.layer());
        o.put("width", fit.width());
        o.put("positions", acts.positions());
        o.put("firstBeliefRow", fit.firstBeliefRow());
        o.put("trainingSequences", fit.trainingSequences());
        o.put("validationSequences", fit.validationSequences());
        ArrayNode list = o.putArray("targets");
        for (ProbeFit.Target t : fit.targets()) {
            ProbeFit.Evaluation e = fit.evaluation(t);
            ObjectNode n = list.addObject();
            n.put("name", t.name());
            n.put("dimension", t.dimension());
            Output.put(n, "trainingR2", e.training().pooledR2());
            Output.put(n, "validationR2", e.validation().pooledR2());
            Output.put(n, "validationRmse", e.validation().pooledRmse());
            Output.put(n, "shuffledValidationR2", e.shuffledValidation().pooledR2());
        }
        Output.put(o, "effectiveDimension", fit.effectiveDimension());
        ObjectNode variance = o.putObject("components");
        variance.set("levels", Json.array(shares));
        variance.set("activations", components(fit.activationVariance(), shares));
        fit.factoredBeliefVariance().ifPresentOrElse(ev -> variance.set("factoredBeliefs", components(ev, shares)),
                () -> variance.putNull("factoredBeliefs"));
        fit.jointBeliefVariance().ifPresentOrElse(ev -> variance.set("jointBelief", components(ev, shares)), () -> variance.putNull("jointBelief"));
        if (fit.factors() > 0) {
            Geometry g = Geometry.of(fit);
            ObjectNode geometry = o.putObject("geometry");
            geometry.put("unionDimension", g.unionDimension());
            ArrayNode angles = geometry.putArray("principalAngles");
            for (int f = 0; f < g.factors(); f++) {
                for (int h = f + 1; h < g.factors(); h++) {
                    ObjectNode pair = angles.addObject();
                    pair.putArray("factors").add(f).add(h);
                    pair.set("radians", Json.array(g.principalAngles(f, h)));
                }
            }
        }
        ArrayNode plots = o.putArray("plots");
        pictures.forEach(plots::add);
        return o;
    }

    @Override
    String workload() {
        return "--activations " + activations.get(0) + (activations.size() > 1 ? " and " + (activations.size() - 1) + " more" : "");
    }
}
