package dev.ghmm.io.process;

import static dev.ghmm.io.json.JsonReader.array;
import static dev.ghmm.io.json.JsonReader.bool;
import static dev.ghmm.io.json.JsonReader.build;
import static dev.ghmm.io.json.JsonReader.child;
import static dev.ghmm.io.json.JsonReader.error;
import static dev.ghmm.io.json.JsonReader.from;
import static dev.ghmm.io.json.JsonReader.index;
import static dev.ghmm.io.json.JsonReader.integer;
import static dev.ghmm.io.json.JsonReader.isInteger;
import static dev.ghmm.io.json.JsonReader.keys;
import static dev.ghmm.io.json.JsonReader.number;
import static dev.ghmm.io.json.JsonReader.object;
import static dev.ghmm.io.json.JsonReader.optional;
import static dev.ghmm.io.json.JsonReader.required;
import static dev.ghmm.io.json.JsonReader.show;
import static dev.ghmm.io.json.JsonReader.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.MixedRadix;
import dev.ghmm.Tolerances;
import dev.ghmm.Vectors;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.factored.ConditionalTransitions;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.io.json.Json;
import dev.ghmm.io.json.JsonInputException;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.DMatrixSparseCSC;
import org.ejml.data.DMatrixSparseTriplet;
import org.ejml.ops.DConvertMatrixStruct;

/**
 * Process files: one JSON format for every {@link Process}, nested to any depth. A PROCESS is one of
 * <pre>
 * "mess3:x=0.15,alpha=0.6"                                   // a catalogue string ({@link Catalogue#byName})
 * {"catalogue": "mess3", "params": {"x": 0.15, "alpha": 0.6}}  // the same; params optional
 * {"factored": {"structure": "independent" | "chain" | "control" | "fully_conditional" | "conditional_transitions",
 *               "factors": [{"variants": [PROCESS, ...], "control": ..., "emission": ..., "transition": ...}, ...]}}
 * {"directSum": {"components": [PROCESS, ...], "weights": [...], "symbols": [[...], ...]}}
 * {"noisy": {"process": PROCESS, "epsilon": ε, "over": "joint" | "factors", "updates": "sent" | "received"}}
 * {"name": "...", "alphabet": ["0", "1"],
 *  "transfer": [ S×S nested arrays, or {"rows": S, "cols": S, "entries": [[i, j, value], ...]}, one per symbol ],
 *  "initial": [...], "one": [...], "hmm": true}
 * </pre>
 * A factor's {@code control} is absent for factor 0 of a chain and for every factor with one variant; for factor
 * f ≥ 1 of a chain it is the list parent symbol → variant (factor f − 1 is the parent); for {@code control} it is
 * {@code {"parents": [...], "table": [...]}} (the last parent fastest). Under {@code fully_conditional} (the joint
 * symbol drawn from the normalised product of the factors' conditionals, {@link FactoredProcess.Builder#fullyConditional})
 * a factor's {@code control} is the list of its variants for each combination of all the other factors' symbols
 * (increasing factor order, the last fastest) or a {@code {"parents", "table"}} object; under
 * {@code conditional_transitions} ({@link ConditionalTransitions}) a factor has {@code emission}, a variant or the list
 * previous factor's symbol → variant (default 0), and {@code transition}, the list of its variants for each combination
 * of all the other factors' symbols (required with several variants). A direct sum's {@code symbols} give, per
 * component, the global names of its local symbols; without them components are joined by symbol name. In the
 * matrix form {@code initial} defaults to the unique stationary vector, {@code one} is needed only when the
 * eigenvalue-1 eigenspace of T is degenerate, and {@code "hmm": true} makes the HMM conditions a requirement. A
 * {@code noisy} process is its process seen through a {@link NoisyChannel} (every key required; docs/math.md, "Noisy
 * channels").
 *
 * <p>Every bad file gets a {@link JsonInputException} (an {@link IllegalArgumentException}) with one line that names
 * the JSON path and the value, e.g. {@code factored.factors[3].control[2] = 7 is not a variant of factor 3, which has
 * 4 variants}. The constructors validate the process; anything else they throw is a bug and passes unchanged.
 */
public final class ProcessFiles {
    /** How far the mixture weights of a direct sum in a file may sum away from 1. */
    static final double WEIGHT_TOLERANCE = Tolerances.INPUT;

    private static final Pattern PARAMETER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final List<String> STRUCTURES = List.of("independent", "chain", "control", "fully_conditional", "conditional_transitions");

