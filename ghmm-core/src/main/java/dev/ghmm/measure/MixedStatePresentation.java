package dev.ghmm.measure;

import dev.ghmm.internal.Checks;
import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import dev.ghmm.process.StationaryDistributions;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.ints.Int2IntOpenCustomHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntHash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The mixed-state presentation (MSP) of a process from its initial belief ⟨⟨η(∅)|: a graph whose nodes are the
 * beliefs ⟨⟨η(w)| = ⟨⟨η(∅)|T(w) / Pr(w) (eq. 2.3 of the AFP notes) of the words w with Pr(w) &gt; 0 and |w| ≤ L,
 * beliefs equal within a tolerance merged into one node, and whose edges are η →<sub>x</sub> η·T(x)/Pr(x | η) with
 * probability Pr(x | η) = ⟨⟨η|T(x)|1⟩⟩. For a GHMM the nodes are predictive vectors. Nodes are numbered in the
 * order a breadth-first enumeration finds them, the initial belief first, so the work grows with the number of
 * distinct beliefs, not with |𝒳|<sup>L</sup>. Any {@link Process} is read through its own filter: a factored process
 * keeps its belief as factor beliefs and never forms the joint GHMM.
 *
 * <p>Per node b:
 * <ul>
 * <li>its depth d(b) ({@link #depthOf}): the length of the shortest word that reaches it, |w| for the first w in
 *     breadth-first order; a node reached at several depths keeps the first;</li>
 * <li>its probability at that depth ({@link #probabilityAtDepth}): P<sub>d(b)</sub>(b), where
 *     P<sub>t</sub>(b) = Σ<sub>|w| = t, η(w) = b</sub> Pr(w) is the probability that the observer's belief after
 *     exactly t symbols is b ({@link #distribution} gives P<sub>t</sub> for every t ≤ L): the summed probability of
 *     every shortest word that reaches b, not of one word;</li>
 * <li>its transitions ({@link #successor}, {@link #symbolProbability}): at most one target per symbol (the MSP is
 *     unifilar). Nodes first found at depth L of a presentation that did not close are the frontier: they are not
 *     expanded and have none;</li>
 * <li>the parts of its belief as the process's filter holds them ({@link #part}, {@link #partWeight}; see
 *     {@link BeliefFilter}): one per factor of a factored process, one per component of a direct sum, the belief
 *     itself for any other process. They are not stored, so the presentation holds no more than its beliefs and
 *     transitions: they are read from a filter of the process reset to the node's belief (where beliefs merge, the
 *     first one found). A {@link PartReader} keeps one filter and resets it once per node it reads, so reading every
 *     part of every node costs one reset per node; {@link #part} and {@link #partWeight} build a reader per call.</li>
 * </ul>
 *
 * <p>When a depth adds no node that was not seen before, the reachable set is closed ({@link #isFinite}): the MSP is
 * then itself an HMM over beliefs, T<sub>MSP</sub>(x)[η, η'] = Pr(x | η) for η' = η·T(x)/Pr(x | η)
 * ({@link #asProcess}), whose closed communicating classes are its recurrent part, and the long-run probability of
 * each node is defined ({@link #limitingDistribution}). Immutable.
 */
public final class MixedStatePresentation {
    /** The default budget: at most this many distinct beliefs are held. */
    public static final int DEFAULT_MAX_BELIEFS = 2_000_000;
    /** The limiting distribution is computed once less than this much probability is on transient beliefs … */
    private static final double MAX_TRANSIENT_MASS = 1e-15;
    /** … which must happen within this many steps. */
    private static final int MAX_ABSORPTION_STEPS = 1_000_000;

    private final Process process;
    private final double tolerance;
    private final int states;
    private final int symbols;
    /** partDimensions[p] = d<sub>p</sub>, of the process's filter. */
    private final int[] partDimensions;
    /** The beliefs, flat: belief b is beliefs[b·S .. (b+1)·S). */
    private final double[] beliefs;
    /** next[b·|X| + x] = index of the belief after x from belief b, or −1 where Pr(x | b) = 0 or b was not expanded. */
    private final int[] next;
    /** symbolProbability[b·|X| + x] = Pr(x | belief b). */
    private final double[] symbolProbability;
    /** depths[b] = d(b), the length of the shortest word reaching belief b. */
    private final int[] depths;
    /** layers.get(t)[b] = probability of being at belief b after t symbols (length = number of beliefs known then). */
    private final List<double[]> layers;
    private final boolean finite;
    /** Derived from the tables on first use ({@link #asProcess}, {@link #closedClasses}, {@link #limitingDistribution}); a race only builds them twice. */
    private volatile Ghmm asHmm;
    private volatile StationaryDistributions closed;
    private volatile double[] limit;

    private MixedStatePresentation(Process process, double tolerance, Table table, BeliefFilter filter, List<double[]> layers, boolean finite) {
        this.process = process;
        this.tolerance = tolerance;
        this.states = process.states();
        this.symbols = process.symbols();
        this.partDimensions = new int[filter.parts()];
        for (int p = 0; p < partDimensions.length; p++) {
            partDimensions[p] = filter.partDimension(p);
        }
        this.beliefs = table.beliefs.toDoubleArray();
        this.next = table.next.toIntArray();
        this.symbolProbability = table.probabilities.toDoubleArray();
        this.depths = table.depths.toIntArray();
        this.layers = layers;
        this.finite = finite;
    }

    /**
     * Enumerates the MSP to {@code depth}, merging beliefs whose entries all agree to within {@code tolerance}
     * (beliefs are bucketed on a grid of that size, so two beliefs closer than the tolerance but on either side
     * of a grid line stay distinct: the set may be larger than the true one, never wrong in probability).
     *
     * @throws IllegalArgumentException if depth &lt; 0, the tolerance is not finite and positive, or the next
     *                                  layer could exceed {@code maxBeliefs} or half the heap (the message gives the
     *                                  estimate in beliefs and MiB)
     * @param process the process
     * @param depth the word length L ≥ 0
     * @param tolerance the merge tolerance, finite and > 0
     * @param maxBeliefs the budget of distinct beliefs
     * @return the mixed-state presentation
     */
    public static MixedStatePresentation enumerate(Process process, int depth, double tolerance, int maxBeliefs) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth " + depth + " < 0");
        }
        if (!(tolerance > 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance " + tolerance + " must be finite and > 0");
        }
        int symbols = process.symbols();
        int n = process.states();
        BeliefFilter filter = process.filter();
        Table table = new Table(n, symbols, tolerance);
        List<double[]> layers = new ArrayList<>();
        table.add(filter.belief(), 0);
        double[] layer = {1.0};
        layers.add(layer);
        int expanded = 0;
        boolean finite = false;
        double[] eta = new double[n];
        double[] scratch = new double[n];
        double[] p = new double[symbols];
        double[] one = process.one();
        long perBelief = Table.bytesPerBelief(n, symbols);
        // half the heap: the tables grow by doubling, so a table may briefly exist twice
        long memory = Runtime.getRuntime().maxMemory() / 2;
        for (int t = 0; t < depth; t++) {
            long estimate = (long) table.size() + (long) (table.size() - expanded) * symbols;
            long bytes = estimate * perBelief;
            if (estimate > maxBeliefs || bytes > memory) {
                throw new IllegalArgumentException("depth " + (t + 1) + " could hold " + estimate + " distinct beliefs (about "
                        + bytes / (1 << 20) + " MiB), more than the budget of " + maxBeliefs + " beliefs or " + memory / (1 << 20)
                        + " MiB; lower the depth");
            }
            int known = table.size();
            for (int b = expanded; b < known; b++) {
                table.beliefs.getElements(b * n, eta, 0, n);
                filter.reset(eta);
                filter.nextSymbolDistribution(p);
                for (int x = 0; x < symbols; x++) {
                    if (p[x] == 0.0) {
                        continue;
                    }
                    filter.reset(eta);
                    filter.update(x);
                    filter.belief(scratch, 0);
                    // the filter divides ⟨⟨η|T(x) by p = ⟨⟨η|(T(x)|1⟩⟩); when p is small by cancellation (Fanizza at
                    // depth 711: p = 1.9e-9 from terms of order 1), ⟨⟨η|T(x)|1⟩⟩ summed the other way differs from p by
                    // round-off relative to p, and the successor's ⟨⟨η'|1⟩⟩ is 1 − 1e-7. Dividing by its own mass puts
                    // it back on ⟨⟨η'|1⟩⟩ = 1 without changing its direction, so it passes reset's check.
                    Vectors.scale(scratch, 1.0 / Vectors.dot(scratch, one));
                    int target = table.add(scratch, t + 1);
                    table.next.set(b * symbols + x, target);
                }
                for (int x = 0; x < symbols; x++) {
                    table.probabilities.set(b * symbols + x, p[x]);
                }
            }
            expanded = known;
            layer = propagate(layer, table.next.elements(), table.probabilities.elements(), symbols, table.size());
            layers.add(layer);
            if (table.size() == known) {
                finite = true;
                // the set is closed: expansions of all beliefs are known, so later layers need no new beliefs
                for (int s = t + 1; s < depth; s++) {
                    layer = propagate(layer, table.next.elements(), table.probabilities.elements(), symbols, table.size());
                    layers.add(layer);
                }
                break;
            }
        }
        return new MixedStatePresentation(process, tolerance, table, filter, layers, finite);
    }

    /**
     * {@return {@link #enumerate(Process, int, double, int)} with the default budget}
     *
     * @param process the process
     * @param depth the word length L ≥ 0
     * @param tolerance the merge tolerance, finite and > 0
     */
    public static MixedStatePresentation enumerate(Process process, int depth, double tolerance) {
        return enumerate(process, depth, tolerance, DEFAULT_MAX_BELIEFS);
    }

    /** The distribution one symbol later: mass flows from each belief to its successors (flat tables, as in Table). */
    private static double[] propagate(double[] layer, int[] next, double[] probabilities, int symbols, int size) {
        double[] following = new double[size];
        for (int b = 0; b < layer.length; b++) {
            if (layer[b] == 0) {
                continue;
            }
            for (int x = 0; x < symbols; x++) {
                int target = next[b * symbols + x];
                if (target >= 0) {
                    following[target] += layer[b] * probabilities[b * symbols + x];
                }
            }
        }
        return following;
    }

    /**
     * The growing tables of an enumeration, flat and primitive, with an open-addressing index from belief to its
     * number. Two beliefs are the same key when every entry rounds to the same cell of a grid of the tolerance, so a
     * candidate is appended, looked up by its own number, and dropped again when an equal belief is already known.
     */
    private static final class Table implements IntHash.Strategy {
        final DoubleArrayList beliefs = new DoubleArrayList();
        final IntArrayList next = new IntArrayList();
        final DoubleArrayList probabilities = new DoubleArrayList();
        final IntArrayList depths = new IntArrayList();
        private final Int2IntOpenCustomHashMap index = new Int2IntOpenCustomHashMap(this);
        private final int n;
        private final int symbols;
        private final double tolerance;

        Table(int n, int symbols, double tolerance) {
            this.n = n;
            this.symbols = symbols;
            this.tolerance = tolerance;
            index.defaultReturnValue(-1);
        }

        /** Memory per belief: the belief, its successors and probabilities, its depth and its share of the index. */
        static long bytesPerBelief(int n, int symbols) {
            return 8L * n + 12L * symbols + 20;
        }

        int size() {
            return beliefs.size() / n;
        }

        /** The number of {@code belief}, new (then first found at {@code depth}) or already known. */
        int add(double[] belief, int depth) {
            int id = size();
            beliefs.addElements(beliefs.size(), belief, 0, n);
            int existing = index.putIfAbsent(id, id);
            if (existing >= 0) {
                beliefs.size(id * n);
                return existing;
            }
            for (int x = 0; x < symbols; x++) {
                next.add(-1);
                probabilities.add(0.0);
            }
            depths.add(depth);
            return id;
        }

        private long cell(int b, int i) {
            return Math.round(beliefs.getDouble(b * n + i) / tolerance);
        }

        @Override
        public int hashCode(int b) {
            int h = 1;
            for (int i = 0; i < n; i++) {
                h = 31 * h + Long.hashCode(cell(b, i));
            }
            return h;
        }

        @Override
        public boolean equals(int a, int b) {
            for (int i = 0; i < n; i++) {
                if (cell(a, i) != cell(b, i)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@return the process} */
    public Process process() {
        return process;
    }

    /** {@return the merge tolerance} */
    public double tolerance() {
        return tolerance;
    }

    /** {@return the number of distinct beliefs found} */
    public int size() {
        return beliefs.length / states;
    }

    /**
     * {@return belief b (a copy)}
     *
     * @param b the belief index
     */
    public double[] belief(int b) {
        Checks.requireIndex("belief", b, size());
        return Arrays.copyOfRange(beliefs, b * states, (b + 1) * states);
    }

    /** {@return the deepest layer enumerated: L} */
    public int depth() {
        return layers.size() - 1;
    }

    /**
     * P<sub>t</sub>: the probability of each belief after exactly t symbols, P<sub>t</sub>(b) =
     * Σ<sub>|w| = t, η(w) = b</sub> Pr(w) (a copy, indexed by belief; beliefs first found later have probability 0).
     *
     * @param t the depth t, 0 ≤ t ≤ L
     * @return P<sub>t</sub>, summing to 1
     */
    public double[] distribution(int t) {
        Checks.requireIndex("depth", t, layers.size());
        return Arrays.copyOf(layers.get(t), size());
    }

    /**
     * d(b): the length of the shortest word w with Pr(w) &gt; 0 whose belief η(w) is b (0 for the initial belief).
     *
     * @param b the belief index
     * @return its depth, 0 ≤ d(b) ≤ L
     */
    public int depthOf(int b) {
        Checks.requireIndex("belief", b, size());
        return depths[b];
    }

    /**
     * P<sub>d(b)</sub>(b): the probability that the belief after exactly d(b) symbols is b, the sum of Pr(w) over the
     * words w of length d(b) that reach it. Positive; 1 for the initial belief.
     *
     * @param b the belief index
     * @return its probability at its own depth
     */
    public double probabilityAtDepth(int b) {
        Checks.requireIndex("belief", b, size());
        return layers.get(depths[b])[b];
    }

    /** {@return whether the reachable set closed within the depth: the MSP is finite} */
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
        Checks.requireIndex("belief", b, size());
        Checks.requireIndex("symbol", x, symbols);
        return symbolProbability[b * symbols + x];
    }

    /**
     * {@return the belief reached from b on x, or −1}
     *
     * @param b the belief index
     * @param x the symbol index x
     */
    public int successor(int b, int x) {
        Checks.requireIndex("belief", b, size());
        Checks.requireIndex("symbol", x, symbols);
        return next[b * symbols + x];
    }

    /** {@return the number of parts of every belief: the process filter's {@link BeliefFilter#parts()}} */
    public int parts() {
        return partDimensions.length;
    }

    /**
     * {@return d<sub>p</sub>, the dimension of part p}
     *
     * @param p the part index
     */
    public int partDimension(int p) {
        Checks.requireIndex("part", p, partDimensions.length);
        return partDimensions[p];
    }

    /**
     * Part p of belief b as the filter holds it (a new array): factor p's belief of a factored process, component p's
     * of a direct sum (normalised with its own |1⟩⟩), the belief itself for a process of one part. Read from a new
     * {@link PartReader}: a filter's construction and an O(S) reset per call (a reader of one's own reads many).
     *
     * @param b the belief index
     * @param p the part index
     * @return the part, length d<sub>p</sub>
     */
    public double[] part(int b, int p) {
        return partReader().part(b, p);
    }

    /**
     * {@return the weight of part p of belief b: 1 for a factor, the posterior Pr(k | w) of component k of a direct sum}
     *
     * @param b the belief index
     * @param p the part index
     */
    public double partWeight(int b, int p) {
        return partReader().partWeight(b, p);
    }

    /**
     * {@return a reader of the parts of this presentation's beliefs, for one thread}
     */
    public PartReader partReader() {
        return new PartReader();
    }

    /**
     * Reads the parts of the presentation's beliefs ({@link MixedStatePresentation#part}) through one filter of the
     * process, reset to belief b only when b differs from the belief read last: reading all parts of a node costs one
     * O(S) reset of the filter and nothing per part but the copy. Mutable, for one thread;
     * {@link #part(int, int, double[], int)} writes into caller arrays without allocating. A process of one part needs
     * no filter: its part is the belief.
     */
    public final class PartReader {
        /** The process's filter, or null for a process of one part. */
        private final BeliefFilter filter;
        /** The belief the filter holds, or −1. */
        private int at = -1;
        private final double[] belief;

        private PartReader() {
            this.filter = partDimensions.length == 1 ? null : process.filter();
            this.belief = filter == null ? null : new double[states];
        }

        /**
         * Writes part p of belief b at {@code out[offset …]}.
         *
         * @param b      the belief index
         * @param p      the part index
         * @param out    (Output) holds d<sub>p</sub> values from {@code offset}
         * @param offset first index written
         * @throws IllegalArgumentException on an index out of range or too short an output
         */
        public void part(int b, int p, double[] out, int offset) {
            Checks.requireIndex("belief", b, size());
            Checks.requireIndex("part", p, partDimensions.length);
            if (filter == null) {
                Checks.requireRange("out", out, offset, states, "part values");
                System.arraycopy(beliefs, b * states, out, offset, states);
                return;
            }
            moveTo(b);
            filter.part(p, out, offset);
        }

        /**
         * {@return part p of belief b, in a new array} ({@link #part(int, int, double[], int)})
         *
         * @param b the belief index
         * @param p the part index
         */
        public double[] part(int b, int p) {
            Checks.requireIndex("part", p, partDimensions.length);
            double[] out = new double[partDimensions[p]];
            part(b, p, out, 0);
            return out;
        }

        /**
         * {@return the weight of part p of belief b: 1 for a factor, the posterior Pr(k | w) of component k of a direct
         * sum}
         *
         * @param b the belief index
         * @param p the part index
         */
        public double partWeight(int b, int p) {
            Checks.requireIndex("belief", b, size());
            Checks.requireIndex("part", p, partDimensions.length);
            if (filter == null) {
                return 1.0;
            }
            moveTo(b);
            return filter.partWeight(p);
        }

        /** The filter at belief b. */
        private void moveTo(int b) {
            if (at != b) {
                System.arraycopy(beliefs, b * states, belief, 0, states);
                at = -1; // a refused reset leaves the filter where it was, not at b
                filter.reset(belief);
                at = b;
            }
        }

        /** {@return the presentation and the belief it holds} */
        @Override
        public String toString() {
            return "PartReader(" + MixedStatePresentation.this + (at < 0 ? "" : ", at belief " + at) + ")";
        }
    }

    /**
     * The distinct values of part p over the beliefs, merged as beliefs are (on the grid of the tolerance, so the set may
     * be larger than the true one): entry b is the class of belief b's part p, classes numbered in belief order, so
     * class c's part is that of the first belief in it. For a factored process, the factor beliefs that occur.
     *
     * @param p the part index
     * @return the class of every belief, in [0, number of distinct parts)
     */
    public int[] distinctParts(int p) {
        Checks.requireIndex("part", p, partDimensions.length);
        Table distinct = new Table(partDimensions[p], 0, tolerance);
        int[] classes = new int[size()];
        PartReader reader = partReader();
        double[] part = new double[partDimensions[p]];
        for (int b = 0; b < classes.length; b++) {
            reader.part(b, p, part, 0);
            classes[b] = distinct.add(part, 0);
        }
        return classes;
    }

    /**
     * {@return the finite MSP as an HMM over beliefs (states in belief order, the initial belief first and
     * certain)}
     *
     * @throws IllegalStateException if the MSP is not finite
     */
    public Ghmm asProcess() {
        Ghmm built = asHmm;
        if (built == null) {
            built = buildProcess();
            asHmm = built;
        }
        return built;
    }

    /** The closed classes of {@link #asProcess} and their stationary distributions, computed once. */
    private StationaryDistributions closedClasses() {
        StationaryDistributions found = closed;
        if (found == null) {
            found = asProcess().stationary();
            closed = found;
        }
        return found;
    }

    private Ghmm buildProcess() {
        if (!finite) {
            throw new IllegalStateException("the MSP did not close within depth " + depth() + ": it is not known to be finite");
        }
        int m = size();
        GhmmBuilder builder = Ghmm.builder().name(process.name() + "-msp");
        for (int x = 0; x < process.symbols(); x++) {
            double[][] t = new double[m][m];
            for (int b = 0; b < m; b++) {
                int target = next[b * symbols + x];
                if (target >= 0) {
                    t[b][target] += symbolProbability[b * symbols + x];
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
     * @return the closed classes, as belief indices (an array, so that JShell and {@code Arrays.deepToString} show them)
     */
    public int[][] recurrentClasses() {
        return closedClasses().classes().stream().map(int[]::clone).toArray(int[][]::new);
    }

    /**
     * The transient part of a finite MSP: the beliefs in no closed class, visited only while the observer
     * synchronises.
     *
     * @throws IllegalStateException if the MSP is not finite
     * @return the transient belief indices, in increasing order
     */
    public int[] transientBeliefs() {
        boolean[] recurrent = recurrentMask(closedClasses().classes());
        return java.util.stream.IntStream.range(0, size()).filter(b -> !recurrent[b]).toArray();
    }

    private boolean[] recurrentMask(List<int[]> classes) {
        boolean[] recurrent = new boolean[size()];
        for (int[] cls : classes) {
            for (int b : cls) {
                recurrent[b] = true;
            }
        }
        return recurrent;
    }

    /**
     * The limiting distribution π of a finite MSP: π(b) = lim<sub>T→∞</sub> (1/T) Σ<sub>t&lt;T</sub> P<sub>t</sub>(b),
     * the long-run fraction of time the observer holds belief b. It equals lim P<sub>t</sub>(b) when every closed
     * class is aperiodic; for a periodic class P<sub>t</sub> cycles and π is its average over the cycle. Computed as
     * π = Σ<sub>k</sub> a<sub>k</sub> π<sub>k</sub>, where π<sub>k</sub> is the stationary distribution of closed
     * class k of {@link #asProcess} and a<sub>k</sub> the probability of being absorbed into it from the initial
     * belief, found by pushing P<sub>t</sub> forward until less than 10<sup>−15</sup> of it is transient. Transient
     * beliefs get 0. A presentation that did not close has no limiting distribution over its nodes: its beliefs keep
     * spreading as the depth grows.
     *
     * @throws IllegalStateException if the MSP is not finite, or if more than 10<sup>−15</sup> of P<sub>t</sub> is
     *                               still transient after 10<sup>6</sup> steps (the message gives the mass)
     * @return π, indexed by belief (a copy)
     */
    public double[] limitingDistribution() {
        double[] found = limit;
        if (found == null) {
            found = computeLimit();
            limit = found;
        }
        return found.clone();
    }

    private double[] computeLimit() {
        Ghmm msp = asProcess();
        StationaryDistributions stationary = closedClasses();
        List<int[]> classes = stationary.classes();
        List<double[]> distributions = stationary.distributions();
        int m = size();
        // absorption: push the initial mass forward until the transient mass is negligible
        boolean[] recurrent = recurrentMask(classes);
        double[] mass = new double[m];
        mass[0] = 1;
        double[] step = new double[m];
        for (int iteration = 0; ; iteration++) {
            double transientMass = 0;
            for (int b = 0; b < m; b++) {
                transientMass += recurrent[b] ? 0 : mass[b];
            }
            if (transientMass < MAX_TRANSIENT_MASS) {
                break;
            }
            if (iteration == MAX_ABSORPTION_STEPS) {
                throw new IllegalStateException("after " + MAX_ABSORPTION_STEPS + " steps a mass of " + transientMass
                        + " is still on transient beliefs: the observer synchronises too slowly for a limiting distribution");
            }
            msp.net().leftApply(mass, step);
            double[] swap = mass;
            mass = step;
            step = swap;
        }
        double[] pi = new double[m];
        for (int k = 0; k < classes.size(); k++) {
            double absorbed = 0;
            for (int b : classes.get(k)) {
                absorbed += mass[b];
            }
            for (int b : classes.get(k)) {
                pi[b] += absorbed * distributions.get(k)[b];
            }
        }
        return pi;
    }

    /** {@return the process's name, the beliefs found, the depth enumerated, whether the set is closed, and the tolerance} */
    @Override
    public String toString() {
        return "MixedStatePresentation(" + process.name() + ", " + size() + " beliefs of dimension " + states + " to depth "
                + depth() + (finite ? ", closed" : ", not closed") + ", tolerance " + tolerance + ")";
    }
}
