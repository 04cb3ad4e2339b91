package dev.ghmm.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.Npy;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.json.JsonInputException;
import dev.ghmm.io.json.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;

/**
 * The probe directory, format {@code ghmm-probe/1}: {@code probe.json} and, per target t ({@code joint} or
 * {@code f<f>}), float64 {@code weights.t.npy} [k, d], {@code intercept.t.npy} [k] and {@code directions.t.npy}
 * [k, r]. Numbers that are undefined (NaN) are JSON null.
 */
public final class ProbeFiles {
    static final String FORMAT = "ghmm-probe/1";
    static final String JSON = "probe.json";

    private ProbeFiles() {
    }

    /**
     * Writes a fit into an existing directory in the format {@code ghmm-probe/1} (docs/guide.md, "The probe
     * directory"): {@code probe.json} with the options, the scores, the geometry and each target's mean belief;
     * per target t ({@code joint} or {@code f<f>}) float64 {@code weights.t.npy} [k, d], {@code intercept.t.npy} [k]
     * and {@code directions.t.npy} [k, r] (U, the directions its beliefs move in). Files of those names are replaced.
     *
     * @param fit the fit
     * @param directory an existing directory
     * @throws IOException if a file cannot be written
     */
    public static void write(ProbeFit fit, Path directory) throws IOException {
        write(fit, directory, DEFAULT_LEVELS);
    }

    /** The shares p of NC@p written into probe.json by default. */
    private static final double[] DEFAULT_LEVELS = {0.9, 0.95, 0.99};

    /**
     * Writes a fit as {@link #write(ProbeFit, Path)} does, with NC@p in probe.json at the given shares.
     *
     * @param fit the fit
     * @param directory an existing directory
     * @param levels the shares p, each in (0, 1]
     * @throws IllegalArgumentException if a share is outside (0, 1]
     * @throws IOException if a file cannot be written
     */
    public static void write(ProbeFit fit, Path directory, double... levels) throws IOException {
        ExplainedVariance.largestLevel(levels);
        writeProbe(fit, directory, levels.clone());
    }

    private static void writeProbe(ProbeFit fit, Path dir, double[] levels) throws IOException {
        ObjectNode root = Json.createObjectNode();
        root.put("format", FORMAT);
        root.put("activations", fit.source().activations().toString());
        root.put("layer", fit.source().layer());
        root.put("dataset", fit.source().dataset().toString());
        root.put("width", fit.width());
        root.put("firstBeliefRow", fit.firstBeliefRow());
        root.put("trainingSequences", fit.trainingSequences());
        root.put("validationSequences", fit.validationSequences());
        ProbeOptions o = fit.options();
        ObjectNode options = root.putObject("options");
        options.put("targets", o.targets().name().toLowerCase(java.util.Locale.ROOT));
        options.put("weights", o.weighting() == ProbeOptions.Weighting.UNIFORM ? "uniform" : "logprob");
        options.put("mergePrefixes", o.mergePrefixes());
        options.put("validation", o.validation());
        options.put("ridge", o.ridge());
        options.put("svdCutoff", o.svdCutoff());
        options.put("seed", o.shuffleSeed());
        options.put("skipPositions", o.skipPositions());
        options.put("firstSequence", o.firstSequence());
        number(root, "effectiveDimension", fit.effectiveDimension());
        numbers(root.putArray("covarianceEigenvalues"), fit.covarianceEigenvalues());
        ObjectNode beliefs = root.putObject("beliefEigenvalues");
        for (boolean joint : new boolean[] {false, true}) {
            double[] e = fit.beliefEigenvalues(joint);
            if (e == null) {
                beliefs.putNull(joint ? "joint" : "factored");
            } else {
                numbers(beliefs.putArray(joint ? "joint" : "factored"), e);
            }
        }
        beliefs.put("jointSource", fit.jointBaselineSource().orElse(null));
        beliefs.put("jointOmitted", fit.jointBaselineOmission().orElse(null));
        explainedVariance(root.putObject("explainedVariance"), fit, levels);
        ArrayNode targets = root.putArray("targets");
        List<ProbeFit.Target> list = fit.targets();
        for (int t = 0; t < list.size(); t++) {
            ProbeFit.Target target = list.get(t);
            String tag = target.tag();
            ObjectNode n = targets.addObject();
            n.put("name", target.name());
            if (target.factor() < 0) {
                n.putNull("factor");
            } else {
                n.put("factor", target.factor());
            }
            n.put("dimension", target.dimension());
            n.put("weights", "weights." + tag + ".npy");
            n.put("intercept", "intercept." + tag + ".npy");
            n.put("directions", "directions." + tag + ".npy");
            numbers(n.putArray("beliefMean"), fit.beliefMean(t));
            n.put("nonnegative", fit.nonNegative(t));
            ProbeFit.Evaluation e = fit.evaluation(target);
            scores(n.putObject("training"), e.training());
            scores(n.putObject("validation"), e.validation());
            scores(n.putObject("shuffledTraining"), e.shuffledTraining());
            scores(n.putObject("shuffledValidation"), e.shuffledValidation());
            LinearProbe probe = fit.probe(target);
            try (Npy.Writer w = Npy.Writer.float64(dir.resolve("weights." + tag + ".npy"), target.dimension(), fit.width())) {
                w.write(probe.weightsRowMajor(), 0, target.dimension() * fit.width());
            }
            try (Npy.Writer w = Npy.Writer.float64(dir.resolve("intercept." + tag + ".npy"), target.dimension())) {
                w.write(probe.intercept(), 0, target.dimension());
            }
            DMatrixRMaj u = fit.beliefDirections(t);
            try (Npy.Writer w = Npy.Writer.float64(dir.resolve("directions." + tag + ".npy"), u.numRows, u.numCols)) {
                w.write(u.data, 0, u.numRows * u.numCols);
            }
        }
        if (fit.factors() > 0) {
            geometry(root.putObject("geometry"), fit);
        }
        Json.PRETTY.writeValue(dir.resolve(JSON).toFile(), root);
    }