    private ProcessFiles() {
    }

    /**
     * The specification of a process argument, as recorded in dataset metadata so that the dataset can be
     * regenerated: a file's JSON, or the catalogue string itself (valid wherever a process file expects a PROCESS).
     *
     * @param spec a file path or a catalogue name with parameters
     * @return the specification
     * @throws IOException if the file cannot be read
     */
    public static JsonNode specJson(String spec) throws IOException {
        Path path = Path.of(spec);
        if (Files.isRegularFile(path)) {
            return Json.readTree(path);
        }
        return Json.textNode(spec);
    }

    /**
     * The process in {@code spec}: an existing JSON file, else a catalogue name such as {@code mess3:x=0.05}.
     *
     * @param spec a file path or a catalogue name
     * @return the process
     * @throws IOException              if the file cannot be read (a missing {@code .json} file included)
     * @throws IllegalArgumentException on a directory, a pipe or a device, an unknown catalogue name, a catalogue
     *                                  string whose parameters the catalogue refuses (a {@link JsonInputException} at
     *                                  the top level, the string in front), or a bad file (as for {@link #read})
     */
    public static Process load(String spec) throws IOException {
        Path path = Path.of(spec);
        if (Files.isRegularFile(path)) {
            return read(path);
        }
        if (spec.isEmpty()) {
            return Catalogue.byName(spec); // Path.of("") is the working directory
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(spec + " is a directory, not a process file");
        }
        if (Files.exists(path)) {
            // a pipe or a device such as /dev/stdin: read once here, it could not be read again for meta.json
            throw new IllegalArgumentException(spec + " is not a regular file (a pipe or a device): save the process to a file first");
        }
        if (spec.endsWith(".json")) {
            throw new NoSuchFileException(spec);
        }
        // a process that cannot be built from given parameters (T(0)[1][1] = NaN) is named with them
        return spec.contains(":") ? from(spec, () -> Catalogue.byName(spec)) : Catalogue.byName(spec);
    }

    /**
     * Reads a process file.
     *
     * @param path the file
     * @return the process read
     * @throws IOException        if the file cannot be read
     * @throws JsonInputException on a bad file, with one line starting with the file name and naming the JSON path
     *                            (the top level for a library call's refusal outside the values read)
     */
    public static Process read(Path path) throws IOException {
        JsonNode root = Json.readTree(path);
        return from(path, () -> fromTree(root));
    }

    /**
     * Builds a process from JSON text.
     *
     * @param json a PROCESS of the format above
     * @return the process built
     * @throws JsonInputException on malformed JSON or a bad specification, naming the JSON path and the value
     */
    public static Process parse(String json) {
        return fromTree(Json.parse(json));
    }

    /**
     * Builds a process from a parsed JSON tree, e.g. the {@code process} of a dataset's meta.json.
     *
     * @param root the parsed JSON: a PROCESS of the format above
     * @return the process built
     * @throws JsonInputException on a bad specification, naming the JSON path and the value
     */
    public static Process fromTree(JsonNode root) {
        return process(root, "");
    }

    // ---------------------------------------------------------------------------------------------------- reading

    private static Process process(JsonNode node, String path) {
        if (node == null || node.isMissingNode()) {
            throw error(path, null, "is empty: expected a process");
        }
        if (node.isTextual()) {
            String spec = node.asText();
            return build(path, node, () -> Catalogue.byName(spec));
        }
        if (!node.isObject()) {
            throw error(path, node, "is not a process: expected an object or a catalogue string such as \"mess3:x=0.15\"");
        }
        if (node.has("catalogue")) {
            return catalogue(node, path);
        }
        if (node.has("factored")) {
            return factored(node, path);
        }
        if (node.has("directSum")) {
            return directSum(node, path);
        }
        if (node.has("noisy")) {
            return noisy(node, path);
        }
        if (node.has("alphabet") || node.has("transfer")) {
            return matrices(node, path);
        }
        if (node.has("type")) {
            return SimplexityFiles.process(node, path);
        }
        throw error(path, node, "is not a process: expected the key catalogue, factored, directSum, noisy, alphabet and transfer, or type (a process "
                + "file of Astera-org/simplexity)");
    }

