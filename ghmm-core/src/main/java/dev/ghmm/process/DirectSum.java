package dev.ghmm.process;

import dev.ghmm.internal.Checks;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FilterModel;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.partition.Partition;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The direct sum ⊕<sub>k</sub> G<sub>k</sub> of processes with mixture weights w<sub>k</sub>: a nonergodic
 * process that picks component k once, with probability w<sub>k</sub>, and then emits from it forever. This
 * is the AFP notes' persona picture A = A<sub>1</sub> ⊕ A<sub>2</sub>.
 *
 * <p>The joint {@link #joint()} has block-diagonal T(x) = ⊕<sub>k</sub> T<sub>k</sub>(x) (eq. 2.14, applied
 * block by block, never materialised) on the sectors V<sub>k</sub> of {@link #sectors()}, ⟨⟨η| =
 * ⊕<sub>k</sub> w<sub>k</sub>⟨⟨η<sub>k</sub>| and |1⟩⟩ = ⊕<sub>k</sub> |1⟩⟩<sub>k</sub>. Components may have
 * different alphabets: symbol maps send each component's local symbols to global ones, and T<sub>k</sub>(x)
 * is the zero block when component k cannot emit x. Hence Pr(w) = Σ<sub>k</sub> w<sub>k</sub>
 * Pr<sub>k</sub>(w), and the posterior over components after w is the sector weight of the belief,
 * Pr(k | w) = ⟨⟨η(w)|Π<sub>k</sub>|1⟩⟩ with Π<sub>k</sub> the projector on V<sub>k</sub>.
 *
 * <p>Sampling draws each symbol from the joint predictive distribution, which is the law of picking one component per
 * sequence (with probability w<sub>k</sub>) and running it: a sampled sequence never mixes two components' symbols.
 * Beliefs are over the whole direct sum. Immutable.
 */
public final class DirectSum implements Process {
    private final Ghmm process;
    private final List<Ghmm> components;
    private final double[] weights;
    private final int[][] symbolMaps;
    /** localOf[k][x]: the local symbol of component k that is global symbol x, or −1. */
    private final int[][] localOf;
    private final Partition sectors;
    /** The filter's description, built on first use (benign race). */
    private volatile FilterModel filterModel;

    private DirectSum(double[] weights, List<Ghmm> components, Alphabet alphabet, int[][] symbolMaps, String name) {
        int count = components.size();
        if (count == 0) {
            throw new IllegalArgumentException("a direct sum needs at least one component");
        }
        if (weights.length != count) {
            throw new IllegalArgumentException("got " + weights.length + " weights for " + count + " components");
        }
        if (symbolMaps.length != count) {
            throw new IllegalArgumentException("got " + symbolMaps.length + " symbol maps for " + count + " components");
        }
        this.weights = normalisedWeights(weights);
        this.components = List.copyOf(components);
        this.symbolMaps = new int[count][];
        this.localOf = new int[count][];
        int[] sizes = new int[count];
        for (int k = 0; k < count; k++) {
            this.localOf[k] = inverseSymbolMap(k, components.get(k), symbolMaps[k], alphabet);
            this.symbolMaps[k] = symbolMaps[k].clone();
            sizes[k] = components.get(k).states();
        }
        this.sectors = Partition.contiguous(sizes);
        GhmmBuilder builder = Ghmm.builder().name(name);
        for (int x = 0; x < alphabet.size(); x++) {
            Operator[] blocks = new Operator[count];
            for (int k = 0; k < count; k++) {
                int local = localOf[k][x];
                blocks[k] = local < 0 ? Operators.zero(sizes[k]) : components.get(k).transfer(local);
            }
            builder.symbol(alphabet.name(x), Operators.blockDiagonal(sectors, blocks));
        }
        double[] initial = new double[sectors.states()];
        double[] one = new double[sectors.states()];
        for (int k = 0; k < count; k++) {
            int offset = sectors.sector(k)[0];
            Ghmm g = components.get(k);
            for (int i = 0; i < sizes[k]; i++) {
                initial[offset + i] = this.weights[k] * g.initial()[i];
                one[offset + i] = g.one()[i];
            }
        }
        this.process = builder.initial(initial).one(one).build();
    }

    /**
     * The direct sum with the given weights, joining the components' alphabets by symbol name: the global
     * alphabet lists every name in order of first appearance, and a symbol of one name is the same symbol
     * in every component that has it.
     *
     * @throws IllegalArgumentException on no components, a weight count that differs from the component
     *                                  count, a negative or non-finite weight, or weights that are all zero
     * @param weights the mixture weights w<sub>k</sub> ≥ 0, not all zero; normalised to sum 1
     * @param components the components G<sub>k</sub>
     * @return ⊕<sub>k</sub> w<sub>k</sub> G<sub>k</sub>
     */
    public static DirectSum of(double[] weights, Ghmm... components) {
        Map<String, Integer> global = new LinkedHashMap<>();
        int[][] maps = new int[components.length][];
        for (int k = 0; k < components.length; k++) {
            Alphabet local = components[k].alphabet();
            maps[k] = new int[local.size()];
            for (int x = 0; x < local.size(); x++) {
                maps[k][x] = global.computeIfAbsent(local.name(x), name -> global.size());
            }
        }
        String name = String.join(" + ", Arrays.stream(components).map(c -> Process.operand(c.name())).toArray(String[]::new));
        return new DirectSum(weights, List.of(components), Alphabet.of(List.copyOf(global.keySet())), maps, name);
    }

    /**
     * The direct sum with an explicit global alphabet and symbol maps: local symbol y of component k is
     * global symbol {@code symbolMaps[k][y]}.
     *
     * @throws IllegalArgumentException as {@link #of(double[], Ghmm...)}, and on a symbol map of the wrong
     *                                  length, with an entry outside the global alphabet, or sending two
     *                                  local symbols of one component to one global symbol
     * @param weights the mixture weights w<sub>k</sub> ≥ 0, not all zero; normalised to sum 1
     * @param components the components G<sub>k</sub>
     * @param alphabet the global alphabet
     * @param symbolMaps for each component, its local-to-global symbol map
     * @return ⊕<sub>k</sub> w<sub>k</sub> G<sub>k</sub>
     */
    public static DirectSum of(double[] weights, List<Ghmm> components, Alphabet alphabet, int[][] symbolMaps) {
        String name = String.join(" + ", components.stream().map(c -> Process.operand(c.name())).toArray(String[]::new));
        return new DirectSum(weights, components, alphabet, symbolMaps, name);
    }

    /**
     * The joint process: block-diagonal T(x) on the components' sectors.
     *
     * @return the joint GHMM with block-diagonal operators
     */
    @Override
    public Ghmm joint() {
        return process;
    }

    @Override
    public String name() {
        return process.name();
    }

    @Override
    public Alphabet alphabet() {
        return process.alphabet();
    }

    @Override
    public int states() {
        return process.states();
    }

    /**
     * The joint's operators with the components' blocks, so a filter's parts are the components: part k is component
     * k's belief and its weight the posterior Pr(k | w).
     *
     * @return the description, built once
     */
    @Override
    public FilterModel filterModel() {
        FilterModel t = filterModel;
        if (t == null) {
            t = process.filterModel(components.stream().mapToInt(Ghmm::states).toArray());
            filterModel = t;
        }
        return t;
    }

    /** {@return the number of components} */
    public int componentCount() {
        return components.size();
    }

    /**
     * {@return component k}
     *
     * @param k the component index
     */
    public Ghmm component(int k) {
        return components.get(k);
    }

    /**
     * The normalised mixture weights w<sub>k</sub> (a copy).
     *
     * @return the mixture weights, summing to 1
     */
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public String toString() {
        return "DirectSum(" + name() + ", " + components.size() + " components, weights " + Arrays.toString(weights) + ", " + states()
                + " states, alphabet " + alphabet() + ")";
    }

    /**
     * The sectors of the joint state space: sector k holds component k's states, in order.
     *
     * @return the sectors of the joint state space
     */
    public Partition sectors() {
        return sectors;
    }

    /**
     * The global symbol of local symbol y of component k.
     *
     * @param k the component index
     * @param y the local symbol
     * @return the global symbol
     */
    public int globalSymbol(int k, int y) {
        Checks.requireIndex("component", k, components.size());
        Checks.requireIndex("local symbol of component " + k, y, symbolMaps[k].length);
        return symbolMaps[k][y];
    }

    /**
     * The posterior over components of a joint belief: the sector weights Pr(k | η) = ⟨⟨η|Π<sub>k</sub>|1⟩⟩ /
     * ⟨⟨η|1⟩⟩.
     *
     * @throws IllegalArgumentException on a belief of the wrong length, with a non-finite entry, or with
     *                                  ⟨⟨η|1⟩⟩ = 0
     * @param belief ⟨⟨η|, length S
     * @return Pr(k | η) for each component k
     */
    public double[] posterior(double[] belief) {
        Checks.requireLength("belief", belief, process.states());
        Checks.requireFinite("belief", belief);
        double[] one = process.one();
        double[] weight = new double[components.size()];
        double total = 0.0;
        for (int k = 0; k < weight.length; k++) {
            for (int i : sectors.sector(k)) {
                weight[k] += belief[i] * one[i];
            }
            total += weight[k];
        }
        if (total == 0.0) {
            throw new IllegalArgumentException("the belief has ⟨⟨η|1⟩⟩ = 0: it has no posterior over components");
        }
        for (int k = 0; k < weight.length; k++) {
            weight[k] /= total;
        }
        return weight;
    }

    /**
     * The posterior over components after a word from the initial belief, Pr(k | w).
     *
     * @throws dev.ghmm.belief.ZeroProbabilityException if the word has probability zero
     * @param word the word, as global symbol indices
     * @return Pr(k | w) for each component k
     */
    public double[] posteriorAfter(int... word) {
        return posterior(process.beliefAfter(word));
    }

    /**
     * ln Pr(w) = ln Σ<sub>k</sub> w<sub>k</sub> Pr<sub>k</sub>(w), computed from the components (each with its
     * own renormalised log-probability) and combined by log-sum-exp, so it stays finite for long words. A
     * component that cannot emit some symbol of w contributes 0. −∞ when no component can emit w.
     *
     * @param word the word, as global symbol indices
     * @return ln Pr(w)
     */
    @Override
    public double logProbability(int... word) {
        double[] terms = new double[components.size()];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < terms.length; k++) {
            terms[k] = weights[k] == 0.0 ? Double.NEGATIVE_INFINITY : Math.log(weights[k]) + componentLogProbability(k, word);
            max = Math.max(max, terms[k]);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0.0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return max + Math.log(sum);
    }

    private double componentLogProbability(int k, int[] word) {
        int[] local = new int[word.length];
        for (int t = 0; t < word.length; t++) {
            process.alphabet().requireSymbol(word[t]);
            local[t] = localOf[k][word[t]];
            if (local[t] < 0) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        return components.get(k).logProbability(local);
    }

    private static double[] normalisedWeights(double[] weights) {
        double total = 0.0;
        for (int k = 0; k < weights.length; k++) {
            if (!(weights[k] >= 0.0) || Double.isInfinite(weights[k])) {
                throw new IllegalArgumentException("mixture weight " + k + " is " + weights[k] + ": weights must be finite and >= 0");
            }
            total += weights[k];
        }
        if (total == 0.0) {
            throw new IllegalArgumentException("all mixture weights are zero: " + Arrays.toString(weights));
        }
        double[] w = weights.clone();
        for (int k = 0; k < w.length; k++) {
            w[k] /= total;
        }
        return w;
    }

    private static int[] inverseSymbolMap(int k, Ghmm component, int[] map, Alphabet alphabet) {
        if (map.length != component.symbols()) {
            throw new IllegalArgumentException("the symbol map of component " + k + " has length " + map.length + " but component "
                    + k + " has " + component.symbols() + " symbols");
        }
        int[] firstLocal = new int[alphabet.size()];
        Arrays.fill(firstLocal, -1);
        for (int y = 0; y < map.length; y++) {
            int x = map[y];
            if (x < 0 || x >= alphabet.size()) {
                throw new IllegalArgumentException("the symbol map of component " + k + " sends local symbol " + y + " to " + x
                        + ", outside the global alphabet of " + alphabet.size() + " symbols");
            }
            if (firstLocal[x] >= 0) {
                throw new IllegalArgumentException("the symbol map of component " + k + " sends local symbols " + firstLocal[x]
                        + " and " + y + " to the same global symbol " + x + " (" + alphabet.name(x) + ")");
            }
            firstLocal[x] = y;
        }
        return firstLocal;
    }
}