    /**
     * NC@p at each level and the CEV curve of the activations and of the belief baselines fitted (null otherwise),
     * with the dimension each baseline's variance can have at most.
     */
    private static void explainedVariance(ObjectNode node, ProbeFit fit, double[] levels) {
        numbers(node.putArray("levels"), levels);
        cev(node.putObject("activations"), fit.activationVariance(), levels, fit.width());
        long factored = 0;
        for (ProbeFit.Target t : fit.targets()) {
            if (t.factor() >= 0) {
                factored += t.dimension() - 1;
            }
        }
        long factoredRank = factored;
        // S − 1 of the joint target, or Π d_f − 1 of the outer product (at most 255 when it is there)
        ProbeFit.Target first = fit.targets().get(0);
        int[] dims = fit.targets().stream().mapToInt(ProbeFit.Target::dimension).toArray();
        long jointRank = (first.factor() < 0 ? first.dimension() : OuterProduct.dimension(dims)) - 1;
        fit.factoredBeliefVariance().ifPresentOrElse(ev -> cev(node.putObject("factoredBeliefs"), ev, levels, factoredRank),
                () -> node.putNull("factoredBeliefs"));
        fit.jointBeliefVariance().ifPresentOrElse(ev -> cev(node.putObject("jointBelief"), ev, levels, jointRank), () -> node.putNull("jointBelief"));
    }

    private static void cev(ObjectNode node, ExplainedVariance ev, double[] levels, long dimension) {
        node.put("dimension", dimension);
        ArrayNode components = node.putArray("components");
        Arrays.stream(ev.componentsFor(levels)).forEach(components::add);
        numbers(node.putArray("cev"), ev.curve());
    }

    /** Monte Carlo pairs of random subspaces behind the chance band of each overlap curve. */
    static final int CHANCE_SAMPLES = 1000;

    /** The columns of a d × r basis as r rows, the order {@link SubspaceOverlap} reads (largest singular value first). */
    private static double[][] rows(double[][] basis) {
        int r = basis.length == 0 ? 0 : basis[0].length;
        double[][] out = new double[r][basis.length];
        for (int i = 0; i < basis.length; i++) {
            for (int j = 0; j < r; j++) {
                out[j][i] = basis[i][j];
            }
        }
        return out;
    }

