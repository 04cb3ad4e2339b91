package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.json.Json;
import dev.ghmm.probe.Activations;
import dev.ghmm.probe.BeliefDataset;
import dev.ghmm.probe.ExplainedVariance;
import dev.ghmm.probe.Geometry;
import dev.ghmm.probe.ProbeFit;
import dev.ghmm.probe.ProbeOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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

    @Option(names = "--dataset", required = true, paramLabel = "DIR", converter = Options.AnyPath.class,
            description = "A ghmm-dataset/1 directory (ghmm sample) with the beliefs to predict.")
    Path dataset;

    @Option(names = "--activations", required = true, paramLabel = "FILE", converter = Options.AnyPath.class,
            description = ".npy of float16/32/64, [N, P, d] or [layers, N, P, d], recorded on the dataset's sequences.")
    Path activations;

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
        OutputFiles.checkDirectory(out, overwrite, dataset, activations);
        int layers;
        long sequences;
        try (Activations first = Activations.open(activations, layer == null ? 0 : layer)) {
            layers = first.layers();
            sequences = first.sequences();
        }
        boolean everyLayer = layer == null && layers > 1;
        List<Integer> chosen = layer == null ? IntStream.range(0, layers).boxed().toList() : List.of(layer);
        List<ObjectNode> summaries = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        // one pass over the activations' sequences per layer fitted
        ProgressLine progress = new ProgressLine(output.err, "ghmm probe", chosen.size() > 1 ? "sequences × layers" : "sequences",
                sequences * chosen.size());
        try (BeliefDataset data = BeliefDataset.open(dataset)) {
            OutputFiles.writeDirectory(out, overwrite, () -> 0L, dir -> {
                long[] reached = {0};
                boolean fitted = false;
                try {
                    for (int i = 0; i < chosen.size(); i++) {
                        int l = chosen.get(i);
                        Path into = everyLayer ? Files.createDirectory(dir.resolve("layer" + l)) : dir;
                        try (Activations acts = Activations.open(activations, l)) {
                            long before = i * sequences;
                            ProbeFit fit = fit(acts, data, done -> {
                                reached[0] = before + done;
                                progress.update(reached[0]);
                            });
                            fit.write(into, shares);
                            ObjectNode summary = summary(fit, acts, shares, plot ? plots(fit, acts, data, into) : List.of());
                            if (everyLayer) {
                                summary.put("directory", into.getFileName().toString());
                                lines.add("layer " + l);
                            }
                            summaries.add(summary);
                            lines.addAll(fit.summary().lines().toList());
                            lines.add(componentsLine(fit, shares));
                        }
                    }
                    fitted = true;
                } finally {
                    if (fitted) {
                        progress.finish(reached[0]);
                    } else {
                        progress.abandon(); // a terminal's bar ends before the error line
                    }
                }
                if (everyLayer) {
                    ObjectNode index = Json.createObjectNode();
                    index.put("format", LAYERS_FORMAT);
                    index.putArray("layers").addAll(summaries);
                    Output.writeJson(dir.resolve(LAYERS_FILE), index);
                }
            }, dataset, activations);
        }
        if (text) {
            output.lines(lines);
            output.line("wrote " + out);
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

    private ProbeFit fit(Activations acts, BeliefDataset data, LongConsumer progress) throws IOException {
        ProbeOptions options = ProbeOptions.defaults().withTargets(targets == null ? defaultTargets(data) : targets).withWeighting(weights)
                .withRidge(ridge).withValidation(validation).withShuffleSeed(seed).withFirstBeliefRow(firstRow == null ? -1 : firstRow)
                .withSkipPositions(skipPositions).withFirstSequence(firstSequence == null ? -1 : firstSequence);
        try {
            return ProbeFit.fit(acts, data, options, progress);
        } catch (ProbeFit.RankDeficientException e) {
            throw new IllegalArgumentException("the design is rank-deficient: the activation covariance of " + activations
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
            ProbeFit.Predictions p = fit.predictions(acts, data, t, first, count);
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
            Geometry g = fit.geometry();
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
        return "--activations " + activations;
    }
}