    /** A catalogue reference; the catalogue names it by its string with every parameter, so variants with different parameters differ. */
    private static Ghmm catalogue(JsonNode node, String path) {
        keys(node, path, "catalogue", "params");
        String namePath = child(path, "catalogue");
        String name = string(required(node, "catalogue", path), namePath);
        if (!Catalogue.names().contains(name)) {
            throw error(namePath, node.get("catalogue"), "is not in the catalogue; known: " + String.join(", ", Catalogue.names()));
        }
        StringBuilder spec = new StringBuilder(name);
        JsonNode params = optional(node, "params");
        String paramsPath = child(path, "params");
        if (params != null) {
            object(params, paramsPath);
            char separator = ':';
            for (Map.Entry<String, JsonNode> e : params.properties()) {
                String keyPath = child(paramsPath, e.getKey());
                if (!PARAMETER.matcher(e.getKey()).matches()) {
                    throw error(keyPath, null, "is not a parameter name (a letter, then letters, digits or _)");
                }
                double value = number(e.getValue(), keyPath);
                spec.append(separator).append(e.getKey()).append('=').append(format(value));
                separator = ',';
            }
        }
        String full = spec.toString();
        return build(params == null ? path : paramsPath, params, () -> Catalogue.byName(full));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static Process factored(JsonNode node, String path) {
        keys(node, path, "factored");
        String fp = child(path, "factored");
        JsonNode spec = object(required(node, "factored", path), fp);
        keys(spec, fp, "structure", "factors");
        String structurePath = child(fp, "structure");
        String structure = string(required(spec, "structure", fp), structurePath);
        if (!STRUCTURES.contains(structure)) {
            throw error(structurePath, spec.get("structure"), "is not one of " + String.join(", ", STRUCTURES));
        }
        String factorsPath = child(fp, "factors");
        ArrayNode factors = array(required(spec, "factors", fp), factorsPath);
        int count = factors.size();
        if (count < 2) {
            throw error(factorsPath, factors, "has " + count + " factors: a factored process needs at least 2");
        }
        Process[][] variants = new Process[count][];
        JsonNode[] controls = new JsonNode[count];
        for (int f = 0; f < count; f++) {
            String p = index(factorsPath, f);
            JsonNode factor = object(factors.get(f), p);
            if (structure.equals("conditional_transitions")) {
                keys(factor, p, "variants", "emission", "transition");
            } else {
                keys(factor, p, "variants", "control");
            }
            variants[f] = variants(factor, p);
            controls[f] = optional(factor, "control");
        }
        if (structure.equals("conditional_transitions")) {
            return conditionalTransitions(factors, variants, factorsPath, fp);
        }
        FactoredProcess.Builder builder = FactoredProcess.builder();
        if (structure.equals("fully_conditional")) {
            requireConditionalFactors(variants, (f, k) -> index(child(index(factorsPath, f), "variants"), k));
            builder.fullyConditional();
        }
        for (Process[] v : variants) {
            builder.factor(v);
        }
        for (int f = 0; f < count; f++) {
            String p = child(index(factorsPath, f), "control");
            int k = variants[f].length;
            boolean root = structure.equals("independent") || structure.equals("chain") && f == 0;
            if (root) {
                String why = structure.equals("chain") ? "factor 0 of a chain has no parent" : "the factors are independent";
                if (controls[f] != null) {
                    throw error(p, controls[f], "is not allowed: " + why);
                }
                if (k > 1) {
                    throw error(child(index(factorsPath, f), "variants"), null, "has " + k + " variants but " + why
                            + " to choose among them: use structure chain or control");
                }
                continue;
            }
            if (controls[f] == null) {
                if (k > 1) {
                    throw error(p, null, "is missing: factor " + f + " has " + k + " variants and needs a control map to choose among them");
                }
                continue;
            }
            if (structure.equals("chain")) {
                int previous = variants[f - 1][0].symbols();
                builder.chain(f, table(controls[f], p, previous, k, f, "one per symbol of factor " + (f - 1)));
            } else if (structure.equals("fully_conditional") && controls[f].isArray()) {
                builder.control(f, FactoredProcess.others(f, count), othersTable(controls[f], p, variants, f));
            } else {
                JsonNode control = object(controls[f], p);
                keys(control, p, "parents", "table");
                int[] parents = parents(required(control, "parents", p), child(p, "parents"), f, count);
                long size = 1;
                for (int parent : parents) {
                    size *= variants[parent][0].symbols();
                    if (size > Integer.MAX_VALUE) {
                        throw error(child(p, "parents"), control.get("parents"), "would need a control table of more than " + Integer.MAX_VALUE + " entries");
                    }
                }
                builder.control(f, parents, table(required(control, "table", p), child(p, "table"), (int) size, k, f,
                        "one per combination of the parents' symbols"));
            }
        }
        return build(fp, null, builder::build);
    }

    /** A table of factor f's variants for each combination of all the other factors' symbols. */
    private static int[] othersTable(JsonNode node, String path, Process[][] variants, int f) {
        long size = 1;
        for (int g : FactoredProcess.others(f, variants.length)) {
            size *= variants[g][0].symbols();
            if (size > Integer.MAX_VALUE) {
                throw error(path, null, "would need a control table of more than " + Integer.MAX_VALUE + " entries");
            }
        }
        return table(node, path, (int) size, variants[f].length, f, "one per combination of the other factors' symbols");
    }

    /**
     * Every variant of a fully conditional process fit to be one ({@link dev.ghmm.belief.FullyConditional#requireFactor}),
     * refused at its path.
     */
    static void requireConditionalFactors(Process[][] variants, java.util.function.BiFunction<Integer, Integer, String> path) {
        for (int f = 0; f < variants.length; f++) {
            for (int k = 0; k < variants[f].length; k++) {
                Process v = variants[f][k];
                build(path.apply(f, k), null, () -> {
                    dev.ghmm.belief.FullyConditional.requireFactor(v.filterModel());
                    return v;
                });
            }
        }
    }

    /** The {@code conditional_transitions} structure: each factor's {@code emission} and {@code transition}. */
    private static FactoredProcess conditionalTransitions(ArrayNode factors, Process[][] variants, String factorsPath, String fp) {
        int count = variants.length;
        int[][] parents = new int[count][];
        int[][] emissions = new int[count][];
        int[][] transitions = new int[count][];
        for (int f = 0; f < count; f++) {
            String p = index(factorsPath, f);
            JsonNode factor = factors.get(f);
            int k = variants[f].length;
            JsonNode emission = optional(factor, "emission");
            String ep = child(p, "emission");
            if (emission == null || emission.isNumber()) {
                parents[f] = new int[0];
                emissions[f] = table(Json.array(new int[] {emission == null ? 0 : integer(emission, ep)}), ep, 1, k, f, "a variant");
            } else {
                if (f == 0) {
                    throw error(ep, emission, "is not a variant: factor 0's emission has no parent");
                }
                parents[f] = new int[] {f - 1};
                emissions[f] = table(emission, ep, variants[f - 1][0].symbols(), k, f, "one per symbol of factor " + (f - 1));
            }
            JsonNode transition = optional(factor, "transition");
            String tp = child(p, "transition");
            if (transition == null) {
                if (k > 1) {
                    throw error(tp, null, "is missing: factor " + f + " has " + k + " variants and needs a transition map to choose among them");
                }
                int[] radix = Arrays.stream(FactoredProcess.others(f, count)).map(g -> variants[g][0].symbols()).toArray();
                try {
                    transitions[f] = new int[MixedRadix.size("the other factors' symbols of factor " + f, radix)];
                } catch (IllegalArgumentException e) {
                    throw error(tp, null, "is missing, and its default (variant 0 for every symbol of the other factors) is too large: " + e.getMessage());
                }
            } else {
                transitions[f] = othersTable(transition, tp, variants, f);
            }
        }
        return build(fp, null, () -> ConditionalTransitions.of(variants, parents, emissions, transitions));
    }

    /** The variants of one factor: one alphabet and one dimension for all. */
    private static Process[] variants(JsonNode factor, String path) {
        String vp = child(path, "variants");
        ArrayNode list = array(required(factor, "variants", path), vp);
        if (list.isEmpty()) {
            throw error(vp, list, "is empty: a factor needs at least one variant");
        }
        Process[] variants = new Process[list.size()];
        for (int k = 0; k < variants.length; k++) {
            variants[k] = process(list.get(k), index(vp, k));
            Process first = variants[0];
            if (!variants[k].alphabet().equals(first.alphabet())) {
                throw error(index(vp, k), null, "has alphabet " + show(variants[k].alphabet().toString()) + " but "
                        + index(vp, 0) + " has " + show(first.alphabet().toString()) + ": the variants of a factor share one alphabet");
            }
            if (variants[k].states() != first.states()) {
                throw error(index(vp, k), null, "has dimension " + variants[k].states() + " but " + index(vp, 0) + " has "
                        + first.states() + ": the variants of a factor share one dimension");
            }
        }
        return variants;
    }

    private static int[] parents(JsonNode node, String path, int factor, int count) {
        ArrayNode list = array(node, path);
        int[] parents = new int[list.size()];
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < parents.length; i++) {
            parents[i] = integer(list.get(i), index(path, i));
            if (parents[i] < 0 || parents[i] >= count || parents[i] == factor) {
                throw error(index(path, i), list.get(i), "is not a parent of factor " + factor + ": expected another factor in [0, " + count + ")");
            }
            if (!seen.add(parents[i])) {
                throw error(index(path, i), list.get(i), "repeats a parent");
            }
        }
        return parents;
    }

