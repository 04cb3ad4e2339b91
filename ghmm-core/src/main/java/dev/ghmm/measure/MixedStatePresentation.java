package dev.ghmm.measure;

import dev.ghmm.Checks;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.StationaryDistributions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mixed-state presentation (MSP) of a process from its initial belief: the beliefs ⟨⟨η(w)| reachable by words
 * of length ≤ depth (eq. 2.3), beliefs equal within a tolerance merged, with the probability of reaching each one
 * at each depth. The work grows with the number of distinct beliefs, not with |𝒳|<sup>L</sup>. For a GHMM the
 * same construction runs on predictive vectors.
 *
 * <p>When a depth adds no belief that was not seen before, the reachable set is closed: the MSP is finite and is
 * itself an HMM over beliefs, T<sub>MSP</sub>(x)[η, η'] = Pr(x | η) for η' = η·T(x)/Pr(x | η), from which the
 * entropy rate is exact. Immutable.
 */
public final class MixedStatePresentation {
    /** The default budget: at most this many distinct beliefs are held. */
    public static final int DEFAULT_MAX_BELIEFS = 2_000_000;

    private final Ghmm process;
    private final double tolerance;
    private final List<double[]> beliefs;
    /** next[b][x] = index of the belief after x from belief b, or −1 where Pr(x | b) = 0 or b was not expanded. */
    private final int[][] next;
    /** symbolProbability[b][x] = Pr(x | belief b). */
    private final double[][] symbolProbability;
    /** layers.get(t)[b] = probability of being at belief b after t symbols (length = number of beliefs known then). */
    private final List<double[]> layers;
    private final boolean finite;

    private MixedStatePresentation(Ghmm process, double tolerance, List<double[]> beliefs, int[][] next, double[][] symbolProbability,
                                   List<double[]> layers, boolean finite) {
        this.process = process;
        this.tolerance = tolerance;
        this.beliefs = beliefs;
        this.next = next;
        this.symbolProbability = symbolProbability;
        this.layers = layers;
        this.finite = finite;
    }

    /**
     * Enumerates the MSP to {@code depth}, merging beliefs whose entries all agree to within {@code tolerance}
     * (beliefs are bucketed on a grid of that size, so two beliefs closer than the tolerance but on either side
     * of a grid line stay distinct: the set may be larger than the true one, never wrong in probability).
     *
     * @throws IllegalArgumentException if depth &lt; 0, the tolerance is not finite and positive, or the next
     *                                  layer could exceed {@code maxBeliefs} (the message gives the estimate)
     * @param process the process
     * @param depth the word length L ≥ 0
     * @param tolerance the merge tolerance, finite and > 0
     * @param maxBeliefs the budget of distinct beliefs
     * @return the mixed-state presentation
     */
    public static MixedStatePresentation enumerate(Ghmm process, int depth, double tolerance, int maxBeliefs) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth + " < 0");
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance " + tolerance + " must be finite and > 0");
        }
        int symbols = process.symbols();
        int n = process.states();
        List<double[]> beliefs = new ArrayList<>();
        List<int[]> next = new ArrayList<>();
        List<double[]> probs = new ArrayList<>();
        Map<Key, Integer> index = new HashMap<>();
        List<double[]> layers = new ArrayList<>();
        add(beliefs, next, probs, index, process.initial(), tolerance, symbols);
        double[] layer = {1.0};
        layers.add(layer);
        int expanded = 0;
        boolean finite = false;
        double[] scratch = new double[n];
        for (int t = 0; t < depth; t++) {
            long estimate = (long) beliefs.size() + (long) (beliefs.size() - expanded) * symbols;
            if (estimate > maxBeliefs) {
                throw new IllegalArgumentException("depth " + (t + 1) + " could hold " + estimate + " distinct beliefs (about "
                        + estimate * (8L * n + 96) / (1 << 20) + " MiB), more than the budget of " + maxBeliefs + "; lower the depth");
            }
            int known = beliefs.size();
            for (int b = expanded; b < known; b++) {
                double[] eta = beliefs.get(b);
                double[] p = probs.get(b);
                process.nextSymbolDistribution(eta, p);
                for (int x = 0; x < symbols; x++) {
                    if (!(p[x] > 0)) {
                        p[x] = 0;
                        continue;
                    }
                    try {
                        process.update(eta, x, scratch);
                    } catch (dev.ghmm.process.ZeroProbabilityException e) {
                        p[x] = 0;
                        continue;
                    }
                    next.get(b)[x] = add(beliefs, next, probs, index, scratch.clone(), tolerance, symbols);
                }
            }
            expanded = known;
            double[] following = new double[beliefs.size()];
            for (int b = 0; b < layer.length; b++) {
                if (layer[b] == 0) {
                    continue;
                }
                for (int x = 0; x < symbols; x++) {
                    int target = next.get(b)[x];
                    if (target >= 0) {
                        following[target] += layer[b] * probs.get(b)[x];
                    }
                }
            }
            layer = following;
            layers.add(layer);
            if (beliefs.size() == known) {
                finite = true;
                // the set is closed: expansions of all beliefs are known, so later layers need no new beliefs
                for (int s = t + 1; s < depth; s++) {
                    layer = propagate(layer, next, probs, symbols);
                    layers.add(layer);
                }
                break;
            }
        }
        return new MixedStatePresentation(process, tolerance, beliefs, next.toArray(new int[0][]), probs.toArray(new double[0][]), layers, finite);
    }

    /**
     * {@link #enumerate(Ghmm, int, double, int)} with the default budget.
     *
     * @param process the process
     * @param depth the word length L ≥ 0
     * @param tolerance the merge tolerance, finite and > 0
     * @return {@link #enumerate(Ghmm, int, double, int)} with the default budget
     */
    public static MixedStatePresentation enumerate(Ghmm process, int depth, double tolerance) {
        return enumerate(process, depth, tolerance, DEFAULT_MAX_BELIEFS);
    }

    private static double[] propagate(double[] layer, List<int[]> next, List<double[]> probs, int symbols) {
        double[] following = new double[layer.length];
        for (int b = 0; b < layer.length; b++) {
            for (int x = 0; x < symbols; x++) {
                int target = next.get(b)[x];
                if (target >= 0) {
                    following[target] += layer[b] * probs.get(b)[x];
                }
            }
        }
        return following;
    }

    private static int add(List<double[]> beliefs, List<int[]> next, List<double[]> probs, Map<Key, Integer> index, double[] belief,
                           double tolerance, int symbols) {
        Key key = new Key(belief, tolerance);
        Integer existing = index.get(key);
        if (existing != null) {
            return existing;
        }
        int id = beliefs.size();
        index.put(key, id);
        beliefs.add(belief);
        int[] targets = new int[symbols];
        Arrays.fill(targets, -1);
        next.add(targets);
        probs.add(new double[symbols]);
        return id;
    }

    /** A belief bucketed on a grid of the tolerance. */
    private static final class Key {
        private final long[] cells;
        private final int hash;

        Key(double[] belief, double tolerance) {
            cells = new long[belief.length];
            for (int i = 0; i < belief.length; i++) {
                cells[i] = Math.round(belief[i] / tolerance);
            }
            hash = Arrays.hashCode(cells);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(cells, ((Key) o).cells);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /**
     * The process.
     *
     * @return the process
     */
    public Ghmm process() {
        return process;
    }

    /**
     * The merge tolerance.
     *
     * @return the merge tolerance
     */
    public double tolerance() {
        return tolerance;
    }

    /**
     * The number of distinct beliefs found.
     *
     * @return the number of distinct beliefs found
     */
    public int size() {
        return beliefs.size();
    }

    /**
     * Belief b (a copy).
     *
     * @param b the belief index
     * @return belief b (a copy)
     */
    public double[] belief(int b) {
        return beliefs.get(b).clone();
    }

    /**
     * The deepest layer enumerated: L.
     *
     * @return the deepest layer enumerated: L
     */
    public int depth() {
        return layers.size() - 1;
    }

    /**
     * The probability of each belief after exactly t symbols (a copy, indexed by belief; beliefs first found later
     * have probability 0).
     *
     * @param t the depth t
     * @return the probability of each belief after exactly t symbols (a copy, indexed by belief; beliefs first found later have probability 0)
     */
    public double[] distribution(int t) {
        Checks.requireIndex("depth", t, layers.size());
        return Arrays.copyOf(layers.get(t), beliefs.size());
    }

    /**
     * Whether the reachable set closed within the depth: the MSP is finite.
     *
     * @return whether the reachable set closed within the depth: the MSP is finite
     */
    public boolean isFinite() {
        return finite;
    }

    /**
     * Pr(x | belief b), or 0 if b was not expanded.
     *
     * @param b the belief index
     * @param x the symbol index x
     * @return pr(x | belief b), or 0 if b was not expanded
     */
    public double symbolProbability(int b, int x) {
        return symbolProbability[b][x];
    }

    /**
     * The belief reached from b on x, or −1.
     *
     * @param b the belief index
     * @param x the symbol index x
     * @return the belief reached from b on x, or −1
     */
    public int successor(int b, int x) {
        return next[b][x];
    }

    /**
     * The finite MSP as an HMM over beliefs (states in belief order, the initial belief first and certain).
     *
     * @throws IllegalStateException if the MSP is not finite
     * @return the finite MSP as an HMM over beliefs (states in belief order, the initial belief first and certain)
     */
    public Ghmm asProcess() {
        if (!finite) {
            throw new IllegalStateException("the MSP did not close within depth " + depth() + ": it is not known to be finite");
        }
        int m = beliefs.size();
        Ghmm.Builder builder = Ghmm.builder().name(process.name() + "-msp");
        for (int x = 0; x < process.symbols(); x++) {
            double[][] t = new double[m][m];
            for (int b = 0; b < m; b++) {
                if (next[b][x] >= 0) {
                    t[b][next[b][x]] += symbolProbability[b][x];
                }
            }
            builder.symbol(process.alphabet().name(x), t);
        }
        double[] initial = new double[m];
        initial[0] = 1;
        return builder.initial(initial).build();
    }

    /**
     * The recurrent part of a finite MSP: its closed communicating classes of beliefs (each sorted), the
     * recurrent causal states when the process's MSP is its ε-machine.
     *
     * @throws IllegalStateException if the MSP is not finite
     * @return the closed classes, as belief indices
     */
    public List<int[]> recurrentClasses() {
        return asProcess().stationary().classes();
    }

    /**
     * The transient part of a finite MSP: the beliefs in no closed class, visited only while the observer
     * synchronises.
     *
     * @throws IllegalStateException if the MSP is not finite
     * @return the transient belief indices, in increasing order
     */
    public int[] transientBeliefs() {
        boolean[] recurrent = recurrentMask(recurrentClasses());
        return java.util.stream.IntStream.range(0, beliefs.size()).filter(b -> !recurrent[b]).toArray();
    }

    private boolean[] recurrentMask(List<int[]> classes) {
        boolean[] recurrent = new boolean[beliefs.size()];
        for (int[] cls : classes) {
            for (int b : cls) {
                recurrent[b] = true;
            }
        }
        return recurrent;
    }

    /**
     * For a finite MSP, the long-run (Cesàro-averaged) probability of each belief: the mass that flows into each
     * closed class times that class's stationary distribution. Transient beliefs get 0.
     *
     * @return for a finite MSP, the long-run (Cesàro-averaged) probability of each belief: the mass that flows into each closed class times that class's stationary distribution
     */
    public double[] limitingDistribution() {
        Ghmm msp = asProcess();
        StationaryDistributions stationary = msp.stationary();
        int m = beliefs.size();
        // absorption: push the initial mass forward until the transient mass is negligible
        boolean[] recurrent = recurrentMask(stationary.classes());
        double[] mass = new double[m];
        mass[0] = 1;
        double[] step = new double[m];
        for (int iteration = 0; iteration < 1_000_000; iteration++) {
            double transientMass = 0;
            for (int b = 0; b < m; b++) {
                transientMass += recurrent[b] ? 0 : mass[b];
            }
            if (transientMass < 1e-15) {
                break;
            }
            msp.net().leftApply(mass, step);
            double[] swap = mass;
            mass = step;
            step = swap;
        }
        double[] limit = new double[m];
        for (int k = 0; k < stationary.classes().size(); k++) {
            double classMass = 0;
            for (int b : stationary.classes().get(k)) {
                classMass += mass[b];
            }
            double[] pi = stationary.distributions().get(k);
            for (int b : stationary.classes().get(k)) {
                limit[b] += classMass * pi[b];
            }
        }
        return limit;
    }
}
