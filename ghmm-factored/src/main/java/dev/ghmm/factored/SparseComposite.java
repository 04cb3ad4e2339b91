package dev.ghmm.factored;

import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FilterModel;
import dev.ghmm.belief.FullyConditional;
import dev.ghmm.operator.Operators;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;
import org.ejml.data.DMatrixRMaj;

/**
 * A factored process on an explicit, sparse composite vocabulary (the Python peer's {@code composite_encoding}
 * {@code explicit}, its specification §4.3.2 and §4.6.3; docs/guide.md, "The Python peer's process files"): its alphabet
 * is the listed tuples τ(0), τ(1), … in list order (named as the factored process names them), and the tuples left out
 * are outside the vocabulary.
 * <ul>
 * <li>Independent factors, a chain or control map, separate emission and transition variants: the factored process
 * with its symbols renamed. The specification lets a sparse encoding leave out only unreachable tuples, so
 * {@link #of} refuses one to which a reachable belief gives positive probability. Non-negative factors (HMMs): exactly,
 * as a graph question on the joint states (a left-out y is reachable iff some joint state reached from the support of η
 * along positive entries of listed T(y′) has (T(y)|1⟩⟩)<sub>s</sub> &gt; 0). Signed factors: every reachable belief lies
 * in the span of ⟨⟨η(∅)|T(w)| over listed words w, so it checks ⟨⟨v|T(y)|1⟩⟩ = 0 for each y left out and each spanning v
 * (found breadth first, at most S of them) up to rounding, and the filter also checks each step. Separate emission and transition variants, whose
 * recursion is not linear, are checked as they are read: at every step the filter refuses a left-out tuple of positive
 * probability (and, for any structure, one drawn).</li>
 * <li>Fully conditional factors: the normalised product of conditionals over the listed tuples only,
 * Z(s) = Σ<sub>c</sub> Π<sub>f</sub> c<sub>f</sub>(τ(c), s), uniform over the listed tuples where that is 0. On the
 * joint GHMM that is T′(c) = D(1/M) T(τ(c)) with M(s) = (Σ<sub>c</sub> T(τ(c))|1⟩⟩)<sub>s</sub>/|1⟩⟩<sub>s</sub> (the
 * emission of hidden state s conditioned on a listed tuple; row s is ⟨⟨s|/|𝒳| where M(s) = 0); it is materialised
 * (as the joint GHMM of fully conditional factors is, up to {@link FullyConditional#LARGEST_MATERIALISED} states) and
 * filtered as one GHMM.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class SparseComposite implements Process {
    /**
     * The rounding tolerance of the checks that are not exact (signed operators, and the filter's check at each step): a
     * left-out tuple of larger probability than this is refused.
     */
    private static final double REACHABLE = 1e-12;

    private final FactoredProcess full;
    private final CompositeEncoding encoding;
    /** listed[c]: the joint symbol of τ(c) in the factored process. */
    private final int[] listed;
    /** token[x]: the composite token of joint symbol x, −1 for a tuple left out. */
    private final int[] token;
    private final Alphabet alphabet;
    private final String name;
    private volatile Ghmm joint;
    /** Whether {@link #of} proved every left-out tuple unreachable (exactly, for non-negative operators); else the filter checks each step. */
    private volatile boolean proven;

    private SparseComposite(FactoredProcess full, CompositeEncoding encoding, int[] listed, int[] token, Alphabet alphabet) {
        this.full = full;
        this.encoding = encoding;
        this.listed = listed;
        this.token = token;
        this.alphabet = alphabet;
        this.name = full.name() + " on " + listed.length + " of its " + full.symbols() + " tuples";
    }

    /**
     * The factored process on the tuples of an explicit encoding.
     *
     * @param full     the factored process (its alphabet is every tuple)
     * @param encoding the tuples of the composite vocabulary
     * @return the process
     * @throws IllegalArgumentException if the tuples do not have one token per factor, a token is not one of its factor's,
     *                                  or (for independent factors, a chain or a control map) a tuple left out has
     *                                  positive probability from a reachable belief, naming it and a word after which it
     *                                  does; or fully conditional factors of more joint states than
     *                                  {@link FullyConditional#LARGEST_MATERIALISED}
     */
    public static SparseComposite of(FactoredProcess full, CompositeEncoding encoding) {
        int count = full.factorCount();
        if (full.isFullyConditional() && full.states() > FullyConditional.LARGEST_MATERIALISED) {
            throw new IllegalArgumentException("fully conditional factors on an explicit encoding are read through their joint GHMM T′ (docs/math.md,"
                    + " (E1)), materialised up to " + FullyConditional.LARGEST_MATERIALISED + " joint states; this process has " + full.states());
        }
        if (encoding.factors() != count) {
            throw new IllegalArgumentException("the encoding's tuples have " + encoding.factors() + " tokens, but the process has " + count + " factors");
        }
        int[] listed = new int[encoding.size()];
        int[] token = new int[full.symbols()];
        Arrays.fill(token, -1);
        String[] names = new String[listed.length];
        for (int c = 0; c < listed.length; c++) {
            int[] tuple = encoding.tuple(c);
            for (int f = 0; f < count; f++) {
                int size = full.factor(f).symbols();
                if (tuple[f] >= size) {
                    throw new IllegalArgumentException("tuple " + c + " " + Arrays.toString(tuple) + " has token " + tuple[f] + " for factor " + f
                            + ", which has tokens 0 … " + (size - 1));
                }
            }
            listed[c] = full.encode(tuple);
            token[listed[c]] = c;
            names[c] = full.alphabet().name(listed[c]);
        }
        SparseComposite sparse = new SparseComposite(full, encoding, listed, token, Alphabet.of(names));
        if (full.isKronecker()) {
            Ghmm j = full.joint();
            sparse.requireUnreachable(j);
            sparse.proven = nonNegative(j);
        }
        return sparse;
    }

    /**
     * Whether the joint GHMM is non-negative: η ≥ 0, every T(x) ≥ 0 and |1⟩⟩ &gt; 0 (factors that are HMMs), where
     * reachability is a graph question decided exactly by {@link #requireUnreachableStates}.
     */
    private static boolean nonNegative(Ghmm j) {
        return Arrays.stream(j.one()).allMatch(v -> v > 0) && Arrays.stream(j.initial()).allMatch(v -> v >= 0)
                && j.transfers().stream().allMatch(t -> t.isNonNegative());
    }

    /**
     * Refuses a left-out tuple that some reachable belief can emit. Non-negative operators: the support of the belief
     * after a listed word w of positive probability is the set of joint states reached from the support of η along
     * positive entries of T(w); the union R of those supports is found breadth first (a state is reached when some
     * listed T(y) has a positive entry from a state reached before), and a left-out y is reachable iff
     * (T(y)|1⟩⟩)<sub>s</sub> &gt; 0 for some s in R. Every step is a sign test of a sum of products of non-negative
     * entries, so no tolerance enters (barring a product of entries that underflows below the smallest double). Signed
     * operators: {@link #requireUnreachableSpan}.
     */
    private void requireUnreachable(Ghmm j) {
        if (nonNegative(j)) {
            requireUnreachableStates(j);
        } else {
            requireUnreachableSpan(j);
        }
    }

    /** The exact graph search of {@link #requireUnreachable} for non-negative operators. */
    private void requireUnreachableStates(Ghmm j) {
        int n = j.states();
        int[] round = new int[n];
        int[] via = new int[n];
        Arrays.fill(round, -1);
        double[] frontier = new double[n];
        double[] initial = j.initial();
        boolean grown = false;
        for (int s = 0; s < n; s++) {
            if (initial[s] > 0) {
                round[s] = 0;
                frontier[s] = 1.0;
                grown = true;
            }
        }
        for (int r = 1; grown; r++) {
            grown = false;
            double[] next = new double[n];
            for (int c = 0; c < listed.length; c++) {
                double[] image = j.transfer(listed[c]).leftApply(frontier);
                for (int s = 0; s < n; s++) {
                    if (image[s] > 0 && round[s] < 0) {
                        round[s] = r;
                        via[s] = c;
                        next[s] = 1.0;
                        grown = true;
                    }
                }
            }
            frontier = next;
        }
        double[] one = j.one();
        for (int y = 0; y < token.length; y++) {
            if (token[y] < 0) {
                double[] emission = j.transfer(y).rightApply(one);
                for (int s = 0; s < n; s++) {
                    if (round[s] >= 0 && emission[s] > 0) {
                        int[] word = wordTo(j, s, round, via);
                        double[] v = j.initial();
                        for (int c : word) {
                            v = j.transfer(listed[c]).leftApply(v);
                            Vectors.scale(v, 1.0 / Vectors.dot(v, one));
                        }
                        throw reachable(y, Vectors.dot(j.transfer(y).leftApply(v), one), word);
                    }
                }
            }
        }
    }

    /**
     * A listed word of positive probability whose belief has state s in its support: back from s through a state of
     * the round before with a positive entry of T(τ(via[s])) into s.
     */
    private int[] wordTo(Ghmm j, int s, int[] round, int[] via) {
        int[] word = new int[round[s]];
        int at = s;
        for (int r = round[s]; r > 0; r--) {
            word[r - 1] = via[at];
            double[] unit = new double[j.states()];
            unit[at] = 1.0;
            double[] column = j.transfer(listed[via[at]]).rightApply(unit);
            int previous = -1;
            for (int p = 0; p < column.length && previous < 0; p++) {
                if (round[p] == r - 1 && column[p] > 0) {
                    previous = p;
                }
            }
            at = previous;
        }
        return word;
    }

    /**
     * The check of {@link #requireUnreachable} for signed operators: the reachable beliefs span the same space as the
     * beliefs after the listed words found breadth first (each kept if independent of those before it, every child
     * followed whose vector is not zero, scaled by its norm). The tests of independence and of a left-out tuple's
     * probability carry rounding tolerances, so this check is not exact: the filter also checks every step.
     */
    private void requireUnreachableSpan(Ghmm j) {
        double[] one = j.one();
        List<double[]> beliefs = new ArrayList<>();
        List<int[]> words = new ArrayList<>();
        List<double[]> basis = new ArrayList<>();
        span(j.initial(), new int[0], beliefs, words, basis);
        for (int i = 0; i < beliefs.size(); i++) {
            double[] v = beliefs.get(i);
            for (int y = 0; y < token.length; y++) {
                double[] next = j.transfer(y).leftApply(v);
                double p = Vectors.dot(next, one);
                double norm = Math.sqrt(Vectors.dot(next, next));
                if (token[y] < 0) {
                    if (p > REACHABLE) {
                        throw reachable(y, p, words.get(i));
                    }
                } else if (norm > 0 && beliefs.size() < j.states()) {
                    Vectors.scale(next, 1.0 / norm);
                    int[] word = Arrays.copyOf(words.get(i), words.get(i).length + 1);
                    word[word.length - 1] = token[y];
                    span(next, word, beliefs, words, basis);
                }
            }
        }
    }

    /** The refusal of left-out joint symbol y, of probability p after the listed word. */
    private IllegalArgumentException reachable(int y, double p, int[] word) {
        return new IllegalArgumentException("the tuple " + full.alphabet().name(y) + " is left out of the composite encoding but has probability "
                + p + (word.length == 0 ? " at the start" : " after " + alphabet.format(word)) + ": a sparse encoding may leave out only unreachable tuples");
    }

    /** Keeps a belief if it is independent of those kept (Gram–Schmidt on an orthonormal basis of their span). */
    private static void span(double[] belief, int[] word, List<double[]> beliefs, List<int[]> words, List<double[]> basis) {
        double[] r = belief.clone();
        for (int pass = 0; pass < 2; pass++) {
            for (double[] b : basis) {
                double d = Vectors.dot(r, b);
                for (int k = 0; k < r.length; k++) {
                    r[k] -= d * b[k];
                }
            }
        }
        double norm = Math.sqrt(Vectors.dot(r, r));
        if (norm > 1e-9 * Math.sqrt(Vectors.dot(belief, belief))) {
            Vectors.scale(r, 1.0 / norm);
            basis.add(r);
            beliefs.add(belief);
            words.add(word);
        }
    }

    /** {@return the factored process on every tuple} */
    public FactoredProcess factored() {
        return full;
    }

    /** {@return the encoding: the tuples of the composite vocabulary} */
    public CompositeEncoding encoding() {
        return encoding;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Alphabet alphabet() {
        return alphabet;
    }

    @Override
    public int states() {
        return full.states();
    }

    @Override
    public double[] one() {
        return full.one();
    }

    /**
     * A filter: the factored process's, its symbols renamed (parts are the factors; it refuses a left-out tuple of
     * positive probability), or for fully conditional factors the filter of the joint GHMM T′.
     *
     * @return the filter, for one thread
     */
    @Override
    public BeliefFilter filter() {
        return full.isFullyConditional() ? joint().filter() : new Renamed(full.filter());
    }

    @Override
    public FilterModel filterModel() {
        return joint().filterModel();
    }

    /**
     * The joint GHMM T′(c) = D(1/M) T(τ(c)) (see the class comment; for operators that are not non-negative with a
     * positive |1⟩⟩, T(τ(c)) itself), built on first use.
     *
     * @throws IllegalArgumentException where the factored process has no joint GHMM, or T′ keeps no |1⟩⟩
     */
    @Override
    public Ghmm joint() {
        Ghmm j = joint;
        if (j == null) {
            Ghmm all = full.joint();
            double[] one = all.one();
            int n = all.states();
            boolean gauge = Arrays.stream(one).allMatch(v -> v > 0) && all.transfers().stream().allMatch(t -> t.isNonNegative());
            double[] mass = new double[n];
            if (gauge) {
                for (int x : listed) {
                    double[] e = all.transfer(x).rightApply(one);
                    for (int s = 0; s < n; s++) {
                        mass[s] += e[s] / one[s];
                    }
                }
            }
            GhmmBuilder builder = Ghmm.builder().name(name).initial(all.initial()).one(one);
            for (int c = 0; c < listed.length; c++) {
                DMatrixRMaj t = all.transfer(listed[c]).toDense();
                if (gauge) {
                    for (int s = 0; s < n; s++) {
                        for (int k = 0; k < n; k++) {
                            t.set(s, k, mass[s] > 0.0 ? t.get(s, k) / mass[s] : 0.0);
                        }
                        if (mass[s] == 0.0) {
                            t.set(s, s, 1.0 / listed.length);
                        }
                    }
                }
                builder.symbol(alphabet.name(c), Operators.optimise(Operators.dense(t)));
            }
            j = builder.build();
            joint = j;
        }
        return j;
    }

    @Override
    public String toString() {
        return "SparseComposite(" + name + ", " + encoding + ")";
    }

    /** The factored process's filter on the listed tuples: symbol c is joint symbol τ(c). */
    private final class Renamed implements BeliefFilter {
        private final BeliefFilter inner;
        private final double[] law;
        Renamed(BeliefFilter inner) {
            this.inner = inner;
            this.law = new double[inner.symbols()];
        }

        /** The law at the current belief into {@link #law}, refusing a left-out tuple of positive probability. */
        private void tabulate() {
            inner.nextSymbolDistribution(law, 0);
            for (int x = 0; x < law.length; x++) {
                if (token[x] < 0) {
                    requireUnreachable(x, law[x]);
                }
            }
        }

        @Override
        public int symbols() {
            return listed.length;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public int position() {
            return inner.position();
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public void reset(double[] belief) {
            inner.reset(belief);
        }

        @Override
        public void nextSymbolDistribution(double[] out, int offset) {
            tabulate();
            for (int c = 0; c < listed.length; c++) {
                out[offset + c] = law[listed[c]];
            }
        }

        private void requireUnreachable(int x, double p) {
            if (p > REACHABLE) {
                throw new IllegalArgumentException("position " + inner.position() + ": the tuple " + full.alphabet().name(x) + " is left out of the"
                        + " composite encoding but has probability " + p + ": a sparse encoding may leave out only unreachable tuples");
            }
        }

        @Override
        public double nextSymbolEntropy() {
            return inner.nextSymbolEntropy();
        }

        @Override
        public double probability(int x) {
            alphabet.requireSymbol(x);
            if (!proven) {
                tabulate();
            }
            return inner.probability(listed[x]);
        }

        @Override
        public double update(int x) {
            alphabet.requireSymbol(x);
            if (!proven) {
                tabulate();
            }
            return inner.update(listed[x]);
        }

        @Override
        public int sample(UniformRandomProvider rng) {
            if (!proven) {
                tabulate();
            }
            int x = inner.sample(rng);
            if (token[x] < 0) {
                throw new IllegalArgumentException("position " + (inner.position() - 1) + ": the process emitted the tuple " + full.alphabet().name(x)
                        + ", which is left out of the composite encoding: a sparse encoding may leave out only unreachable tuples");
            }
            return token[x];
        }

        @Override
        public double lastProbability() {
            return inner.lastProbability();
        }

        @Override
        public void belief(double[] out, int offset) {
            inner.belief(out, offset);
        }

        @Override
        public int parts() {
            return inner.parts();
        }

        @Override
        public int partDimension(int part) {
            return inner.partDimension(part);
        }

        @Override
        public void part(int part, double[] out, int offset) {
            inner.part(part, out, offset);
        }

        @Override
        public double partWeight(int part) {
            return inner.partWeight(part);
        }

        @Override
        public double factorGap() {
            return inner.factorGap();
        }

        @Override
        public double factorDivergence() {
            return inner.factorDivergence();
        }
    }
}