    private static int[] table(JsonNode node, String path, int length, int variants, int factor, String why) {
        ArrayNode list = array(node, path);
        if (list.size() != length) {
            throw error(path, list, "has " + list.size() + " entries but needs " + length + ", " + why);
        }
        int[] table = new int[length];
        for (int i = 0; i < length; i++) {
            table[i] = integer(list.get(i), index(path, i));
            if (table[i] < 0 || table[i] >= variants) {
                throw error(index(path, i), list.get(i), "is not a variant of factor " + factor + ", which has " + variants
                        + (variants == 1 ? " variant (0)" : " variants (0 to " + (variants - 1) + ")"));
            }
        }
        return table;
    }

    private static DirectSum directSum(JsonNode node, String path) {
        keys(node, path, "directSum");
        String dp = child(path, "directSum");
        JsonNode spec = object(required(node, "directSum", path), dp);
        keys(spec, dp, "components", "weights", "symbols");
        List<Ghmm> components = components(spec, dp, ProcessFiles::process);
        double[] weights = weights(required(spec, "weights", dp), child(dp, "weights"), components.size());
        JsonNode symbols = optional(spec, "symbols");
        if (symbols == null) {
            return build(dp, null, () -> DirectSum.of(weights, components.toArray(Ghmm[]::new)));
        }
        String sp = child(dp, "symbols");
        ArrayNode maps = array(symbols, sp);
        if (maps.size() != components.size()) {
            throw error(sp, maps, "has " + maps.size() + " symbol lists but there are " + components.size() + " components");
        }
        Map<String, Integer> global = new LinkedHashMap<>();
        int[][] symbolMaps = new int[components.size()][];
        for (int k = 0; k < symbolMaps.length; k++) {
            String kp = index(sp, k);
            ArrayNode names = array(maps.get(k), kp);
            int size = components.get(k).symbols();
            if (names.size() != size) {
                throw error(kp, names, "has " + names.size() + " names but component " + k + " has " + size + " symbols");
            }
            symbolMaps[k] = new int[size];
            Map<String, Integer> local = new LinkedHashMap<>();
            for (int y = 0; y < size; y++) {
                String name = string(names.get(y), index(kp, y));
                Integer earlier = local.putIfAbsent(name, y);
                if (earlier != null) {
                    throw error(index(kp, y), names.get(y), "is also " + index(kp, earlier)
                            + ": the symbol map would merge two symbols of component " + k);
                }
                symbolMaps[k][y] = global.computeIfAbsent(name, n -> global.size());
            }
        }
        Alphabet alphabet = build(sp, null, () -> Alphabet.of(List.copyOf(global.keySet())));
        return build(dp, null, () -> DirectSum.of(weights, components, alphabet, symbolMaps));
    }