    /**
     * The read dimensions r<sub>f</sub>, the principal angles of every pair f &lt; g, the union dimension, and for
     * comparison Σ(d<sub>f</sub> − 1) (a factored representation) and Πd<sub>f</sub> − 1 (a joint one).
     */
    private static void geometry(ObjectNode node, ProbeFit fit) {
        Geometry g = Geometry.of(fit);
        ArrayNode dims = node.putArray("readDimensions");
        long factored = 0;
        long joint = 1;
        for (int f = 0; f < g.factors(); f++) {
            dims.add(g.dimension(f));
            int d = fit.factor(f).dimension();
            factored += d - 1;
            joint = joint > Long.MAX_VALUE / d ? Long.MAX_VALUE : joint * d;
        }
        ArrayNode angles = node.putArray("principalAngles");
        for (int f = 0; f < g.factors(); f++) {
            for (int h = f + 1; h < g.factors(); h++) {
                ObjectNode pair = angles.addObject();
                pair.putArray("factors").add(f).add(h);
                numbers(pair.putArray("radians"), g.principalAngles(f, h));
            }
        }
        ArrayNode overlaps = node.putArray("overlaps");
        for (int f = 0; f < g.factors(); f++) {
            for (int h = f + 1; h < g.factors(); h++) {
                ObjectNode pair = overlaps.addObject();
                pair.putArray("factors").add(f).add(h);
                overlap(pair, rows(g.basis(f)), rows(g.basis(h)), fit.width(), fit.options().shuffleSeed());
            }
        }
        if (fit.hasProjections()) {
            ArrayNode projected = node.putArray("projectedR2");
            for (int f = 0; f < g.factors(); f++) {
                ProjectedRegression p = fit.projectedRegression(f);
                ObjectNode n = projected.addObject();
                n.put("factor", f);
                numbers(n.putArray("training"), p.training());
                numbers(n.putArray("validation"), p.validation());
            }
        }
        node.put("unionDimension", g.unionDimension());
        node.put("factoredDimension", factored);
        node.put("jointDimension", joint == Long.MAX_VALUE ? joint : joint - 1);
        number(node, "effectiveDimension", g.effectiveDimension());
    }

    static final String VARY_ONE_FORMAT = "ghmm-probe-varyone/1";

