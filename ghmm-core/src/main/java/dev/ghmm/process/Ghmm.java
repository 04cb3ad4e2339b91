package dev.ghmm.process;

import dev.ghmm.Checks;
import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FilterModel;
import dev.ghmm.operator.Invariance;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.partition.Partition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A generalized hidden Markov model (section 2.2): an alphabet 𝒳, one S×S transfer operator T(x) per
 * symbol, the net operator T = Σ<sub>x</sub> T(x) (eq. 2.1), its right eigenvector |1⟩⟩ with T|1⟩⟩ = |1⟩⟩,
 * and an initial row vector ⟨⟨η(∅)| with ⟨⟨η(∅)|1⟩⟩ = 1.
 *
 * <p>An HMM is the special case where every T(x) is entrywise non-negative and T is row-stochastic; then
 * |1⟩⟩ = 𝟏 always. Otherwise |1⟩⟩ is the eigenvalue-1 eigenvector of T, which must be unique unless given.
 *
 * <p>Beliefs are row vectors of length S normalised so ⟨⟨η|1⟩⟩ = 1. Words are {@code int[]} of symbol
 * indices. Instances are immutable and thread-safe; words are read through a {@link BeliefFilter} ({@link #filter}).
 */
public final class Ghmm implements Process {
    /** Absolute tolerance of construction checks: row sums of an HMM, T|1⟩⟩ = |1⟩⟩, ⟨⟨η|1⟩⟩ ≠ 0. */
    public static final double TOLERANCE = 1e-9;

    private final String name;
    private final Alphabet alphabet;
    private final List<Operator> transfer;
    private final Operator net;
    private final double[] initial;
    private final double[] one;
    private final boolean hmm;
    /** emission[x] = T(x)|1⟩⟩, so that Pr(x | η) = ⟨⟨η|emission[x]⟩⟩ costs S multiply-adds. */
    private final double[][] emission;
    /** The filter's description, built on first use (benign race: every thread builds an equal one). */
    private volatile FilterModel filterModel;

    private Ghmm(String name, Alphabet alphabet, List<Operator> transfer, double[] initial, double[] one, boolean hmm) {
        this.name = name;
        this.alphabet = alphabet;
        this.transfer = List.copyOf(transfer);
        this.net = Operators.sum(transfer);
        this.initial = initial;
        this.one = one;
        this.hmm = hmm;
        this.emission = new double[transfer.size()][];
        for (int x = 0; x < transfer.size(); x++) {
            emission[x] = transfer.get(x).rightApply(one);
        }
    }

    /**
     * A builder; symbols are added in index order.
     *
     * @return a builder; symbols are added in index order
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The process with dense T(x) = {@code transfer[x]}, symbols named "0", "1", …, and the unique
     * stationary vector as initial belief.
     *
     * @param transfer the transfer matrices T(x), indexed [x][i][j]
     * @return the process with dense T(x) = {@code transfer[x]}, symbols named "0", "1", …, and the unique stationary vector as initial belief
     */
    public static Ghmm of(double[][][] transfer) {
        return builder().symbols(transfer).build();
    }

    /**
     * The process with dense T(x) = {@code transfer[x]}, symbols "0", "1", …, and the given initial vector.
     *
     * @param transfer the transfer matrices T(x), indexed [x][i][j]
     * @param initial ⟨⟨η(∅)|, length S
     * @return the process with dense T(x) = {@code transfer[x]}, symbols "0", "1", …, and the given initial vector
     */
    public static Ghmm of(double[][][] transfer, double[] initial) {
        return builder().symbols(transfer).initial(initial).build();
    }

    /**
     * The tensor-product process of eq. 2.10 and 2.21: T(x<sub>1</sub>, …, x<sub>F</sub>) = ⊗<sub>f</sub>
     * T<sup>f</sup>(x<sub>f</sub>) as structured Kronecker operators, the product alphabet of eq. 2.20,
     * ⟨⟨η| = ⊗ ⟨⟨η<sup>f</sup>| and |1⟩⟩ = ⊗ |1⟩⟩<sup>f</sup>. These satisfy T|1⟩⟩ = |1⟩⟩ by the mixed-product
     * identity (eq. 2.22), so nothing is materialised or re-checked. A product of HMMs is an HMM.
     *
     * @param factors the factors, in order
     * @return the tensor-product process of eq. 2.10 and 2.21: T(x<sub>1</sub>, …, x<sub>F</sub>) = ⊗<sub>f</sub> T<sup>f</sup>(x<sub>f</sub>) as structured Kronecker operators, the product alphabet of eq. 2.20, ⟨⟨η| = ⊗ ⟨⟨η<sup>f</sup>| and |1⟩⟩ = ⊗ |1⟩⟩<sup>f</sup>
     */
    public static Ghmm kron(Ghmm... factors) {
        if (factors.length == 0) {
            throw new IllegalArgumentException("kron needs at least one process");
        }
        Alphabet[] alphabets = Arrays.stream(factors).map(Ghmm::alphabet).toArray(Alphabet[]::new);
        Alphabet joint = Alphabet.product(alphabets);
        List<Operator> ops = new ArrayList<>(joint.size());
        int[] tuple = new int[factors.length];
        Operator[] chosen = new Operator[factors.length];
        for (int x = 0; x < joint.size(); x++) {
            Alphabet.decode(alphabets, x, tuple);
            for (int f = 0; f < factors.length; f++) {
                chosen[f] = factors[f].transfer(tuple[f]);
            }
            ops.add(Operators.kron(chosen));
        }
        double[] initial = Vectors.kron(Arrays.stream(factors).map(g -> g.initial).toArray(double[][]::new));
        double[] one = Vectors.kron(Arrays.stream(factors).map(g -> g.one).toArray(double[][]::new));
        String name = String.join(" x ", Arrays.stream(factors).map(Ghmm::name).toArray(String[]::new));
        return new Ghmm(name, joint, ops, initial, one, Arrays.stream(factors).allMatch(Ghmm::isHmm));
    }

    /**
     * A copy of this process with another initial vector, normalised so ⟨⟨η|1⟩⟩ = 1.
     *
     * @param initial ⟨⟨η(∅)|, length S
     * @return a copy of this process with another initial vector, normalised so ⟨⟨η|1⟩⟩ = 1
     */
    public Ghmm withInitial(double[] initial) {
        return new Ghmm(name, alphabet, transfer, normalisedInitial(initial, one), one, hmm);
    }

    /**
     * A copy of this process with its symbols renamed, in index order.
     *
     * @param names the symbol names, in index order
     * @return a copy of this process with its symbols renamed, in index order
     */
    public Ghmm withSymbolNames(String... names) {
        Alphabet renamed = Alphabet.of(names);
        if (renamed.size() != symbols()) {
            throw new IllegalArgumentException("got " + names.length + " symbol names for " + symbols() + " symbols");
        }
        return new Ghmm(name, renamed, transfer, initial, one, hmm);
    }

    /**
     * This process with every T(x) in the representation that {@link Operators#optimise} predicts applies
     * fastest (a product of permutation-like factors materialised sparse, say); every probability is unchanged.
     *
     * @return the process with optimised transfer operators
     */
    public Ghmm optimised() {
        return new Ghmm(name, alphabet, transfer.stream().map(Operators::optimise).toList(), initial, one, hmm);
    }

    /**
     * A copy of this process with another name.
     *
     * @param name the name
     * @return a copy of this process with another name
     */
    public Ghmm withName(String name) {
        return new Ghmm(name, alphabet, transfer, initial, one, hmm);
    }

    /**
     * The name, for reports and files.
     *
     * @return the name, for reports and files
     */
    @Override
    public String name() {
        return name;
    }

    /**
     * The alphabet 𝒳.
     *
     * @return the alphabet 𝒳
     */
    @Override
    public Alphabet alphabet() {
        return alphabet;
    }

    /**
     * The number of hidden states S (the dimension of every T(x)).
     *
     * @return the number of hidden states S (the dimension of every T(x))
     */
    @Override
    public int states() {
        return one.length;
    }

    /**
     * |𝒳|.
     *
     * @return |𝒳|
     */
    @Override
    public int symbols() {
        return transfer.size();
    }

    /**
     * The transfer operator T(x).
     *
     * @param x the symbol index x
     * @return the transfer operator T(x)
     */
    public Operator transfer(int x) {
        alphabet.requireSymbol(x);
        return transfer.get(x);
    }

    /**
     * All T(x), indexed by symbol (unmodifiable).
     *
     * @return all T(x), indexed by symbol (unmodifiable)
     */
    public List<Operator> transfers() {
        return transfer;
    }

    /**
     * The net operator T = Σ<sub>x</sub> T(x) (eq. 2.1).
     *
     * @return the net operator T = Σ<sub>x</sub> T(x) (eq. 2.1)
     */
    public Operator net() {
        return net;
    }

    /**
     * |1⟩⟩, the right eigenvector of T with eigenvalue 1 (a copy).
     *
     * @return |1⟩⟩, the right eigenvector of T with eigenvalue 1 (a copy)
     */
    public double[] one() {
        return one.clone();
    }

    /**
     * ⟨⟨η(∅)|, normalised so ⟨⟨η(∅)|1⟩⟩ = 1 (a copy).
     *
     * @return ⟨⟨η(∅)|, normalised so ⟨⟨η(∅)|1⟩⟩ = 1 (a copy)
     */
    public double[] initial() {
        return initial.clone();
    }

    /**
     * Whether every T(x) is non-negative and T is row-stochastic.
     *
     * @return whether every T(x) is non-negative and T is row-stochastic
     */
    public boolean isHmm() {
        return hmm;
    }

    /**
     * T(x)|1⟩⟩ (a copy): for an HMM, Pr(x | s) by state.
     *
     * @param x the symbol index x
     * @return T(x)|1⟩⟩ (a copy): for an HMM, Pr(x | s) by state
     */
    public double[] emission(int x) {
        alphabet.requireSymbol(x);
        return emission[x].clone();
    }

    /**
     * A filter at the initial belief, on the operators {@link #optimised} picks.
     *
     * @return a new filter
     */
    @Override
    public BeliefFilter filter() {
        return filterModel().filter();
    }

    @Override
    public FilterModel filterModel() {
        FilterModel t = filterModel;
        if (t == null) {
            t = filterModel(new int[] {one.length});
            filterModel = t;
        }
        return t;
    }

    /** The filter's description on the optimised operators, with the state space cut into contiguous blocks. */
    FilterModel filterModel(int[] blockSizes) {
        List<Operator> fast = transfer.stream().map(Operators::optimise).toList();
        return FilterModel.of(List.of(fast), one, initial, blockSizes, "");
    }

    /**
     * This process.
     *
     * @return this
     */
    @Override
    public Ghmm joint() {
        return this;
    }

    /**
     * The stationary vectors of T: per closed class for an HMM, an eigenspace basis otherwise.
     *
     * @return the stationary vectors of T: per closed class for an HMM, an eigenspace basis otherwise
     */
    public StationaryDistributions stationary() {
        if (hmm) {
            return Spectral.hmmStationary(net);
        }
        List<double[]> basis = Spectral.eigenspaceOfOne(net, true, new double[1]);
        for (double[] v : basis) {
            double norm = Vectors.dot(v, one);
            if (Math.abs(norm) > TOLERANCE) {
                Vectors.scale(v, 1.0 / norm);
            }
        }
        return new StationaryDistributions(basis, List.of(), new int[0]);
    }

    /**
     * The finest partition every T(x) preserves, entries above {@code tolerance} counting as non-zero.
     *
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @return the finest partition every T(x) preserves, entries above {@code tolerance} counting as non-zero
     */
    public Partition finestPartition(double tolerance) {
        return Invariance.finest(transfer, tolerance);
    }

    /**
     * Checks that every T(x) preserves {@code partition} (eq. 2.9, 2.13) within an absolute tolerance: every entry
     * T(x)<sub>ij</sub> with i and j in different sectors and |T(x)<sub>ij</sub>| &gt; tolerance is reported, with
     * its symbol.
     *
     * @param partition the partition, on the S states
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @return the report of every violating entry, by symbol
     * @throws IllegalArgumentException if the partition is not on S states or the tolerance is not finite and ≥ 0
     */
    public PartitionReport checkPartition(Partition partition, double tolerance) {
        Checks.requireTolerance(tolerance);
        List<PartitionReport.Violation> violations = new ArrayList<>();
        for (int x = 0; x < transfer.size(); x++) {
            int symbol = x;
            Invariance.forEachCoupling(transfer.get(x), partition, tolerance, (i, j, v) -> violations.add(
                    new PartitionReport.Violation(symbol, i, j, partition.sectorOf(i), partition.sectorOf(j), v)));
        }
        return new PartitionReport(partition, tolerance, violations);
    }

    @Override
    public String toString() {
        return "Ghmm(" + name + ", " + states() + " states, alphabet " + alphabet + (hmm ? ", HMM" : ", GHMM") + ")";
    }

    private static double[] normalisedInitial(double[] initial, double[] one) {
        Checks.requireLength("initial", initial, one.length);
        Checks.requireFinite("initial", initial);
        double mass = Vectors.dot(initial, one);
        if (Math.abs(mass) <= TOLERANCE) {
            throw new IllegalArgumentException("the initial vector has ⟨⟨η|1⟩⟩ = " + mass + ": it cannot be normalised");
        }
        double[] copy = initial.clone();
        Vectors.scale(copy, 1.0 / mass);
        return copy;
    }

    /**
     * Builds a {@link Ghmm}, validating everything before anything is returned: square operators of one
     * dimension, finite entries, HMM conditions when required, T|1⟩⟩ = |1⟩⟩, ⟨⟨η|1⟩⟩ ≠ 0.
     */
    public static final class Builder {
        private String name = "ghmm";
        private final List<String> names = new ArrayList<>();
        private final List<Operator> ops = new ArrayList<>();
        private double[] initial;
        private double[] one;
        private boolean requireHmm;
        private boolean normalise;

        private Builder() {
        }

        /**
         * Sets the name.
         *
         * @param name the name
         * @return this builder
         */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /**
         * Adds symbol {@code symbol} with transfer operator T(x) = {@code t}.
         *
         * @param symbol the symbol name
         * @param t the operator or matrix
         * @return this builder
         */
        public Builder symbol(String symbol, Operator t) {
            names.add(symbol);
            ops.add(t);
            return this;
        }

        /**
         * Adds a symbol with a matrix, stored dense or sparse by {@link Operators#auto}.
         *
         * @param symbol the symbol name
         * @param t the operator or matrix
         * @return this builder
         */
        public Builder symbol(String symbol, double[][] t) {
            return symbol(symbol, operator(symbol, t));
        }

        /**
         * Adds a symbol with a dense EJML matrix.
         *
         * @param symbol the symbol name
         * @param t the operator or matrix
         * @return this builder
         */
        public Builder symbol(String symbol, DMatrixRMaj t) {
            return symbol(symbol, Operators.dense(t));
        }

        /**
         * Adds symbols "0", "1", … (continuing the count) with the matrices {@code t[x]}.
         *
         * @param t the operator or matrix
         * @return this builder
         */
        public Builder symbols(double[][][] t) {
            if (t == null || t.length == 0) {
                throw new IllegalArgumentException("the alphabet is empty: no transfer matrices given");
            }
            for (double[][] m : t) {
                symbol(Integer.toString(names.size()), m);
            }
            return this;
        }

        /**
         * Sets ⟨⟨η(∅)|; it is normalised so ⟨⟨η(∅)|1⟩⟩ = 1. Default: the unique stationary vector.
         *
         * @param initial ⟨⟨η(∅)|, length S
         * @return this builder
         */
        public Builder initial(double[] initial) {
            this.initial = initial.clone();
            return this;
        }

        /**
         * Sets |1⟩⟩, needed when the eigenvalue-1 eigenspace of T is degenerate.
         *
         * @param one |1⟩⟩ of the process
         * @return this builder
         */
        public Builder one(double[] one) {
            this.one = one.clone();
            return this;
        }

        /**
         * Requires an HMM: non-negative entries and row-stochastic T, else {@link #build} throws.
         *
         * @return this builder
         */
        public Builder requireHmm() {
            this.requireHmm = true;
            return this;
        }

        /**
         * Divides every T(x) by the spectral radius ρ of T = Σ<sub>x</sub> T(x) before validation, so that T
         * has eigenvalue 1, and (unless {@link #one} is given) takes |1⟩⟩ from its eigenvector: for processes
         * published unnormalised, such as Post Quantum. The scaled matrices are materialised (sparse stays
         * sparse). {@link #build} refuses when no eigenvalue of modulus ρ is real and positive.
         *
         * @return this builder
         */
        public Builder normalise() {
            this.normalise = true;
            return this;
        }

        private static Operator operator(String symbol, double[][] t) {
            try {
                return Operators.auto(t);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("T(" + symbol + "): " + e.getMessage(), e);
            }
        }

        /**
         * Validates and builds the process.
         *
         * @throws IllegalArgumentException on an empty alphabet, mismatched dimensions, a negative entry or
         *                                  a row sum off 1 when an HMM is required, T|1⟩⟩ ≠ |1⟩⟩, no eigenvalue 1,
         *                                  a degenerate eigenvalue-1 eigenspace without |1⟩⟩, no unique
         *                                  stationary vector without an initial vector, or ⟨⟨η|1⟩⟩ = 0
         * @return the process
         */
        public Ghmm build() {
            if (ops.isEmpty()) {
                throw new IllegalArgumentException("the alphabet is empty: add at least one symbol");
            }
            Alphabet alphabet = Alphabet.of(names);
            int n = ops.get(0).dimension();
            for (int x = 1; x < ops.size(); x++) {
                if (ops.get(x).dimension() != n) {
                    throw new IllegalArgumentException("T(" + names.get(x) + ") is " + ops.get(x).dimension() + "×" + ops.get(x).dimension()
                            + " but T(" + names.get(0) + ") is " + n + "×" + n);
                }
            }
            List<Operator> ops = new ArrayList<>(this.ops);
            if (normalise) {
                double radius = Spectral.leadingEigenvalue(Operators.sum(ops));
                ops.replaceAll(t -> Operators.scale(t, 1.0 / radius));
            }
            String negative = firstNegative(alphabet, ops);
            double[] rowSums = Operators.sum(ops).rightApply(Vectors.ones(n));
            int offRow = -1;
            for (int i = 0; i < n && offRow < 0; i++) {
                if (Math.abs(rowSums[i] - 1.0) > TOLERANCE) {
                    offRow = i;
                }
            }
            boolean stochastic = negative == null && offRow < 0;
            if (requireHmm && negative != null) {
                throw new IllegalArgumentException("not an HMM: " + negative + " is negative");
            }
            if (requireHmm && offRow >= 0) {
                throw new IllegalArgumentException("not an HMM: row " + offRow + " of T sums to " + rowSums[offRow] + ", not 1");
            }
            Operator net = Operators.sum(ops);
            double[] oneVector = one;
            if (oneVector != null) {
                requireEigenvector(net, oneVector);
            } else {
                oneVector = stochastic ? Vectors.ones(n) : computedOne(net);
            }
            // an HMM's |1⟩⟩ is 𝟏; a stochastic process given another eigenvector is treated as a GHMM
            boolean hmm = stochastic && Arrays.equals(oneVector, Vectors.ones(n));
            if (requireHmm && !hmm) {
                throw new IllegalArgumentException("not an HMM: |1⟩⟩ = " + Arrays.toString(oneVector) + " is not the all-ones vector");
            }
            double[] eta = initial;
            if (eta == null) {
                eta = uniqueStationary(new Ghmm(name, alphabet, ops, Vectors.ones(n), oneVector, hmm));
            } else if (one == null && !stochastic) {
                // |1⟩⟩ was computed up to scale: fix its scale by the given η rather than rescale η
                Checks.requireLength("initial", eta, n);
                Checks.requireFinite("initial", eta);
                double mass = Vectors.dot(eta, oneVector);
                if (Math.abs(mass) <= TOLERANCE) {
                    throw new IllegalArgumentException("the initial vector has ⟨⟨η|1⟩⟩ = " + mass + ": it cannot be normalised");
                }
                Vectors.scale(oneVector, 1.0 / mass);
            }
            Ghmm built = new Ghmm(name, alphabet, ops, normalisedInitial(eta, oneVector), oneVector, hmm);
            // the rule of the belief package at the initial belief: a negative prediction there is refused now
            built.filter().nextSymbolDistribution();
            return built;
        }

        private static String firstNegative(Alphabet alphabet, List<Operator> ops) {
            String[] found = {null};
            for (int x = 0; x < ops.size() && found[0] == null; x++) {
                if (ops.get(x).isNonNegative()) {
                    continue;
                }
                String symbol = alphabet.name(x);
                ops.get(x).forEachNonZero((i, j, v) -> {
                    if (v < 0 && found[0] == null) {
                        found[0] = "T(" + symbol + ")[" + i + "][" + j + "] = " + v;
                    }
                });
            }
            return found[0];
        }

        private static void requireEigenvector(Operator net, double[] one) {
            Checks.requireLength("|1⟩⟩", one, net.dimension());
            Checks.requireFinite("|1⟩⟩", one);
            double[] image = net.rightApply(one);
            for (int i = 0; i < one.length; i++) {
                if (Math.abs(image[i] - one[i]) > TOLERANCE * Math.max(1.0, Vectors.maxAbs(one))) {
                    throw new IllegalArgumentException("T|1⟩⟩ ≠ |1⟩⟩ at index " + i + ": (T|1⟩⟩)[" + i + "] = " + image[i]
                            + " but |1⟩⟩[" + i + "] = " + one[i]);
                }
            }
            if (Vectors.maxAbs(one) == 0.0) {
                throw new IllegalArgumentException("|1⟩⟩ is the zero vector");
            }
        }

        private static double[] computedOne(Operator net) {
            double[] smallest = new double[1];
            List<double[]> basis = Spectral.eigenspaceOfOne(net, false, smallest);
            if (basis.isEmpty()) {
                throw new IllegalArgumentException("the net operator T has no eigenvalue 1: the smallest singular value of T − I is "
                        + smallest[0]);
            }
            if (basis.size() > 1) {
                throw new IllegalArgumentException("the eigenvalue-1 eigenspace of T has dimension " + basis.size()
                        + ": |1⟩⟩ is not determined, pass it with Builder.one(...)");
            }
            return basis.get(0);
        }

        private static double[] uniqueStationary(Ghmm process) {
            StationaryDistributions stationary = process.stationary();
            if (!stationary.isUnique()) {
                throw new IllegalArgumentException("T has " + stationary.distributions().size()
                        + " independent stationary vectors: pass an initial vector with Builder.initial(...)");
            }
            return stationary.distributions().get(0);
        }
    }
}
