package dev.ghmm.process;

import dev.ghmm.internal.Checks;
import dev.ghmm.Vectors;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Builds a {@link Ghmm}, validating everything before anything is returned: square operators of one
 * dimension, finite entries, HMM conditions when required, T|1⟩⟩ = |1⟩⟩, ⟨⟨η|1⟩⟩ ≠ 0.
 */
public final class GhmmBuilder {
    private String name = "ghmm";
    private final List<String> names = new ArrayList<>();
    private final List<Operator> ops = new ArrayList<>();
    private double[] initial;
    private double[] one;
    private boolean requireHmm;
    private boolean normalise;

    GhmmBuilder() {
    }

    /**
     * Sets the name.
     *
     * @param name the name
     * @return this builder
     */
    public GhmmBuilder name(String name) {
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
    public GhmmBuilder symbol(String symbol, Operator t) {
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
    public GhmmBuilder symbol(String symbol, double[][] t) {
        return symbol(symbol, operator(symbol, t));
    }

    /**
     * Adds a symbol with a dense EJML matrix.
     *
     * @param symbol the symbol name
     * @param t the operator or matrix
     * @return this builder
     */
    public GhmmBuilder symbol(String symbol, DMatrixRMaj t) {
        return symbol(symbol, Operators.dense(t));
    }

    /**
     * Adds one symbol per matrix, T(x) = {@code t[x]}, named "0", "1", … (continuing the count).
     *
     * @param t the matrices, each S × S
     * @return this builder
     */
    public GhmmBuilder transfers(double[][][] t) {
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
    public GhmmBuilder initial(double[] initial) {
        if (initial == null) {
            throw new IllegalArgumentException("initial is null");
        }
        this.initial = initial.clone();
        return this;
    }

    /**
     * Sets |1⟩⟩, needed when the eigenvalue-1 eigenspace of T is degenerate.
     *
     * @param one |1⟩⟩ of the process
     * @return this builder
     */
    public GhmmBuilder one(double[] one) {
        if (one == null) {
            throw new IllegalArgumentException("|1⟩⟩ is null");
        }
        this.one = one.clone();
        return this;
    }

    /**
     * Requires an HMM: non-negative entries, row-stochastic T and a non-negative {@link #initial} (a probability
     * distribution once normalised), else {@link #build} throws.
     *
     * @return this builder
     */
    public GhmmBuilder requireHmm() {
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
    public GhmmBuilder normalise() {
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
     * @throws IllegalArgumentException on an empty alphabet, mismatched dimensions, a negative entry,
     *                                  a row sum off 1 or a negative initial entry when an HMM is required, T|1⟩⟩ ≠ |1⟩⟩, no eigenvalue 1,
     *                                  a degenerate eigenvalue-1 eigenspace without |1⟩⟩, no unique
     *                                  stationary vector without an initial vector, ⟨⟨η|1⟩⟩ = 0, or (an HMM) a closed class
     *                                  whose stationary solve fails on the entries (an outflow that underflows to 0)
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
        Operator net = Operators.sum(ops);
        if (normalise) {
            double radius = Spectral.leadingEigenvalue(net);
            ops.replaceAll(t -> Operators.scale(t, 1.0 / radius));
            net = Operators.sum(ops);
        }
        String negative = firstNegative(alphabet, ops);
        double[] rowSums = net.rightApply(Vectors.ones(n));
        int offRow = -1;
        for (int i = 0; i < n && offRow < 0; i++) {
            if (Math.abs(rowSums[i] - 1.0) > Ghmm.TOLERANCE) {
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
        if (requireHmm && initial != null) {
            for (int i = 0; i < initial.length; i++) {
                if (initial[i] < 0) {
                    throw new IllegalArgumentException("not an HMM: initial[" + i + "] = " + initial[i]
                            + " is negative; an HMM's initial vector is a probability distribution");
                }
            }
        }
        double[] eta = initial;
        if (eta == null) {
            eta = uniqueStationary(net, oneVector, hmm);
        } else if (one == null && !stochastic) {
            // |1⟩⟩ was computed up to scale: fix its scale by the given η rather than rescale η
            Vectors.scale(oneVector, 1.0 / Ghmm.mass(eta, oneVector));
        }
        Ghmm built = new Ghmm(name, alphabet, ops, net, Ghmm.normalisedInitial(eta, oneVector), oneVector, hmm);
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
            if (Math.abs(image[i] - one[i]) > Ghmm.TOLERANCE * Math.max(1.0, Vectors.maxAbs(one))) {
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
                    + ": |1⟩⟩ is not determined; give it as \"one\"");
        }
        return basis.get(0);
    }

    private static double[] uniqueStationary(Operator net, double[] one, boolean hmm) {
        StationaryDistributions stationary = Ghmm.stationary(net, one, hmm);
        if (!stationary.isUnique()) {
            throw new IllegalArgumentException("T has " + stationary.distributions().size()
                    + " independent stationary vectors, so the initial belief is not determined; give it as \"initial\"");
        }
        return stationary.distributions().get(0);
    }
}