    /** {"noisy": {"process": PROCESS, "epsilon": ε, "over": "joint" | "factors", "updates": "sent" | "received"}}. */
    private static NoisyProcess noisy(JsonNode node, String path) {
        keys(node, path, "noisy");
        String np = child(path, "noisy");
        JsonNode spec = object(required(node, "noisy", path), np);
        keys(spec, np, "process", "epsilon", "over", "updates");
        String epsilonPath = child(np, "epsilon");
        double epsilon = number(required(spec, "epsilon", np), epsilonPath);
        if (!(epsilon >= 0.0 && epsilon <= 1.0)) {
            throw error(epsilonPath, spec.get("epsilon"), "is not in [0, 1]");
        }
        NoisyChannel.Over over = choice(spec, np, "over", NoisyChannel.Over.values(), NoisyChannel.Over::label);
        NoisyChannel.Updates updates = choice(spec, np, "updates", NoisyChannel.Updates.values(), NoisyChannel.Updates::label);
        String pp = child(np, "process");
        Process process = process(required(spec, "process", np), pp);
        if (process instanceof NoisyProcess inner && inner.channel().updates() == NoisyChannel.Updates.RECEIVED
                && inner.channel().epsilon() > 0.0) {
            throw error(pp, null, "is a noisy channel with received updates, which has no finite GHMM: a noisy channel over it needs one");
        }
        NoisyChannel channel = build(np, null, () -> new NoisyChannel(epsilon, over, updates));
        return build(pp, null, () -> NoisyProcess.of(process, channel));
    }