    /**
     * Writes the vary-one report {@code varyone.json} (format {@code ghmm-probe-varyone/1}, docs/guide.md "Vary-one
     * subspaces"): per subspace V<sub>f</sub> its eigenvalues, NC@p at each level, its dimension n<sub>f</sub> (NC at
     * the largest level, at most the directions kept), the projected regression of factor f onto its first K
     * directions from the fit's moments ({@link ProbeFit#projectedRegression(int, double[][], int)}; K at most the
     * directions kept), and its overlaps O(k) ({@link SubspaceOverlap}) with the other vary-one subspaces (k ≤
     * min(n<sub>f</sub>, n<sub>g</sub>)) and with every factor's read subspace (k ≤ min(n<sub>f</sub>, r<sub>g</sub>)),
     * each beside its chance band (1000 pairs seeded by the fit's shuffle seed).
     *
     * @param file the file to write (replaced)
     * @param fit a fresh fit with factor probes, on the activations of the same model and layer over a dataset where
     *            every factor varies
     * @param subspaces the vary-one subspaces, of distinct factors of the fit, of width d
     * @param projectedK K ≥ 1 (at most d) for R²(1) … R²(K), or 0 for K = n<sub>f</sub>
     * @param levels the shares p of NC@p, each in (0, 1]
     * @throws IllegalArgumentException (one line) if there is no subspace, two have the same factor, a factor is not
     *                                  one of the fit's, a width differs from d, K is outside [0, d], or a level is
     *                                  outside (0, 1]
     * @throws IllegalStateException if the fit has no factor probes or was read from files
     * @throws IOException if the file cannot be written
     */
    public static void writeVaryOne(Path file, ProbeFit fit, List<VaryOneSubspace> subspaces, int projectedK, double... levels) throws IOException {
        if (subspaces.isEmpty()) {
            throw new IllegalArgumentException("no vary-one subspace to write");
        }
        if (projectedK < 0 || projectedK > fit.width()) {
            throw new IllegalArgumentException("K = " + projectedK + " must be 0 (each subspace's dimension) or in [1, d = " + fit.width() + "]");
        }
        double largest = ExplainedVariance.largestLevel(levels);
        Set<Integer> seen = new HashSet<>();
        for (VaryOneSubspace v : subspaces) {
            if (!seen.add(v.factor())) {
                throw new IllegalArgumentException("two vary-one subspaces of factor " + v.factor());
            }
            if (v.width() != fit.width()) {
                throw new IllegalArgumentException(v.activations() + " has d = " + v.width() + ", the fit d = " + fit.width());
            }
            fit.factorIndex(v.factor());
        }
        Geometry g = Geometry.of(fit);
        int d = fit.width();
        int[] dimensions = new int[subspaces.size()];
        for (int i = 0; i < dimensions.length; i++) {
            VaryOneSubspace v = subspaces.get(i);
            dimensions[i] = Math.min(v.variance().componentsFor(largest), v.directions().length);
        }
        ObjectNode root = Json.createObjectNode();
        root.put("format", VARY_ONE_FORMAT);
        numbers(root.putArray("levels"), levels);
        if (projectedK > 0) {
            root.put("projectedK", projectedK);
        } else {
            root.putNull("projectedK");
        }
        ArrayNode list = root.putArray("factors");
        for (int i = 0; i < dimensions.length; i++) {
            VaryOneSubspace v = subspaces.get(i);
            double[][] directions = v.directions();
            ObjectNode n = list.addObject();
            n.put("factor", v.factor());
            n.put("activations", v.activations().toString());
            n.put("layer", v.layer());
            n.put("dataset", v.dataset().toString());
            n.put("groups", v.groups());
            n.put("rows", v.rows());
            numbers(n.putArray("eigenvalues"), v.eigenvalues());
            ArrayNode components = n.putArray("components");
            Arrays.stream(v.variance().componentsFor(levels)).forEach(components::add);
            numbers(n.putArray("cev"), v.variance().curve());
            n.put("dimension", dimensions[i]);
            ProjectedRegression p = fit.projectedRegression(v.factor(), directions, projectedK > 0 ? projectedK : Math.max(1, dimensions[i]));
            ObjectNode projected = n.putObject("projectedR2");
            numbers(projected.putArray("training"), p.training());
            numbers(projected.putArray("validation"), p.validation());
            ArrayNode overlaps = n.putArray("overlaps");
            for (int j = 0; j < dimensions.length; j++) {
                if (j != i) {
                    VaryOneSubspace w = subspaces.get(j);
                    overlap(overlaps.addObject(), "varyOne", w.factor(), first(directions, dimensions[i]), first(w.directions(), dimensions[j]), d,
                            fit.options().shuffleSeed());
                }
            }
            for (int h = 0; h < g.factors(); h++) {
                overlap(overlaps.addObject(), "read", h, first(directions, dimensions[i]), rows(g.basis(h)), d, fit.options().shuffleSeed());
            }
        }
        Json.PRETTY.writeValue(file.toFile(), root);
    }

    private static double[][] first(double[][] directions, int k) {
        return Arrays.copyOf(directions, Math.min(k, directions.length));
    }

    /** {subspace, factor} and the overlap of a and b. */
    private static void overlap(ObjectNode node, String subspace, int factor, double[][] a, double[][] b, int d, long seed) {
        node.put("subspace", subspace);
        node.put("factor", factor);
        overlap(node, a, b, d, seed);
    }

