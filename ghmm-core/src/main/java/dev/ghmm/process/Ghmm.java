package dev.ghmm.process;

import dev.ghmm.internal.Checks;
import dev.ghmm.Tolerances;
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
    public static final double TOLERANCE = Tolerances.INPUT;

    private final String name;
    private final Alphabet alphabet;
    private final List<Operator> transfer;
    private final Operator net;
    private final double[] initial;
    private final double[] one;
    private final boolean hmm;
    /** The filter's description, built on first use (benign race: every thread builds an equal one). */
    private volatile FilterModel filterModel;

    Ghmm(String name, Alphabet alphabet, List<Operator> transfer, Operator net, double[] initial, double[] one, boolean hmm) {
        this.name = name;
        this.alphabet = alphabet;
        this.transfer = List.copyOf(transfer);
        this.net = net;
        this.initial = initial;
        this.one = one;
        this.hmm = hmm;
    }

    /** {@return a builder; symbols are added in index order} */
    public static GhmmBuilder builder() {
        return new GhmmBuilder();
    }

    /**
     * {@return the process with dense T(x) = {@code transfer[x]}, symbols named "0", "1", …, and the unique
     * stationary vector as initial belief}
     *
     * @param transfer the transfer matrices T(x), indexed [x][i][j]
     */
    public static Ghmm of(double[][][] transfer) {
        return builder().transfers(transfer).build();
    }

    /**
     * {@return the process with dense T(x) = {@code transfer[x]}, symbols "0", "1", …, and the given initial
     * vector}
     *
     * @param transfer the transfer matrices T(x), indexed [x][i][j]
     * @param initial ⟨⟨η(∅)|, length S
     */
    public static Ghmm of(double[][][] transfer, double[] initial) {
        return builder().transfers(transfer).initial(initial).build();
    }

    /**
     * The tensor-product process of eq. 2.10 and 2.21: T(x<sub>1</sub>, …, x<sub>F</sub>) = ⊗<sub>f</sub>
     * T<sup>f</sup>(x<sub>f</sub>) as structured Kronecker operators, the product alphabet of eq. 2.20,
     * ⟨⟨η| = ⊗ ⟨⟨η<sup>f</sup>| and |1⟩⟩ = ⊗ |1⟩⟩<sup>f</sup>. These satisfy T|1⟩⟩ = |1⟩⟩ by the mixed-product
     * identity (eq. 2.22), so nothing is materialised or re-checked. A product of HMMs is an HMM.
     *
     * @param factors the factors, in order
     * @return the tensor-product process
     */
    public static Ghmm kron(Ghmm... factors) {
        if (factors.length == 0) {
            throw new IllegalArgumentException("kron needs at least one process");
        }
        Ghmm[][] variants = Arrays.stream(factors).map(f -> new Ghmm[] {f}).toArray(Ghmm[][]::new);
        return kron(variants, (x, f) -> 0);
    }

    /**
     * The Kronecker product of factors whose operators depend on the joint symbol: factor f has variants
     * T<sup>f</sup><sub>k</sub> (one alphabet, dimension and |1⟩⟩ each, which the caller has checked), and joint symbol x
     * uses variant k<sub>f</sub>(x) = {@code variantOf.applyAsInt(x, f)}: T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f</sub>(x<sub>f</sub>),
     * ⟨⟨η| = ⊗ ⟨⟨η<sup>f</sup><sub>0</sub>|, |1⟩⟩ = ⊗ |1⟩⟩<sup>f</sup>. Unless every factor has one variant, T|1⟩⟩ = |1⟩⟩ is
     * checked (the choice may break it). This is the joint process of every factored process.
     *
     * @param variants  variants[f][k], at least one factor with at least one variant each
     * @param variantOf the variant of factor f for joint symbol x, in [0, variants[f].length)
     * @return the joint process
     * @throws IllegalArgumentException if the choice of variants breaks T|1⟩⟩ = |1⟩⟩, naming the joint state
     */
    public static Ghmm kron(Ghmm[][] variants, java.util.function.IntBinaryOperator variantOf) {
        int count = variants.length;
        Alphabet[] alphabets = Arrays.stream(variants).map(v -> v[0].alphabet()).toArray(Alphabet[]::new);
        Alphabet joint = Alphabet.product(alphabets);
        List<Operator> ops = new ArrayList<>(joint.size());
        int[] tuple = new int[count];
        Operator[] chosen = new Operator[count];
        for (int x = 0; x < joint.size(); x++) {
            Alphabet.decode(alphabets, x, tuple);
            for (int f = 0; f < count; f++) {
                chosen[f] = variants[f][variantOf.applyAsInt(x, f)].transfer(tuple[f]);
            }
            ops.add(Operators.kron(chosen));
        }
        double[] initial = Vectors.kron(Arrays.stream(variants).map(v -> v[0].initial).toArray(double[][]::new));
        double[] one = Vectors.kron(Arrays.stream(variants).map(v -> v[0].one).toArray(double[][]::new));
        String name = Process.productName(Arrays.stream(variants).map(v -> Arrays.stream(v).map(Ghmm::name).toArray(String[]::new))
                .toArray(String[][]::new));
        boolean hmm = Arrays.stream(variants).flatMap(Arrays::stream).allMatch(Ghmm::isHmm);
        Ghmm product = new Ghmm(name, joint, ops, Operators.sum(ops), initial, one, hmm);
        if (Arrays.stream(variants).anyMatch(v -> v.length > 1)) {
            double[] image = product.net.rightApply(one);
            int[] dims = Arrays.stream(variants).mapToInt(v -> v[0].states()).toArray();
            for (int i = 0; i < one.length; i++) {
                if (Math.abs(image[i] - one[i]) > TOLERANCE * Math.max(1.0, Vectors.maxAbs(one))) {
                    int[] state = new int[count];
                    dev.ghmm.MixedRadix.decode(dims, i, state);
                    throw new IllegalArgumentException("the choice of variants breaks T|1⟩⟩ = |1⟩⟩ for |1⟩⟩ = ⊗|1⟩⟩_f: at joint state "
                            + Arrays.toString(state) + " (index " + i + ") (T|1⟩⟩)[" + i + "] = " + image[i] + " but |1⟩⟩[" + i + "] = " + one[i]);
                }
            }
        }
        return product;
    }

    /**
     * {@return a copy of this process with another initial vector, normalised so ⟨⟨η|1⟩⟩ = 1}
     *
     * @param initial ⟨⟨η(∅)|, length S
     */
    public Ghmm withInitial(double[] initial) {
        return new Ghmm(name, alphabet, transfer, net, normalisedInitial(initial, one), one, hmm);
    }

    /**
     * {@return a copy of this process with its symbols renamed, in index order}
     *
     * @param names the symbol names, in index order
     */
    public Ghmm withSymbolNames(String... names) {
        Alphabet renamed = Alphabet.of(names);
        if (renamed.size() != symbols()) {
            throw new IllegalArgumentException("got " + names.length + " symbol names for " + symbols() + " symbols");
        }
        return new Ghmm(name, renamed, transfer, net, initial, one, hmm);
    }

    /**
     * This process with every T(x) in the representation that {@link Operators#optimise} predicts applies
     * fastest (a product of permutation-like factors materialised sparse, say); every probability is unchanged.
     *
     * @return the process with optimised transfer operators
     */
    public Ghmm optimised() {
        return new Ghmm(name, alphabet, transfer.stream().map(Operators::optimise).toList(), net, initial, one, hmm);
    }

    /**
     * {@return a copy of this process with another name}
     *
     * @param name the name
     */
    public Ghmm withName(String name) {
        return new Ghmm(name, alphabet, transfer, net, initial, one, hmm);
    }

    /** {@return the name, for reports and files} */
    @Override
    public String name() {
        return name;
    }

    /** {@return the alphabet 𝒳} */
    @Override
    public Alphabet alphabet() {
        return alphabet;
    }

    /** {@return the number of hidden states S (the dimension of every T(x))} */
    @Override
    public int states() {
        return one.length;
    }

    /** {@return |𝒳|} */
    @Override
    public int symbols() {
        return transfer.size();
    }

    /**
     * {@return the transfer operator T(x)}
     *
     * @param x the symbol index x
     */
    public Operator transfer(int x) {
        alphabet.requireSymbol(x);
        return transfer.get(x);
    }

    /** {@return all T(x), indexed by symbol (unmodifiable)} */
    public List<Operator> transfers() {
        return transfer;
    }

    /** {@return the net operator T = Σ<sub>x</sub> T(x) (eq. 2.1)} */
    public Operator net() {
        return net;
    }

    /** {@return |1⟩⟩, the right eigenvector of T with eigenvalue 1 (a copy)} */
    @Override
    public double[] one() {
        return one.clone();
    }

    /** {@return ⟨⟨η(∅)|, normalised so ⟨⟨η(∅)|1⟩⟩ = 1 (a copy)} */
    public double[] initial() {
        return initial.clone();
    }

    /** {@return whether every T(x) is non-negative and T is row-stochastic} */
    public boolean isHmm() {
        return hmm;
    }

    /**
     * {@return the predictor T(x)|1⟩⟩ of symbol x (computed anew on each call)}: Pr(x | η) = ⟨⟨η|T(x)|1⟩⟩ for every belief η. For an
     * HMM its entries are the emission probabilities Pr(x | s); for a GHMM they need not lie in [0, 1].
     *
     * @param x the symbol index x
     */
    public double[] predictor(int x) {
        alphabet.requireSymbol(x);
        return transfer.get(x).rightApply(one);
    }

    /**
     * What a filter of this process needs, on the operators {@link #optimised} picks.
     *
     * @return the description, built once
     */
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

    /** {@return the stationary vectors of T: per closed class for an HMM, an eigenspace basis otherwise} */
    public StationaryDistributions stationary() {
        return stationary(net, one, hmm);
    }

    /** The stationary vectors of a net operator T with right eigenvector |1⟩⟩: per closed class for an HMM, a basis otherwise. */
    static StationaryDistributions stationary(Operator net, double[] one, boolean hmm) {
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
     * {@return the finest partition every T(x) preserves, entries above {@code tolerance} counting as non-zero}
     *
     * @param tolerance absolute tolerance, finite and ≥ 0
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
        Tolerances.require(tolerance);
        if (partition.states() != states()) {
            throw new IllegalArgumentException("the process has " + states() + " states but the partition has " + partition.states());
        }
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

    /** ⟨⟨η|1⟩⟩ of a given initial vector, refusing a wrong length, a non-finite entry or a mass within tolerance of 0. */
    static double mass(double[] initial, double[] one) {
        Checks.requireLength("initial", initial, one.length);
        Checks.requireFinite("initial", initial);
        double mass = Vectors.dot(initial, one);
        if (!(Math.abs(mass) > TOLERANCE) || Double.isInfinite(mass)) {
            throw new IllegalArgumentException("the initial vector has ⟨⟨η|1⟩⟩ = " + mass + ": it cannot be normalised");
        }
        return mass;
    }

    /** The initial vector divided by its ⟨⟨η|1⟩⟩, in a new array. */
    static double[] normalisedInitial(double[] initial, double[] one) {
        double[] copy = initial.clone();
        Vectors.scale(copy, 1.0 / mass(initial, one));
        return copy;
    }
}