    /** The constant whose label is the string at {@code object.key}. */
    private static <E> E choice(JsonNode object, String path, String key, E[] values, java.util.function.Function<E, String> label) {
        String at = child(path, key);
        String name = string(required(object, key, path), at);
        for (E v : values) {
            if (label.apply(v).equals(name)) {
                return v;
            }
        }
        throw error(at, object.get(key), "is not " + String.join(" or ", Arrays.stream(values).map(label).toArray(String[]::new)));
    }

    /**
     * The {@code components} of a direct sum at {@code path}, in both formats: at least one, each read by
     * {@code reader} and taken as its joint GHMM.
     */
    static List<Ghmm> components(JsonNode spec, String path, BiFunction<JsonNode, String, Process> reader) {
        String cp = child(path, "components");
        ArrayNode list = array(required(spec, "components", path), cp);
        if (list.isEmpty()) {
            throw error(cp, list, "is empty: a direct sum needs at least one component");
        }
        List<Ghmm> components = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            String kp = index(cp, k);
            Process component = reader.apply(list.get(k), kp);
            components.add(build(kp, null, component::joint));
        }
        return components;
    }

    /**
     * The mixture weights of a direct sum, in both formats. {@link DirectSum} refuses negative and non-finite weights
     * and normalises the rest, a convenience for Java ({1, 1} is an even mixture); a file states probabilities, so
     * here they must also sum to 1 within {@value #WEIGHT_TOLERANCE} (the one rule of the file formats beyond the
     * constructor's), and a negative weight is named by its JSON path before the constructor sees it.
     */
    static double[] weights(JsonNode node, String path, int count) {
        ArrayNode list = array(node, path);
        if (list.size() != count) {
            throw error(path, list, "has " + list.size() + " weights but there are " + count + " components");
        }
        double[] w = new double[count];
        double sum = 0;
        for (int k = 0; k < count; k++) {
            w[k] = number(list.get(k), index(path, k));
            if (w[k] < 0) {
                throw error(index(path, k), list.get(k), "is negative: weights are probabilities");
            }
            sum += w[k];
        }
        if (Math.abs(sum - 1) > WEIGHT_TOLERANCE) {
            throw error(path, list, "sums to " + sum + ", not 1 (within 1e-9): weights are probabilities");
        }
        return w;
    }

    private static Ghmm matrices(JsonNode node, String path) {
        keys(node, path, "name", "alphabet", "transfer", "initial", "one", "hmm");
        String ap = child(path, "alphabet");
        String tp = child(path, "transfer");
        ArrayNode alphabet = array(required(node, "alphabet", path), ap);
        ArrayNode transfer = array(required(node, "transfer", path), tp);
        if (alphabet.size() != transfer.size()) {
            throw new JsonInputException(path, (path.isEmpty() ? "" : path + ": ") + "\"transfer\" has " + transfer.size()
                    + " matrices but \"alphabet\" has " + alphabet.size() + " symbols", null);
        }
        JsonNode name = optional(node, "name");
        GhmmBuilder builder = Ghmm.builder().name(name == null ? "ghmm" : string(name, child(path, "name")));
        for (int x = 0; x < alphabet.size(); x++) {
            builder.symbol(string(alphabet.get(x), index(ap, x)), matrix(transfer.get(x), index(tp, x)));
        }
        JsonNode initial = optional(node, "initial");
        if (initial != null) {
            builder.initial(vector(initial, child(path, "initial")));
        }
        JsonNode one = optional(node, "one");
        if (one != null) {
            builder.one(vector(one, child(path, "one")));
        }
        JsonNode hmm = optional(node, "hmm");
        if (hmm != null && bool(hmm, child(path, "hmm"))) {
            builder.requireHmm();
        }
        return build(path, null, builder::build);
    }

    static Operator matrix(JsonNode node, String path) {
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw error(path, node, "is an empty matrix");
            }
            double[][] m = new double[node.size()][];
            for (int i = 0; i < m.length; i++) {
                m[i] = vector(node.get(i), index(path, i));
                if (m[i].length != m.length) {
                    throw error(index(path, i), node.get(i), "has " + m[i].length + " entries but the matrix has " + m.length + " rows: it must be square");
                }
            }
            return build(path, null, () -> Operators.auto(m));
        }
        if (!node.isObject()) {
            throw error(path, node, "is neither a nested array nor a sparse object {\"rows\", \"cols\", \"entries\"}");
        }
        keys(node, path, "rows", "cols", "entries");
        int rows = integer(required(node, "rows", path), child(path, "rows"));
        int cols = integer(required(node, "cols", path), child(path, "cols"));
        if (rows <= 0 || rows != cols) {
            throw error(path, null, "has rows " + rows + " and cols " + cols + ": they must be equal and positive");
        }
        if (rows == Integer.MAX_VALUE) {
            throw error(child(path, "rows"), node.get("rows"), "is too large: a matrix has at most " + (Integer.MAX_VALUE - 1) + " rows");
        }
        String ep = child(path, "entries");
        ArrayNode entries = array(required(node, "entries", path), ep);
        DMatrixSparseTriplet triplet = new DMatrixSparseTriplet(rows, cols, entries.size());
        java.util.Map<Long, Integer> seen = new java.util.HashMap<>();
        for (int k = 0; k < entries.size(); k++) {
            JsonNode e = entries.get(k);
            if (!e.isArray() || e.size() != 3 || !isInteger(e.get(0)) || !isInteger(e.get(1)) || !e.get(2).isNumber()) {
                throw error(index(ep, k), e, "is not [i, j, value]");
            }
            int i = e.get(0).asInt();
            int j = e.get(1).asInt();
            if (i < 0 || i >= rows || j < 0 || j >= cols) {
                throw error(index(ep, k), e, "is outside " + rows + "×" + cols);
            }
            double v = e.get(2).asDouble();
            if (!Double.isFinite(v)) {
                throw error(index(index(ep, k), 2), e.get(2), "is not finite");
            }
            Integer earlier = seen.put((long) i * cols + j, k);
            if (earlier != null) {
                throw error(index(ep, k), e, "repeats entry (" + i + ", " + j + ") of " + index(ep, earlier) + ": give each entry once");
            }
            triplet.addItem(i, j, v);
        }
        return build(path, null, () -> Operators.sparse(DConvertMatrixStruct.convert(triplet, (DMatrixSparseCSC) null)));
    }

    static double[] vector(JsonNode node, String path) {
        ArrayNode list = array(node, path);
        double[] v = new double[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(list.get(i), index(path, i));
        }
        return v;
    }

    // ---------------------------------------------------------------------------------------------------- writing

    /**
     * The JSON text of a process file, pretty-printed: {@link #toTree} as text, readable by {@link #read} and
     * {@link #parse}.
     *
     * @param process the process
     * @return the text
     * @throws IllegalArgumentException as {@link #toTree}
     */
    public static String toJson(Process process) {
        return toTree(process).toPrettyString();
    }

    /**
     * The JSON form of a process, readable by {@link #fromTree}: a factored process and a direct sum keep their
     * structure (its variants and components in turn), every other process is written by its (joint) matrices.
     *
     * @param process the process
     * @return its specification
     * @throws IllegalArgumentException for a direct sum whose alphabet is not in the order in which its components'
     *                                  symbols first appear (the format has no key for a global alphabet)
     */
    public static ObjectNode toTree(Process process) {
        if (process instanceof FactoredProcess f) {
            return factoredJson(f);
        }
        if (process instanceof DirectSum d) {
            return directSumJson(d);
        }
        if (process instanceof NoisyProcess n) {
            ObjectNode root = Json.createObjectNode();
            ObjectNode spec = root.putObject("noisy");
            spec.set("process", toTree(n.process()));
            spec.put("epsilon", n.channel().epsilon());
            spec.put("over", n.channel().over().label());
            spec.put("updates", n.channel().updates().label());
            return root;
        }
        return matrixJson(process.joint());
    }

    private static ObjectNode factoredJson(FactoredProcess process) {
        ObjectNode root = Json.createObjectNode();
        ObjectNode spec = root.putObject("factored");
        String structure = structure(process);
        spec.put("structure", structure);
        int count = process.factorCount();
        ArrayNode factors = spec.putArray("factors");
        for (int f = 0; f < process.factorCount(); f++) {
            ObjectNode factor = factors.addObject();
            ArrayNode variants = factor.putArray("variants");
            for (int k = 0; k < process.variantCount(f); k++) {
                variants.add(toTree(process.variantProcess(f, k)));
            }
            if (structure.equals("conditional_transitions")) {
                factor.set("emission", emissionJson(process, f));
                factor.set("transition", Json.array(process.controlTable(f)));
                continue;
            }
            if (process.parents(f).length == 0) {
                continue;
            }
            if (structure.equals("chain") || structure.equals("fully_conditional") && Arrays.equals(process.parents(f), FactoredProcess.others(f, count))) {
                factor.set("control", Json.array(process.controlTable(f)));
            } else {
                ObjectNode control = factor.putObject("control");
                control.set("parents", Json.array(process.parents(f)));
                control.set("table", Json.array(process.controlTable(f)));
            }
        }
        return root;
    }

    /**
     * Factor f's {@code emission} in the {@code conditional_transitions} form: its variant, or the list over factor
     * f − 1's symbols.
     *
     * @throws IllegalArgumentException when other factors choose it (the form has no key for that)
     */
    private static JsonNode emissionJson(FactoredProcess process, int f) {
        int[] parents = process.emissionParents(f);
        int[] table = process.emissionTable(f);
        if (parents.length == 0) {
            return com.fasterxml.jackson.databind.node.IntNode.valueOf(table[0]);
        }
        if (!Arrays.equals(parents, new int[] {f - 1})) {
            throw new IllegalArgumentException("factor " + f + "'s emission variant is chosen by factors " + Arrays.toString(parents)
                    + ": the conditional_transitions form chooses it by factor f - 1's symbol or not at all");
        }
        return Json.array(table);
    }

    /**
     * The {@code structure} of a factored process's file form.
     *
     * @param process the process
     * @return fully_conditional, conditional_transitions, independent, chain (every parent is the previous factor) or
     *         control
     */
    public static String structure(FactoredProcess process) {
        if (process.isFullyConditional()) {
            return "fully_conditional";
        }
        if (process.isConditionalTransitions()) {
            return "conditional_transitions";
        }
        boolean independent = true;
        boolean chain = true;
        for (int f = 0; f < process.factorCount(); f++) {
            int[] parents = process.parents(f);
            independent &= parents.length == 0;
            chain &= parents.length == 0 || f > 0 && Arrays.equals(parents, new int[] {f - 1});
        }
        return independent ? "independent" : chain ? "chain" : "control";
    }

    private static ObjectNode directSumJson(DirectSum sum) {
        ObjectNode root = Json.createObjectNode();
        ObjectNode spec = root.putObject("directSum");
        ArrayNode components = spec.putArray("components");
        ArrayNode symbols = Json.createArrayNode();
        List<String> order = new ArrayList<>();
        boolean byName = true;
        for (int k = 0; k < sum.componentCount(); k++) {
            Ghmm c = sum.component(k);
            components.add(toTree(c));
            ArrayNode names = symbols.addArray();
            for (int y = 0; y < c.symbols(); y++) {
                String name = sum.alphabet().name(sum.globalSymbol(k, y));
                names.add(name);
                byName &= name.equals(c.alphabet().name(y));
                if (!order.contains(name)) {
                    order.add(name);
                }
            }
        }
        if (!order.equals(List.of(sum.alphabet().names()))) {
            throw new IllegalArgumentException("the direct sum " + sum.name() + " has alphabet " + show(sum.alphabet().toString())
                    + ", not its symbols in order of first appearance " + show(order.toString()) + ": a process file cannot express it");
        }
        spec.set("weights", Json.array(sum.weights()));
        if (!byName) {
            spec.set("symbols", symbols);
        }
        return root;
    }

    private static ObjectNode matrixJson(Ghmm process) {
        ObjectNode root = Json.createObjectNode();
        root.put("name", process.name());
        ArrayNode alphabet = root.putArray("alphabet");
        for (String s : process.alphabet().names()) {
            alphabet.add(s);
        }
        ArrayNode transfer = root.putArray("transfer");
        for (int x = 0; x < process.symbols(); x++) {
            ArrayNode rows = transfer.addArray();
            DMatrixRMaj m = process.transfer(x).toDense();
            for (int i = 0; i < m.numRows; i++) {
                ArrayNode row = rows.addArray();
                for (int j = 0; j < m.numCols; j++) {
                    row.add(m.get(i, j));
                }
            }
        }
        root.set("initial", Json.array(process.initial()));
        root.set("one", Json.array(process.one()));
        if (process.isHmm() && Vectors.isNonNegative(process.initial())) {
            root.put("hmm", true);
        }
        return root;
    }
}
