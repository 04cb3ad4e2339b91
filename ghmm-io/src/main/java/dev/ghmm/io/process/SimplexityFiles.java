package dev.ghmm.io.process;

import static dev.ghmm.io.json.JsonReader.array;
import static dev.ghmm.io.json.JsonReader.build;
import static dev.ghmm.io.json.JsonReader.child;
import static dev.ghmm.io.json.JsonReader.error;
import static dev.ghmm.io.json.JsonReader.index;
import static dev.ghmm.io.json.JsonReader.integer;
import static dev.ghmm.io.json.JsonReader.keys;
import static dev.ghmm.io.json.JsonReader.number;
import static dev.ghmm.io.json.JsonReader.object;
import static dev.ghmm.io.json.JsonReader.optional;
import static dev.ghmm.io.json.JsonReader.required;
import static dev.ghmm.io.json.JsonReader.string;
import static dev.ghmm.io.process.ProcessFiles.components;
import static dev.ghmm.io.process.ProcessFiles.matrix;
import static dev.ghmm.io.process.ProcessFiles.vector;
import static dev.ghmm.io.process.ProcessFiles.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.MixedRadix;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.factored.CompositeEncoding;
import dev.ghmm.factored.ConditionalTransitions;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.factored.SparseComposite;
import dev.ghmm.io.json.Json;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Process files of the Python peer Astera-org/simplexity, as its generative-processes specification writes them: an
 * object with a {@code "type"}, read wherever ghmm reads a process ({@link ProcessFiles}).
 * <ul>
 * <li>{@code {"type": "hmm" | "ghmm", "transition_matrices": [T(0), T(1), …], "initial_state": [...]}}: symbol x is
 * named {@code "x"}; without {@code initial_state} the initial belief is the stationary one; a {@code "ghmm"}'s
 * normalising vector |1⟩⟩ is the eigenvalue-1 right eigenvector of T, which the specification calls w (ghmm
 * normalises beliefs to ⟨⟨η|w⟩⟩ = 1 with w as it comes out of the eigensolver; probabilities do not depend on its
 * scale).</li>
 * <li>{@code {"type": "factored", "factors": [{"component_type", "transition_matrices": [variant][symbol][S][S],
 * "initial_state", "vocab_size"}, …], "structure": {...}}} with structure {@code independent} (factor f uses its
 * variant {@code variant_indices[f]}, 0 without them) or {@code sequential} (factor 0 uses its variant 0;
 * {@code control_maps}: null for factor 0, then for factor f the variant chosen by each token of factor f − 1),
 * {@code fully_conditional} ({@code control_maps}: for factor f the variant chosen by each combination of the other
 * factors' tokens, increasing factor order, the last fastest: a {@link FactoredProcess} with
 * {@link FactoredProcess.Builder#fullyConditional()}) or {@code conditional_transitions}
 * ({@code transition_control_maps} as fully conditional maps, with {@code emission_variant_indices} or sequential
 * {@code emission_control_maps}: {@link ConditionalTransitions}), composite tokens in radix order (factor 0 most
 * significant); one factor is that factor's process. An explicit {@code composite_encoding} ({@link #encoding}) makes
 * the composite vocabulary its listed tuples, in list order: a {@link SparseComposite}. A {@code noise_epsilon} ε is the
 * peer's noisy factored process: the joint next-token law blurred, (1 − ε)·P + ε/|𝒳|, every factor advanced on the token
 * emitted (a {@link NoisyProcess} over the joint alphabet with received updates; docs/math.md, "Noisy channels").</li>
 * <li>{@code {"type": "nonergodic", "components": [PROCESS, …], "weights": [...], "vocab_maps": [[global token of
 * each local token], …]}}: a {@link DirectSum}; its global alphabet is 0 … max token.</li>
 * </ul>
 * Bad input is refused in one line naming the JSON path, as for ghmm's own files.
 */
public final class SimplexityFiles {
    private SimplexityFiles() {
    }

    /** The process of a simplexity process object at {@code path}. */
    static Process process(JsonNode node, String path) {
        String tp = child(path, "type");
        String type = string(required(node, "type", path), tp);
        return switch (type) {
            case "hmm", "ghmm" -> base(node, path, type);
            case "factored" -> factored(node, path);
            case "nonergodic" -> nonergodic(node, path);
            default -> throw error(tp, node.get("type"), "is not a simplexity process type: expected hmm, ghmm, factored or nonergodic");
        };
    }

    /** {@code {"type": "hmm" | "ghmm", "transition_matrices", "initial_state"}}. */
    private static Ghmm base(JsonNode node, String path, String type) {
        keys(node, path, "type", "transition_matrices", "initial_state");
        return ghmm(node.get("transition_matrices"), optional(node, "initial_state"), path, child(path, "transition_matrices"),
                type.equals("hmm"), type);
    }

    /** A GHMM from its matrices T(x) at {@code tp} and an optional initial state. */
    private static Ghmm ghmm(JsonNode matrices, JsonNode initial, String path, String tp, boolean hmm, String name) {
        if (matrices == null || matrices.isNull()) {
            throw error(tp, null, "is missing");
        }
        ArrayNode t = array(matrices, tp);
        if (t.isEmpty()) {
            throw error(tp, t, "is empty: a process needs at least one token");
        }
        GhmmBuilder builder = Ghmm.builder().name(name);
        for (int x = 0; x < t.size(); x++) {
            builder.symbol(Integer.toString(x), matrix(t.get(x), index(tp, x)));
        }
        if (initial != null) {
            builder.initial(vector(initial, child(path, "initial_state")));
        }
        if (hmm) {
            builder.requireHmm();
        }
        return build(path, null, builder::build);
    }

    /**
     * A factored process object: its structure, on the tuples of an explicit {@code composite_encoding} when it has one,
     * through the peer's noisy channel when it has a {@code noise_epsilon}.
     */
    private static Process factored(JsonNode node, String path) {
        keys(node, path, "type", "factors", "structure", "composite_encoding", "noise_epsilon");
        JsonNode encodingNode = optional(node, "composite_encoding");
        String ep = child(path, "composite_encoding");
        CompositeEncoding encoding = encodingNode == null ? null : encoding(encodingNode, ep);
        Process process = structured(node, path);
        if (encoding != null) {
            process = sparse(process, encoding, encodingNode, ep);
        }
        JsonNode noise = optional(node, "noise_epsilon");
        if (noise == null) {
            return process;
        }
        String np = child(path, "noise_epsilon");
        double epsilon = number(noise, np);
        if (!(epsilon >= 0.0 && epsilon <= 1.0)) {
            throw error(np, noise, "is not in [0, 1]");
        }
        Process clean = process;
        // the peer's noise_epsilon: the joint next-token law blurred, every factor advanced on the token emitted (docs/math.md)
        return build(np, noise, () -> NoisyProcess.of(clean, new NoisyChannel(epsilon, NoisyChannel.Over.JOINT, NoisyChannel.Updates.RECEIVED)));
    }

    /**
     * A {@code composite_encoding} object: {@code {"type": "radix"}} (null: composite tokens in radix order) or
     * {@code {"type": "explicit", "token_to_tuple": [[t_0, …, t_{F−1}], …]}}, composite token c the tuple at position c,
     * no tuple twice. The Python peer's conformance vectors of sparse encodings read theirs here.
     *
     * @param node the object
     * @param path its JSON path
     * @return the explicit encoding, or null for radix order
     * @throws IllegalArgumentException (a {@link dev.ghmm.io.json.JsonInputException}) naming the JSON path of what is
     *                                  wrong: an unknown type, an empty list, a tuple that is not a list of tokens, of
     *                                  another length than the first, or that repeats an earlier one
     */
    public static CompositeEncoding encoding(JsonNode node, String path) {
        object(node, path);
        String tp = child(path, "type");
        String type = string(required(node, "type", path), tp);
        if (type.equals("radix")) {
            keys(node, path, "type");
            return null;
        }
        if (!type.equals("explicit")) {
            throw error(tp, node.get("type"), "is not radix or explicit");
        }
        keys(node, path, "type", "token_to_tuple");
        String lp = child(path, "token_to_tuple");
        ArrayNode list = array(required(node, "token_to_tuple", path), lp);
        if (list.isEmpty()) {
            throw error(lp, list, "is empty: the composite vocabulary needs at least one tuple");
        }
        int[][] tuples = new int[list.size()][];
        Map<List<Integer>, Integer> seen = new HashMap<>();
        for (int c = 0; c < tuples.length; c++) {
            String cp = index(lp, c);
            ArrayNode tuple = array(list.get(c), cp);
            if (tuple.isEmpty() || tuple.size() != list.get(0).size()) {
                throw error(cp, tuple, "has " + tuple.size() + " tokens but token_to_tuple[0] has " + list.get(0).size() + ": one token per factor");
            }
            tuples[c] = new int[tuple.size()];
            for (int f = 0; f < tuples[c].length; f++) {
                tuples[c][f] = integer(tuple.get(f), index(cp, f));
                if (tuples[c][f] < 0) {
                    throw error(index(cp, f), tuple.get(f), "is negative: tokens are 0, 1, …");
                }
            }
            Integer previous = seen.put(Arrays.stream(tuples[c]).boxed().toList(), c);
            if (previous != null) {
                throw error(cp, tuple, "repeats token_to_tuple[" + previous + "]: the encoding must be injective");
            }
        }
        return build(lp, null, () -> CompositeEncoding.explicit(tuples));
    }

    /** The process on the tuples of an explicit encoding, each token checked against its factor's vocabulary. */
    private static Process sparse(Process process, CompositeEncoding encoding, JsonNode node, String ep) {
        String lp = child(ep, "token_to_tuple");
        if (!(process instanceof FactoredProcess fp)) {
            throw error(lp, null, "lists tuples for a process of 1 factor: an explicit encoding needs at least 2 factors");
        }
        if (encoding.factors() != fp.factorCount()) {
            throw error(index(lp, 0), node.get("token_to_tuple").get(0), "has " + encoding.factors() + " tokens for " + fp.factorCount() + " factors");
        }
        for (int c = 0; c < encoding.size(); c++) {
            int[] tuple = encoding.tuple(c);
            for (int f = 0; f < tuple.length; f++) {
                int size = fp.factor(f).symbols();
                if (tuple[f] >= size) {
                    throw error(index(index(lp, c), f), node.get("token_to_tuple").get(c).get(f), "is not a token of factor " + f + ": expected 0 … "
                            + (size - 1));
                }
            }
        }
        return build(lp, null, () -> SparseComposite.of(fp, encoding));
    }

    /** The factored process of {@code factors} and {@code structure}, its composite tokens in radix order. */
    private static Process structured(JsonNode node, String path) {
        String sp = child(path, "structure");
        JsonNode structure = object(required(node, "structure", path), sp);
        String type = string(required(structure, "type", sp), child(sp, "type"));
        String fp = child(path, "factors");
        ArrayNode factors = array(required(node, "factors", path), fp);
        if (factors.isEmpty()) {
            throw error(fp, factors, "is empty: a factored process needs at least one factor");
        }
        Ghmm[][] variants = new Ghmm[factors.size()][];
        for (int f = 0; f < variants.length; f++) {
            variants[f] = variants(factors.get(f), index(fp, f));
        }
        switch (type) {
            case "independent" -> {
                keys(structure, sp, "type", "variant_indices");
                int[] chosen = variantIndices(structure, "variant_indices", child(sp, "variant_indices"), variants);
                if (variants.length == 1) {
                    return variants[0][chosen[0]];
                }
                FactoredProcess.Builder builder = FactoredProcess.builder();
                for (int f = 0; f < variants.length; f++) {
                    builder.factor(variants[f][chosen[f]]);
                }
                return build(path, null, builder::build);
            }
            case "sequential" -> {
                keys(structure, sp, "type", "control_maps");
                return sequential(variants, structure, fp, sp, path);
            }
            case "fully_conditional" -> {
                keys(structure, sp, "type", "control_maps");
                return fullyConditional(variants, structure, sp, path);
            }
            case "conditional_transitions" -> {
                keys(structure, sp, "type", "transition_control_maps", "emission_variant_indices", "emission_control_maps");
                return conditionalTransitions(variants, structure, sp, path);
            }
            default -> throw error(child(sp, "type"), structure.get("type"),
                    "is not a simplexity structure: expected independent, sequential, fully_conditional or conditional_transitions");
        }
    }

    /** A chain: factor f's variant is chosen by the token of factor f − 1 through {@code control_maps[f]}. */
    private static Process sequential(Ghmm[][] variants, JsonNode structure, String fp, String sp, String path) {
        String cp = child(sp, "control_maps");
        ArrayNode maps = array(required(structure, "control_maps", sp), cp);
        if (maps.size() != variants.length) {
            throw error(cp, maps, "has " + maps.size() + " entries for " + variants.length + " factors");
        }
        if (entry(maps, 0) != null) {
            throw error(index(cp, 0), maps.get(0), "is not null: factor 0 of a sequential structure has no parent");
        }
        if (variants.length == 1) {
            return variants[0][0];
        }
        FactoredProcess.Builder builder = FactoredProcess.builder();
        builder.factor(variants[0][0]); // factor 0 has no parent: its variant 0, as the specification says
        for (int f = 1; f < variants.length; f++) {
            builder.factor(variants[f]);
        }
        for (int f = 1; f < variants.length; f++) {
            String mp = index(cp, f);
            JsonNode map = entry(maps, f);
            int parentTokens = variants[f - 1][0].symbols();
            if (map == null) {
                if (variants[f].length > 1) {
                    throw error(mp, null, "is null but factor " + f + " has " + variants[f].length + " variants to choose among");
                }
                continue;
            }
            ArrayNode entries = array(map, mp);
            if (entries.size() != parentTokens) {
                throw error(mp, map, "has " + entries.size() + " entries, expected one per token of factor " + (f - 1) + " (" + parentTokens + ")");
            }
            int[] table = new int[parentTokens];
            for (int y = 0; y < parentTokens; y++) {
                table[y] = integer(entries.get(y), index(mp, y));
                if (table[y] < 0 || table[y] >= variants[f].length) {
                    throw error(index(mp, y), entries.get(y), "is not a variant of factor " + f + ": expected 0 … " + (variants[f].length - 1));
                }
            }
            builder.chain(f, table);
        }
        return build(path, null, builder::build);
    }

    /**
     * {@code fully_conditional}: {@code control_maps[f]} chooses factor f's variant from the tokens of all the other
     * factors (increasing factor order, the last fastest); null for a factor with one variant.
     */
    private static Process fullyConditional(Ghmm[][] variants, JsonNode structure, String sp, String path) {
        int[][] tables = otherTokenMaps(variants, structure, "control_maps", sp);
        if (variants.length == 1) {
            return variants[0][tables[0][0]];
        }
        ProcessFiles.requireConditionalFactors(variants, (f, k) -> index(child(index(child(path, "factors"), f), "transition_matrices"), k));
        FactoredProcess.Builder builder = FactoredProcess.builder().fullyConditional();
        for (Ghmm[] v : variants) {
            builder.factor(v);
        }
        for (int f = 0; f < variants.length; f++) {
            if (variants[f].length > 1) {
                builder.control(f, FactoredProcess.others(f, variants.length), tables[f]);
            }
        }
        return build(path, null, builder::build);
    }

    /**
     * {@code conditional_transitions}: {@code transition_control_maps[f]} as a fully conditional control map, and either
     * {@code emission_variant_indices} (a constant emission variant per factor) or {@code emission_control_maps} (null
     * or a length-1 list for a constant variant, else one variant per token of factor f − 1).
     */
    private static Process conditionalTransitions(Ghmm[][] variants, JsonNode structure, String sp, String path) {
        int count = variants.length;
        if (count == 1) {
            throw error(child(path, "factors"), null, "has 1 factor: the conditional_transitions structure needs at least 2");
        }
        int[][] transitions = otherTokenMaps(variants, structure, "transition_control_maps", sp);
        JsonNode indices = optional(structure, "emission_variant_indices");
        JsonNode maps = optional(structure, "emission_control_maps");
        if (indices == null && maps == null) {
            throw error(sp, null, "needs emission_variant_indices (and, for emissions chosen by earlier tokens, emission_control_maps)");
        }
        // the peer's reading: factor 0, and a factor whose map is null, emits with emission_variant_indices[f]; a map of
        // factor f ≥ 1 is indexed by the tokens of all earlier factors (t_0, …, t_{f−1}), last fastest
        int[] chosen = indices == null ? null : variantIndices(structure, "emission_variant_indices", child(sp, "emission_variant_indices"), variants);
        String mp = child(sp, "emission_control_maps");
        ArrayNode list = maps == null ? null : array(maps, mp);
        if (list != null && list.size() != count) {
            throw error(mp, list, "has " + list.size() + " entries for " + count + " factors");
        }
        int[][] parents = new int[count][];
        int[][] tables = new int[count][];
        long prefixes = 1;
        for (int f = 0; f < count; f++) {
            JsonNode map = list == null ? null : entry(list, f);
            int length = map == null ? 0 : array(map, index(mp, f)).size();
            if (f == 0 || map == null) {
                // the peer ignores factor 0's map; without indices, a map of one entry (or none: variant 0) is the constant
                parents[f] = new int[0];
                if (chosen != null) {
                    tables[f] = new int[] {chosen[f]};
                } else if (map == null) {
                    tables[f] = new int[] {0};
                } else if (length == 1) {
                    tables[f] = variantList(map, index(mp, f), variants, f);
                } else {
                    throw error(index(mp, f), map, "has " + length + " entries, expected 1 (a constant variant)");
                }
            } else if (length == 1 && prefixes != 1) {
                // a map of one entry: a constant variant
                parents[f] = new int[0];
                tables[f] = variantList(map, index(mp, f), variants, f);
            } else {
                if (length != prefixes) {
                    throw error(index(mp, f), map, "has " + length + " entries, expected 1 (a constant variant) or one per combination of the"
                            + " tokens of factors 0…" + (f - 1) + " (" + prefixes + ", last fastest)");
                }
                parents[f] = IntStream.range(0, f).toArray();
                tables[f] = variantList(map, index(mp, f), variants, f);
            }
            prefixes = Math.min(prefixes * variants[f][0].symbols(), Integer.MAX_VALUE);
        }
        return build(path, null, () -> ConditionalTransitions.of(variants, parents, tables, transitions));
    }

    /** Per factor, a map from the other factors' tokens to a variant, at {@code key}; null for a factor with one variant. */
    private static int[][] otherTokenMaps(Ghmm[][] variants, JsonNode structure, String key, String sp) {
        String cp = child(sp, key);
        ArrayNode maps = array(required(structure, key, sp), cp);
        int count = variants.length;
        if (maps.size() != count) {
            throw error(cp, maps, "has " + maps.size() + " entries for " + count + " factors");
        }
        int[][] tables = new int[count][];
        for (int f = 0; f < count; f++) {
            JsonNode map = entry(maps, f);
            String mp = index(cp, f);
            long combinations = 1;
            for (int g : FactoredProcess.others(f, count)) {
                combinations *= variants[g][0].symbols();
                if (combinations > Integer.MAX_VALUE) {
                    throw error(mp, null, "would choose factor " + f + "'s variant from more than " + Integer.MAX_VALUE
                            + " combinations of the other factors' tokens");
                }
            }
            if (map == null) {
                if (variants[f].length > 1) {
                    throw error(mp, null, "is null but factor " + f + " has " + variants[f].length + " variants to choose among");
                }
                tables[f] = new int[(int) combinations];
                continue;
            }
            if (array(map, mp).size() != combinations) {
                throw error(mp, map, "has " + map.size() + " entries, expected one per combination of the other factors' tokens (" + combinations + ")");
            }
            tables[f] = variantList(map, mp, variants, f);
        }
        return tables;
    }

    /** A list of variants of factor f at {@code mp}. */
    private static int[] variantList(JsonNode map, String mp, Ghmm[][] variants, int f) {
        ArrayNode entries = array(map, mp);
        int[] table = new int[entries.size()];
        for (int i = 0; i < table.length; i++) {
            table[i] = integer(entries.get(i), index(mp, i));
            if (table[i] < 0 || table[i] >= variants[f].length) {
                throw error(index(mp, i), entries.get(i), "is not a variant of factor " + f + ": expected 0 … " + (variants[f].length - 1));
            }
        }
        return table;
    }

    /** {@code variant_indices} (or another key's list): the variant each factor uses, 0 for every factor when absent. */
    private static int[] variantIndices(JsonNode structure, String key, String vp, Ghmm[][] variants) {
        int[] chosen = new int[variants.length];
        JsonNode node = optional(structure, key);
        if (node == null) {
            return chosen;
        }
        ArrayNode list = array(node, vp);
        if (list.size() != variants.length) {
            throw error(vp, list, "has " + list.size() + " entries for " + variants.length + " factors");
        }
        for (int f = 0; f < chosen.length; f++) {
            chosen[f] = integer(list.get(f), index(vp, f));
            if (chosen[f] < 0 || chosen[f] >= variants[f].length) {
                throw error(index(vp, f), list.get(f), "is not a variant of factor " + f + ": expected 0 … " + (variants[f].length - 1));
            }
        }
        return chosen;
    }

    /** Entry i of an array; null for JSON null (Python's None). */
    private static JsonNode entry(ArrayNode array, int i) {
        JsonNode v = array.get(i);
        return v == null || v.isNull() ? null : v;
    }

    /** One factor's variants: {@code transition_matrices} [variant][token][S][S], one initial state for all. */
    private static Ghmm[] variants(JsonNode factor, String path) {
        object(factor, path);
        keys(factor, path, "component_type", "transition_matrices", "initial_state", "vocab_size");
        String ctp = child(path, "component_type");
        String component = string(required(factor, "component_type", path), ctp);
        if (!component.equals("hmm") && !component.equals("ghmm")) {
            throw error(ctp, factor.get("component_type"), "is not hmm or ghmm");
        }
        String tp = child(path, "transition_matrices");
        ArrayNode list = array(required(factor, "transition_matrices", path), tp);
        if (list.isEmpty()) {
            throw error(tp, list, "is empty: a factor needs at least one variant");
        }
        JsonNode initial = optional(factor, "initial_state");
        Ghmm[] variants = new Ghmm[list.size()];
        for (int k = 0; k < variants.length; k++) {
            variants[k] = ghmm(list.get(k), initial, path, index(tp, k), component.equals("hmm"), component);
            if (variants[k].symbols() != variants[0].symbols() || variants[k].states() != variants[0].states()) {
                throw error(index(tp, k), null, "has " + variants[k].symbols() + " tokens of dimension " + variants[k].states() + " but variant 0 has "
                        + variants[0].symbols() + " of dimension " + variants[0].states() + ": the variants of a factor share both");
            }
        }
        JsonNode vocab = optional(factor, "vocab_size");
        if (vocab != null && integer(vocab, child(path, "vocab_size")) != variants[0].symbols()) {
            throw error(child(path, "vocab_size"), vocab, "differs from the " + variants[0].symbols() + " tokens of its transition matrices");
        }
        return variants;
    }

    /** {@code {"type": "nonergodic", "components", "weights", "vocab_maps"}}: a direct sum over the global tokens. */
    private static DirectSum nonergodic(JsonNode node, String path) {
        keys(node, path, "type", "components", "weights", "vocab_maps");
        List<Ghmm> parts = components(node, path, (component, at) -> process(object(component, at), at));
        double[] weights = weights(required(node, "weights", path), child(path, "weights"), parts.size());
        String vp = child(path, "vocab_maps");
        JsonNode mapsNode = optional(node, "vocab_maps");
        ArrayNode list = mapsNode == null ? null : array(mapsNode, vp);
        if (list != null && list.size() != parts.size()) {
            throw error(vp, mapsNode, "has " + list.size() + " maps for " + parts.size() + " components");
        }
        int[][] maps = new int[parts.size()][];
        int global = 0;
        for (int k = 0; k < maps.length; k++) {
            int local = parts.get(k).symbols();
            maps[k] = new int[local];
            ArrayNode map = list == null ? null : array(list.get(k), index(vp, k));
            if (map != null && map.size() != local) {
                throw error(index(vp, k), map, "has " + map.size() + " entries, expected one per token of component " + k + " (" + local + ")");
            }
            for (int y = 0; y < local; y++) {
                // without vocab_maps every component's tokens are the global ones
                maps[k][y] = map == null ? y : integer(map.get(y), index(index(vp, k), y));
                if (maps[k][y] < 0) {
                    throw error(index(index(vp, k), y), map.get(y), "is negative: tokens are 0, 1, …");
                }
                if (maps[k][y] == Integer.MAX_VALUE) {
                    throw error(index(index(vp, k), y), map.get(y), "is too large: tokens are at most " + (Integer.MAX_VALUE - 1));
                }
                global = Math.max(global, maps[k][y] + 1);
            }
        }
        int size = global;
        Alphabet alphabet = build(vp, null, () -> Alphabet.numbered(size));
        return build(path, null, () -> DirectSum.of(weights, parts, alphabet, maps));
    }

    // ---------------------------------------------------------------------------------------------------- writing

    /** Words drawn from a process to check that its simplexity form reads back as the same process. */
    private static final int CHECKED_WORDS = 200;
    private static final int CHECKED_LENGTH = 4;

    /**
     * The simplexity form of a process ({@code ghmm describe --format simplexity}): a GHMM as {@code hmm} or
     * {@code ghmm}, a factored process with independent factors, a chain or fully conditional factors as
     * {@code factored} (with its explicit {@code composite_encoding} on a sparse vocabulary, with {@code noise_epsilon}
     * through a noisy channel over the joint alphabet with received updates), a direct sum as
     * {@code nonergodic}, a process without factors through a noisy channel with sent updates as its blurred GHMM. It is read back before it is returned, and must give every one of {@value #CHECKED_WORDS}
     * words drawn from the process the same probability to 1e-12 relative (a word the process itself refuses, at an
     * undefined update of {@code conditional_transitions}, is skipped, but at least one word must be compared).
     *
     * @throws IllegalArgumentException for a structure the format lacks (a control map with several parents or a
     *                                  cycle, variants of a factor 0 or of an independent factor, another noisy channel)
     *                                  or a process whose
     *                                  form reads back as another (a degenerate eigenvalue-1 eigenspace of T, whose w
     *                                  the format cannot state), or a process that refuses every word drawn
     * @param process the process
     * @return its simplexity process object
     */
    public static ObjectNode toTree(Process process) {
        ObjectNode json = form(process);
        Process back = process(json, "");
        IllegalArgumentException refusal = null;
        int compared = 0;
        for (long seed = 0; seed < CHECKED_WORDS; seed++) {
            int[] word;
            double p;
            try {
                word = process.sample(seed, CHECKED_LENGTH);
                p = process.probability(word);
            } catch (IllegalArgumentException undefined) {
                refusal = undefined;
                continue; // a path the process itself refuses (an undefined update of conditional_transitions): nothing to compare
            }
            double q;
            try {
                q = back.probability(word);
            } catch (IllegalArgumentException refused) {
                throw new IllegalArgumentException(process.name() + " has no simplexity form: the form read back refuses "
                        + process.alphabet().format(word) + " (" + refused.getMessage() + "), which the process reads with probability " + p);
            }
            if (!(Math.abs(p - q) <= 1e-12 * Math.abs(p))) {
                throw new IllegalArgumentException(process.name() + " has no simplexity form: the form's w reads " + process.alphabet().format(word)
                        + " with probability " + q + " instead of " + p);
            }
            compared++;
        }
        if (compared == 0) {
            throw new IllegalArgumentException(process.name() + " has no checked simplexity form: the process refuses all " + CHECKED_WORDS
                    + " words of length " + CHECKED_LENGTH + " drawn to compare with the form (" + refusal.getMessage() + ")");
        }
        return json;
    }

    private static ObjectNode form(Process process) {
        if (process instanceof NoisyProcess noisy) {
            return noisy(noisy);
        }
        if (process instanceof SparseComposite sparse) {
            ObjectNode o = form(sparse.factored());
            ObjectNode encoding = o.putObject("composite_encoding");
            encoding.put("type", "explicit");
            ArrayNode tuples = encoding.putArray("token_to_tuple");
            for (int c = 0; c < sparse.encoding().size(); c++) {
                tuples.add(Json.array(sparse.encoding().tuple(c)));
            }
            return o;
        }
        if (process instanceof Ghmm g) {
            ObjectNode o = Json.createObjectNode();
            o.put("type", g.isHmm() ? "hmm" : "ghmm");
            o.set("transition_matrices", matrices(g));
            o.set("initial_state", Json.array(g.initial()));
            return o;
        }
        if (process instanceof FactoredProcess fp) {
            ObjectNode o = Json.createObjectNode();
            o.put("type", "factored");
            ArrayNode factors = o.putArray("factors");
            boolean independent = true;
            for (int f = 0; f < fp.factorCount(); f++) {
                ObjectNode factor = factors.addObject();
                boolean hmm = true;
                ArrayNode variants = Json.createArrayNode();
                for (int k = 0; k < fp.variantCount(f); k++) {
                    variants.add(matrices(fp.variant(f, k)));
                    hmm &= fp.variant(f, k).isHmm();
                }
                factor.put("component_type", hmm ? "hmm" : "ghmm");
                factor.set("transition_matrices", variants);
                factor.set("initial_state", Json.array(fp.variant(f, 0).initial()));
                factor.put("vocab_size", fp.variant(f, 0).symbols());
                int[] parents = fp.parents(f);
                independent &= parents.length == 0;
                boolean chained = f > 0 && parents.length == 1 && parents[0] == f - 1;
                boolean others = Arrays.equals(parents, FactoredProcess.others(f, fp.factorCount())) || fp.variantCount(f) == 1;
                if (fp.isConditionalTransitions()) {
                    int[] emission = fp.emissionParents(f);
                    int self = f;
                    if (Arrays.stream(emission).anyMatch(q -> q >= self)) {
                        throw new IllegalArgumentException(process.name() + " has no simplexity form: factor " + f + "'s emission variant is chosen by"
                                + " factors " + Arrays.toString(emission) + ", and the format's conditional_transitions chooses it by the tokens of"
                                + " earlier factors or not at all");
                    }
                }
                if ((fp.isFullyConditional() || fp.isConditionalTransitions()) && others) {
                    continue;
                }
                if (fp.isFullyConditional() || fp.isConditionalTransitions() || parents.length > 0 && !chained
                        || parents.length == 0 && fp.variantCount(f) > 1) {
                    throw new IllegalArgumentException(process.name() + " has no simplexity form: factor " + f + "'s "
                            + (fp.isConditionalTransitions() ? "transition " : "") + "variant is chosen by factors " + Arrays.toString(parents)
                            + ", and the format chooses a variant by no factor (independent), the previous factor (sequential) or all the"
                            + " others (fully_conditional, conditional_transitions' transitions)");
                }
            }
            ObjectNode structure = o.putObject("structure");
            if (fp.isConditionalTransitions()) {
                structure.put("type", "conditional_transitions");
                ArrayNode transitions = structure.putArray("transition_control_maps");
                boolean constant = true;
                for (int f = 0; f < fp.factorCount(); f++) {
                    if (fp.variantCount(f) == 1) {
                        transitions.addNull();
                    } else {
                        transitions.add(Json.array(fp.controlTable(f)));
                    }
                    constant &= fp.emissionParents(f).length == 0;
                }
                // emission_variant_indices always (factor 0 and factors without a map read them); a map of factor f is over the
                // tokens of all earlier factors, last fastest, expanded from the factor's own emission parents
                int[] indices = new int[fp.factorCount()];
                for (int f = 0; f < fp.factorCount(); f++) {
                    indices[f] = fp.emissionTable(f)[0];
                }
                structure.set("emission_variant_indices", Json.array(indices));
                if (!constant) {
                    ArrayNode maps = structure.putArray("emission_control_maps");
                    int[] radix = IntStream.range(0, fp.factorCount()).map(g -> fp.factor(g).symbols()).toArray();
                    for (int f = 0; f < fp.factorCount(); f++) {
                        int[] emission = fp.emissionParents(f);
                        if (emission.length == 0) {
                            maps.addNull();
                            continue;
                        }
                        int[] prefix = Arrays.copyOf(radix, f);
                        int[] tokens = new int[f];
                        int[] table = new int[MixedRadix.size("the tokens of factors before " + f, prefix)];
                        for (int c = 0; c < table.length; c++) {
                            MixedRadix.decode(prefix, c, tokens);
                            int at = 0;
                            for (int q : emission) {
                                at = at * radix[q] + tokens[q];
                            }
                            table[c] = fp.emissionTable(f)[at];
                        }
                        maps.add(Json.array(table));
                    }
                }
            } else if (fp.isFullyConditional()) {
                structure.put("type", "fully_conditional");
                ArrayNode maps = structure.putArray("control_maps");
                for (int f = 0; f < fp.factorCount(); f++) {
                    if (fp.variantCount(f) == 1) {
                        maps.addNull();
                    } else {
                        maps.add(Json.array(fp.controlTable(f)));
                    }
                }
            } else if (independent) {
                structure.put("type", "independent");
            } else {
                structure.put("type", "sequential");
                ArrayNode maps = structure.putArray("control_maps");
                for (int f = 0; f < fp.factorCount(); f++) {
                    if (fp.parents(f).length == 0) {
                        maps.addNull();
                    } else {
                        maps.add(Json.array(fp.controlTable(f)));
                    }
                }
            }
            return o;
        }
        if (process instanceof DirectSum sum) {
            ObjectNode o = Json.createObjectNode();
            o.put("type", "nonergodic");
            ArrayNode components = o.putArray("components");
            ArrayNode maps = o.putArray("vocab_maps");
            for (int k = 0; k < sum.componentCount(); k++) {
                components.add(form(sum.component(k)));
                int[] map = new int[sum.component(k).symbols()];
                for (int y = 0; y < map.length; y++) {
                    map[y] = sum.globalSymbol(k, y);
                }
                maps.add(Json.array(map));
            }
            o.set("weights", Json.array(sum.weights()));
            return o;
        }
        return form(process.joint());
    }

    /**
     * A noisy process as the peer writes one: a factored process through a channel over the joint alphabet with received
     * updates is the factored form with {@code noise_epsilon} (the peer's FactoredGenerativeProcess); a process without
     * factors through a channel with sent updates is its blurred GHMM T′ (the peer's apply_noisy_channel on its matrices);
     * at ε = 0 the clean process.
     */
    private static ObjectNode noisy(NoisyProcess noisy) {
        NoisyChannel channel = noisy.channel();
        Process clean = noisy.process();
        if (channel.epsilon() == 0.0) {
            return form(clean);
        }
        boolean factored = clean instanceof FactoredProcess || clean instanceof SparseComposite;
        if (factored && channel.over() == NoisyChannel.Over.JOINT && channel.updates() == NoisyChannel.Updates.RECEIVED) {
            ObjectNode o = form(clean);
            o.put("noise_epsilon", channel.epsilon());
            return o;
        }
        if (!factored && channel.updates() == NoisyChannel.Updates.SENT) {
            return form(noisy.joint());
        }
        String why = !factored ? "received updates of a process without factors, which the peer blurs in its matrices (updates: sent)"
                : channel.over() == NoisyChannel.Over.FACTORS ? "each factor's token blurred (over: factors), where the peer's noise_epsilon blurs the"
                        + " composite token (over: joint, updates: received)"
                : "its factors advanced on the token sent (updates: sent), where the peer's noise_epsilon advances them on the token emitted"
                        + " (updates: received)";
        throw new IllegalArgumentException(noisy.name() + " has no simplexity form: its channel has " + why);
    }

    /** [T(0), T(1), …] as nested arrays. */
    private static ArrayNode matrices(Ghmm g) {
        ArrayNode list = Json.createArrayNode();
        int n = g.states();
        for (int x = 0; x < g.symbols(); x++) {
            double[][] t = new double[n][n];
            g.transfer(x).forEachNonZero((i, j, v) -> t[i][j] = v);
            ArrayNode rows = list.addArray();
            for (double[] row : t) {
                rows.add(Json.array(row));
            }
        }
        return list;
    }
}