    /** {overlap: [O(1) … O(K)], chance: {mean, p5, p95}} of two subspaces' leading directions (chance absent for K = 0). */
    private static void overlap(ObjectNode node, double[][] a, double[][] b, int d, long seed) {
        double[] curve = SubspaceOverlap.overlap(a, b);
        numbers(node.putArray("overlap"), curve);
        if (curve.length > 0) {
            SubspaceOverlap.Chance chance = SubspaceOverlap.chance(d, curve.length, CHANCE_SAMPLES, seed);
            ObjectNode c = node.putObject("chance");
            numbers(c.putArray("mean"), chance.mean());
            numbers(c.putArray("p5"), chance.p5());
            numbers(c.putArray("p95"), chance.p95());
        }
    }

    private static void scores(ObjectNode node, Scores s) {
        numbers(node.putArray("r2"), s.r2());
        numbers(node.putArray("rmse"), s.rmse());
        number(node, "pooledR2", s.pooledR2());
        number(node, "pooledRmse", s.pooledRmse());
        node.put("rows", s.rows());
        number(node, "weight", s.weight());
    }

    private static void number(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    private static void numbers(ArrayNode array, double[] v) {
        array.addAll(Json.array(v));
    }

    // ---------------------------------------------------------------------------------------------------- reading

    /**
     * Reads a fit written by {@link #write}: the probes, scores, eigenvalues and steering data are those written, so
     * {@link Geometry#of} and {@link ActivationSteering#of} give what they gave (a fit read back keeps no moments:
     * {@link ProbeFit#projectedRegression(int, double[][], int)} needs the fit itself).
     *
     * @param dir the probe directory
     * @return the fit
     * @throws IllegalArgumentException (one line, naming the file and the JSON path or shape) if probe.json is missing,
     *                                  malformed or of another format, or a file it names is missing or of another shape
     * @throws IOException if a file cannot be read
     */
    public static ProbeFit read(Path dir) throws IOException {
        Path file = dir.resolve(JSON);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " is not a probe directory: it has no " + JSON);
        }
        JsonNode root = Json.readTree(file);
        Reader r = new Reader(file);
        if (!FORMAT.equals(root.path("format").asText(null))) {
            throw new IllegalArgumentException(file + ": format is " + root.path("format") + ", expected \"" + FORMAT + "\"");
        }
        int width = r.positiveInt(root, "width");
        JsonNode o = r.object(root, "options");
        ProbeOptions options;
        try {
            options = new ProbeOptions(r.choice(o, "options.targets", ProbeOptions.Targets.class), switch (r.text(o, "options.weights")) {
                case "uniform" -> ProbeOptions.Weighting.UNIFORM;
                case "logprob" -> ProbeOptions.Weighting.PREFIX_PROBABILITY;
                default -> throw new IllegalArgumentException("options.weights is " + o.get("weights") + ", expected \"uniform\" or \"logprob\"");
            }, r.bool(o, "options.mergePrefixes"), r.number(o, "options.validation"), r.number(o, "options.ridge"), r.number(o, "options.svdCutoff"),
                    r.integer(o, "options.seed"), -1, o.has("skipPositions") ? r.nonNegativeInt(o, "options.skipPositions") : 0,
                    o.has("firstSequence") ? r.integer(o, "options.firstSequence") : -1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().startsWith(file.toString()) ? e.getMessage() : file + ": " + e.getMessage());
        }
        ProbeFit.Source source;
        try {
            source = new ProbeFit.Source(Path.of(r.text(root, "activations")), (int) r.integer(root, "layer"), Path.of(r.text(root, "dataset")));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(file + ": a source path is not a path: " + e.getReason());
        }
        JsonNode list = root.path("targets");
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException(file + ": targets must be a non-empty array");
        }
        int n = list.size();
        List<ProbeFit.Target> targets = new ArrayList<>();
        LinearProbe[] probes = new LinearProbe[n];
        ProbeFit.Evaluation[] evaluations = new ProbeFit.Evaluation[n];
        double[][] means = new double[n][];
        DMatrixRMaj[] directions = new DMatrixRMaj[n];
        boolean[] nonNegative = new boolean[n];
        boolean jointFirst = list.get(0).path("factor").isNull();
        for (int t = 0; t < n; t++) {
            String at = "targets[" + t + "]";
            JsonNode node = list.get(t);
            int factor = node.path("factor").isNull() ? -1 : (int) r.integer(node, at + ".factor");
            if (factor != (jointFirst ? t - 1 : t)) {
                throw new IllegalArgumentException(file + ": " + at + ".factor is " + node.path("factor") + ": targets are the joint belief (factor null) "
                        + "first, if fitted, then factors 0, 1, … in order");
            }
            int k = r.positiveInt(node, at + ".dimension");
            ProbeFit.Target target = new ProbeFit.Target(r.text(node, at + ".name"), factor, k);
            targets.add(target);
            double[] weights = r.array(dir, node, at + ".weights", k, width);
            probes[t] = new LinearProbe(r.array(dir, node, at + ".intercept", k), weights, width);
            means[t] = r.numbers(node, at + ".beliefMean", k);
            nonNegative[t] = r.bool(node, at + ".nonnegative");
            Npy.Array u = r.npy(dir, node, at + ".directions");
            if (u.shape().length != 2 || u.shape()[0] != k || u.shape()[1] > k) {
                throw new IllegalArgumentException(dir.resolve(r.text(node, at + ".directions")) + " has shape "
                        + Arrays.toString(u.shape()) + ", expected [" + k + ", r] with r <= " + k);
            }
            directions[t] = DMatrixRMaj.wrap(k, (int) u.shape()[1], u.doubles());
            evaluations[t] = new ProbeFit.Evaluation(r.scores(node, at + ".training", k), r.scores(node, at + ".validation", k),
                    r.scores(node, at + ".shuffledTraining", k), r.scores(node, at + ".shuffledValidation", k));
        }
        if (options.targets() != ProbeOptions.Targets.FACTORS != (targets.get(0).factor() == -1)) {
            throw new IllegalArgumentException(file + ": options.targets is " + o.get("targets") + " but targets[0] is " + targets.get(0).name());
        }
        JsonNode beliefs = root.path("beliefEigenvalues"); // absent in files of ghmm 0.1 before explained variance
        double[] factoredSpectrum = beliefs.path("factored").isArray() ? r.numbers(beliefs, "beliefEigenvalues.factored", -1) : null;
        double[] jointSpectrum = beliefs.path("joint").isArray() ? r.numbers(beliefs, "beliefEigenvalues.joint", -1) : null;
        int[] offsets = new int[n];
        for (int t = 1; t < n; t++) {
            offsets[t] = offsets[t - 1] + targets.get(t - 1).dimension();
        }
        List<ProjectedRegression> projections = new ArrayList<>();
        JsonNode projected = root.path("geometry").path("projectedR2"); // absent in files written before projected regression
        if (projected.isArray()) {
            int factors = n - (jointFirst ? 1 : 0);
            if (projected.size() != factors) {
                throw new IllegalArgumentException(file + ": geometry.projectedR2 has " + projected.size() + " entries, expected one per factor (" + factors + ")");
            }
            for (int f = 0; f < factors; f++) {
                String at = "geometry.projectedR2[" + f + "]";
                JsonNode p = projected.get(f);
                double[] training = r.numbers(p, at + ".training", -1);
                projections.add(new ProjectedRegression(training, r.numbers(p, at + ".validation", training.length)));
            }
        }
        return new ProbeFit(source, options, width, List.copyOf(targets), probes, evaluations, r.numbers(root, "covarianceEigenvalues", width),
                factoredSpectrum, jointSpectrum, (int) r.integer(root, "firstBeliefRow"), r.integer(root, "trainingSequences"), r.integer(root, "validationSequences"), means,
                directions, nonNegative, List.copyOf(projections), null, offsets);
    }

    /**
     * Reads values out of probe.json with the shared {@link JsonReader}: anything missing or mistyped is refused in
     * one line naming the file and the JSON path. A path's last key is read from the {@code node} given.
     */
    private record Reader(Path file) {
        /** Runs one read; its refusal names the file. */
        private <T> T named(Supplier<T> read) {
            try {
                return read.get();
            } catch (JsonInputException e) {
                throw e.in(file);
            }
        }

        private JsonInputException bad(String path, JsonNode value, String problem) {
            return JsonReader.error(path, value, problem).in(file);
        }

        /** The value of the path's last key in {@code node}, which lies at the path's parent; its callers name the file. */
        private JsonNode at(JsonNode node, String path) {
            int dot = path.lastIndexOf('.');
            return JsonReader.required(node, path.substring(dot + 1), dot < 0 ? "" : path.substring(0, dot));
        }

        JsonNode object(JsonNode node, String path) {
            return named(() -> JsonReader.object(at(node, path), path));
        }

        String text(JsonNode node, String path) {
            return named(() -> JsonReader.string(at(node, path), path));
        }

        <E extends Enum<E>> E choice(JsonNode node, String path, Class<E> type) {
            String v = text(node, path);
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(java.util.Locale.ROOT).equals(v)) {
                    return e;
                }
            }
            throw bad(path, at(node, path), "is not one of " + Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
        }

        boolean bool(JsonNode node, String path) {
            return named(() -> JsonReader.bool(at(node, path), path));
        }

        long integer(JsonNode node, String path) {
            return named(() -> JsonReader.longInteger(at(node, path), path));
        }

        int nonNegativeInt(JsonNode node, String path) {
            long v = integer(node, path);
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw bad(path, at(node, path), "is not an integer >= 0");
            }
            return (int) v;
        }

        int positiveInt(JsonNode node, String path) {
            long v = integer(node, path);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw bad(path, at(node, path), "is not a positive integer");
            }
            return (int) v;
        }

        /** A number, or NaN for null. */
        double number(JsonNode node, String path) {
            JsonNode v = node.path(path.substring(path.lastIndexOf('.') + 1));
            return v.isNull() ? Double.NaN : named(() -> JsonReader.number(at(node, path), path));
        }

        /** An array of numbers (null read as NaN) of a given length, or any length for −1. */
        double[] numbers(JsonNode node, String path, int length) {
            ArrayNode v = named(() -> JsonReader.array(at(node, path), path));
            if (length >= 0 && v.size() != length) {
                throw bad(path, v, "has " + v.size() + " numbers but needs " + length);
            }
            double[] out = new double[v.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode x = v.get(i);
                String at = JsonReader.index(path, i);
                out[i] = x.isNull() ? Double.NaN : named(() -> JsonReader.number(x, at));
            }
            return out;
        }

        Scores scores(JsonNode node, String path, int k) {
            JsonNode s = object(node, path);
            return new Scores(numbers(s, path + ".r2", k), numbers(s, path + ".rmse", k), number(s, path + ".pooledR2"),
                    number(s, path + ".pooledRmse"), integer(s, path + ".rows"), number(s, path + ".weight"));
        }

        Npy.Array npy(Path dir, JsonNode node, String path) throws IOException {
            String name = text(node, path);
            Path npy = dir.resolve(name);
            if (name.contains("/") || name.contains("\\") || !Files.isRegularFile(npy)) {
                throw new IllegalArgumentException(file + ": " + path + " names " + npy + ", which is missing");
            }
            Npy.Array a = Npy.read(npy);
            if (a.doubles() == null) {
                throw new IllegalArgumentException(npy + " holds int32; expected float64");
            }
            return a;
        }

        /** The values of a float .npy file named at {@code path}, of the given shape. */
        double[] array(Path dir, JsonNode node, String path, long... shape) throws IOException {
            Npy.Array a = npy(dir, node, path);
            if (!Arrays.equals(a.shape(), shape)) {
                throw new IllegalArgumentException(dir.resolve(text(node, path)) + " has shape " + Arrays.toString(a.shape()) + ", expected "
                        + Arrays.toString(shape));
            }
            for (int i = 0; i < a.doubles().length; i++) {
                if (!Double.isFinite(a.doubles()[i])) {
                    throw new IllegalArgumentException(dir.resolve(text(node, path)) + ": value " + i + " = " + a.doubles()[i] + " is not finite");
                }
            }
            return a.doubles();
        }
    }
}
