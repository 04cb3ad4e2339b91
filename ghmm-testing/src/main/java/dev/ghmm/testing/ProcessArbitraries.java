package dev.ghmm.testing;

import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * jqwik arbitraries of processes, partitions, operators, beliefs and words, built from shrinkable numbers (not from a
 * seed), so a failing property shrinks to a small example with round entries: few states, zero entries, a trivial
 * partition, short words over the first symbols. Every number has at most 2 decimals (3 for {@link #invertible}).
 * Factored processes are in {@link FactoredArbitraries}; {@link ProcessReportingFormat} prints what they make.
 */
public final class ProcessArbitraries {
    private ProcessArbitraries() {
    }

    /** Weights in [0.05, 1] with 2 decimals: every transition and every word keeps a positive probability. */
    private static Arbitrary<List<Double>> weights(int size) {
        return Arbitraries.doubles().between(0.05, 1).ofScale(2).list().ofSize(size);
    }

    /** Weights in [0.05, 1] or, one time in three, 0 (and 0 is where they shrink to). */
    private static Arbitrary<List<Double>> sparseWeights(int size) {
        return Arbitraries.<Double>frequencyOf(Tuple.of(1, Arbitraries.just(0.0)),
                Tuple.of(2, Arbitraries.doubles().between(0.05, 1).ofScale(2))).list().ofSize(size);
    }

    private static double[] array(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---- processes

    /**
     * HMM transfer matrices T(x) on S states over |𝒳| symbols: the weights of each state's outgoing (symbol, next
     * state) pairs, about a third of them zero, normalised so that T is row-stochastic; a state whose weights are all
     * zero emits symbol 0 and stays.
     *
     * @param states  S
     * @param symbols |𝒳|
     * @return the arbitrary of T[x][i][j]
     */
    public static Arbitrary<double[][][]> transfers(int states, int symbols) {
        return sparseWeights(states * symbols * states).map(w -> {
            double[][][] t = new double[symbols][states][states];
            for (int i = 0; i < states; i++) {
                double total = 0;
                for (int k = i * symbols * states; k < (i + 1) * symbols * states; k++) {
                    total += w.get(k);
                }
                if (total == 0) {
                    t[0][i][i] = 1;
                    continue;
                }
                for (int x = 0; x < symbols; x++) {
                    for (int j = 0; j < states; j++) {
                        t[x][i][j] = w.get((i * symbols + x) * states + j) / total;
                    }
                }
            }
            return t;
        });
    }

    /**
     * HMMs on exactly S states over |𝒳| symbols: {@link #transfers} and a positive initial distribution.
     *
     * @param states  S
     * @param symbols |𝒳|
     * @return the arbitrary
     */
    public static Arbitrary<Ghmm> hmmsOf(int states, int symbols) {
        return Combinators.combine(transfers(states, symbols), weights(states)).as((t, initial) -> Ghmm.of(t, array(initial)));
    }

    /**
     * HMMs with S ∈ [1, maxStates] states and |𝒳| ∈ [1, maxSymbols] symbols ({@link #hmmsOf}).
     *
     * @param maxStates  largest S
     * @param maxSymbols largest |𝒳|
     * @return the arbitrary
     */
    public static Arbitrary<Ghmm> hmms(int maxStates, int maxSymbols) {
        return Combinators.combine(Arbitraries.integers().between(1, maxStates), Arbitraries.integers().between(1, maxSymbols))
                .flatAs(ProcessArbitraries::hmmsOf);
    }

    /**
     * GHMMs on exactly S states over |𝒳| symbols: similarity transforms P⁻¹T(x)P of {@link #hmmsOf HMMs} by
     * {@link #invertible} P ({@link Similarity#transform}), so their matrices have negative entries and their word
     * probabilities are those of the HMM.
     *
     * @param states  S
     * @param symbols |𝒳|
     * @return the arbitrary
     */
    public static Arbitrary<Ghmm> ghmmsOf(int states, int symbols) {
        return Combinators.combine(hmmsOf(states, symbols), invertible(states)).as(Similarity::transform);
    }

    /**
     * GHMMs with S ∈ [1, maxStates] states and |𝒳| ∈ [1, maxSymbols] symbols ({@link #ghmmsOf}).
     *
     * @param maxStates  largest S
     * @param maxSymbols largest |𝒳|
     * @return the arbitrary
     */
    public static Arbitrary<Ghmm> ghmms(int maxStates, int maxSymbols) {
        return Combinators.combine(Arbitraries.integers().between(1, maxStates), Arbitraries.integers().between(1, maxSymbols))
                .flatAs(ProcessArbitraries::ghmmsOf);
    }

    /**
     * HMMs and GHMMs, half each, with S ∈ [1, maxStates] and |𝒳| ∈ [1, maxSymbols]; a failure shrinks to an HMM if one
     * fails too.
     *
     * @param maxStates  largest S
     * @param maxSymbols largest |𝒳|
     * @return the arbitrary
     */
    public static Arbitrary<Ghmm> processes(int maxStates, int maxSymbols) {
        return Arbitraries.oneOf(hmms(maxStates, maxSymbols), ghmms(maxStates, maxSymbols));
    }

    /**
     * Direct sums ⊕<sub>k</sub> w<sub>k</sub> G<sub>k</sub> (eq. 2.12) of K ∈ [1, maxComponents] components, all HMMs or all
     * GHMMs with S<sub>k</sub> ∈ [1, maxStates] states each: component k has k + 2 symbols named "k", "k+1", …, so
     * neighbours share symbols; weight w<sub>0</sub> ∈ [0.1, 1], the others in [0, 1] (normalised by the sum).
     *
     * @param maxComponents largest K
     * @param maxStates     largest S<sub>k</sub>
     * @return the arbitrary
     */
    public static Arbitrary<DirectSum> directSums(int maxComponents, int maxStates) {
        return Combinators.combine(Arbitraries.integers().between(1, maxComponents), Arbitraries.of(false, true)).flatAs((components, generalised) -> {
            List<Arbitrary<Ghmm>> parts = new ArrayList<>();
            for (int k = 0; k < components; k++) {
                int symbols = k + 2;
                String[] names = new String[symbols];
                for (int y = 0; y < symbols; y++) {
                    names[y] = Integer.toString(k + y);
                }
                parts.add(Arbitraries.integers().between(1, maxStates)
                        .flatMap(s -> generalised ? ghmmsOf(s, symbols) : hmmsOf(s, symbols))
                        .map(g -> g.withSymbolNames(names)));
            }
            Arbitrary<List<Double>> weights = Arbitraries.doubles().between(0, 1).ofScale(2).list().ofSize(components - 1);
            return Combinators.combine(Combinators.combine(parts).as(list -> list), Arbitraries.doubles().between(0.1, 1).ofScale(2), weights)
                    .as((list, first, rest) -> {
                        double[] w = new double[components];
                        w[0] = first;
                        for (int k = 1; k < components; k++) {
                            w[k] = rest.get(k - 1);
                        }
                        return DirectSum.of(w, list.toArray(Ghmm[]::new));
                    });
        });
    }

    /**
     * Processes whose every T(x) preserves the partition (eq. 2.9), HMMs and GHMMs half each: on each sector an HMM's
     * {@link #transfers} (so T(x) is block-diagonal, eq. 2.14) with a positive initial distribution over all states;
     * the GHMMs are similarity transforms by a block-diagonal {@link #invertible} P, which keeps the blocks. The sectors
     * need not be contiguous.
     *
     * @param partition the partition of the S states
     * @param symbols   |𝒳|
     * @return the arbitrary
     */
    public static Arbitrary<Ghmm> preserving(Partition partition, int symbols) {
        int n = partition.states();
        List<Arbitrary<double[][][]>> blocks = new ArrayList<>();
        List<Arbitrary<DMatrixRMaj>> transforms = new ArrayList<>();
        for (int s = 0; s < partition.sectorCount(); s++) {
            blocks.add(transfers(partition.sectorSize(s), symbols));
            transforms.add(invertible(partition.sectorSize(s)));
        }
        Arbitrary<Ghmm> hmms = Combinators.combine(Combinators.combine(blocks).as(list -> list), weights(n)).as((list, initial) -> {
            double[][][] t = new double[symbols][n][n];
            for (int s = 0; s < list.size(); s++) {
                int[] members = partition.sector(s);
                for (int x = 0; x < symbols; x++) {
                    for (int i = 0; i < members.length; i++) {
                        for (int j = 0; j < members.length; j++) {
                            t[x][members[i]][members[j]] = list.get(s)[x][i][j];
                        }
                    }
                }
            }
            return Ghmm.of(t, array(initial));
        });
        Arbitrary<DMatrixRMaj> blockTransforms = Combinators.combine(transforms).as(list -> {
            DMatrixRMaj p = new DMatrixRMaj(n, n);
            for (int s = 0; s < list.size(); s++) {
                int[] members = partition.sector(s);
                for (int i = 0; i < members.length; i++) {
                    for (int j = 0; j < members.length; j++) {
                        p.set(members[i], members[j], list.get(s).get(i, j));
                    }
                }
            }
            return p;
        });
        return Arbitraries.oneOf(hmms, Combinators.combine(hmms, blockTransforms).as(Similarity::transform));
    }

    /**
     * K HMM variants on S states over |𝒳| symbols that share their emission probabilities Pr(x | s) (so every
     * T<sub>k</sub>(x)|1⟩⟩ is the same) and their initial distribution, and differ in their transitions: variants any
     * control map, cyclic ones included, may switch between without breaking T|1⟩⟩ = |1⟩⟩. Every entry is positive.
     *
     * @param states  S
     * @param symbols |𝒳|
     * @param count   K
     * @return the arbitrary
     */
    public static Arbitrary<List<Ghmm>> variants(int states, int symbols, int count) {
        return Combinators.combine(weights(states * symbols), weights(count * symbols * states * states), weights(states))
                .as((emission, transition, initial) -> {
                    List<Ghmm> out = new ArrayList<>();
                    for (int k = 0; k < count; k++) {
                        double[][][] t = new double[symbols][states][states];
                        for (int i = 0; i < states; i++) {
                            double e = 0;
                            for (int x = 0; x < symbols; x++) {
                                e += emission.get(i * symbols + x);
                            }
                            for (int x = 0; x < symbols; x++) {
                                double pr = emission.get(i * symbols + x) / e;
                                double row = 0;
                                int at = ((k * symbols + x) * states + i) * states;
                                for (int j = 0; j < states; j++) {
                                    row += transition.get(at + j);
                                }
                                for (int j = 0; j < states; j++) {
                                    t[x][i][j] = pr * transition.get(at + j) / row;
                                }
                            }
                        }
                        out.add(Ghmm.of(t, array(initial)));
                    }
                    return out;
                });
    }

    /**
     * Invertible n×n matrices I + E with entries of E in [−0.6/n, 0.6/n] (diagonally dominant), for similarity
     * transforms that turn HMMs into GHMMs with negative entries ({@link Similarity#transform}).
     *
     * @param n the size
     * @return the arbitrary
     */
    public static Arbitrary<DMatrixRMaj> invertible(int n) {
        double r = Math.floor(600.0 / n) / 1000; // representable at scale 3, as jqwik requires of the bounds
        return Arbitraries.doubles().between(-r, r).ofScale(3).list().ofSize(n * n).map(e -> {
            DMatrixRMaj p = CommonOps_DDRM.identity(n);
            for (int k = 0; k < n * n; k++) {
                p.data[k] += e.get(k);
            }
            return p;
        });
    }

    // ---- words

    /**
     * Words of length 0 to maxLength over |𝒳| symbols; they shrink to short words of symbol 0.
     *
     * @param symbols   |𝒳|
     * @param maxLength the longest length
     * @return the arbitrary
     */
    public static Arbitrary<int[]> words(int symbols, int maxLength) {
        return Arbitraries.integers().between(0, symbols - 1).array(int[].class).ofMaxSize(maxLength);
    }

    /**
     * Words of length 0 to maxLength that the process emits with positive probability: the t-th drawn symbol, or the
     * next one after it (cyclically) that the process predicts with probability above 1e-12 after the first t symbols.
     *
     * @param process   the process
     * @param maxLength the longest length
     * @return the arbitrary
     */
    public static Arbitrary<int[]> possibleWords(Process process, int maxLength) {
        return words(process.symbols(), maxLength).map(drawn -> {
            BeliefFilter filter = process.filter();
            int[] word = new int[drawn.length];
            for (int t = 0; t < drawn.length; t++) {
                double[] next = filter.nextSymbolDistribution();
                int x = drawn[t];
                while (!(next[x] > 1e-12)) {
                    x = (x + 1) % next.length;
                }
                filter.update(x);
                word[t] = x;
            }
            return word;
        });
    }

    // ---- vectors and beliefs

    /**
     * Vectors of n entries in [−1, 1].
     *
     * @param n the length
     * @return the arbitrary
     */
    public static Arbitrary<double[]> vectors(int n) {
        return Arbitraries.doubles().between(-1, 1).ofScale(2).list().ofSize(n).map(ProcessArbitraries::array);
    }

    /**
     * Beliefs (probability distributions) on n states: weights in [0, 1], not all zero, normalised to sum to one.
     * Zero entries are included, for the 0·log 0 of entropies.
     *
     * @param n the number of states
     * @return the arbitrary
     */
    public static Arbitrary<double[]> beliefs(int n) {
        return Arbitraries.doubles().between(0, 1).ofScale(2).list().ofSize(n)
                .filter(w -> w.stream().anyMatch(v -> v > 0))
                .map(w -> {
                    double[] p = array(w);
                    double total = Arrays.stream(p).sum();
                    for (int i = 0; i < n; i++) {
                        p[i] /= total;
                    }
                    return p;
                });
    }

    /**
     * The beliefs ⟨⟨η(w)| (eq. 2.3) of a process after its {@link #possibleWords} of length 0 to maxLength: the beliefs
     * a filter of the process actually reaches, shrinking to the initial belief.
     *
     * @param process   the process
     * @param maxLength the longest word
     * @return the arbitrary of joint beliefs, of length S
     */
    public static Arbitrary<double[]> beliefsOf(Process process, int maxLength) {
        return possibleWords(process, maxLength).map(process::beliefAfter);
    }

    // ---- matrices and operators

    /**
     * n×n matrices with entries in [−1, 1], each zero with a probability that is itself drawn, from 0 (dense) up to
     * about 1 − 1/(n+1) (about one non-zero per row).
     *
     * @param n the size
     * @return the arbitrary of m[i][j]
     */
    public static Arbitrary<double[][]> matrices(int n) {
        Arbitrary<Double> entry = Arbitraries.doubles().between(-1, 1).ofScale(2);
        return Arbitraries.integers().between(0, n).flatMap(zeros -> (zeros == 0 ? entry
                : Arbitraries.<Double>frequencyOf(Tuple.of(zeros, Arbitraries.just(0.0)), Tuple.of(1, entry)))
                .list().ofSize(n * n).map(e -> {
                    double[][] m = new double[n][n];
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            m[i][j] = e.get(i * n + j);
                        }
                    }
                    return m;
                }));
    }

    /** How a matrix is stored as an operator. */
    public enum Storage {
        /** {@link Operators#dense(double[][])}. */
        DENSE,
        /** {@link Operators#sparse(double[][])}. */
        SPARSE;

        /**
         * The operator of the matrix in this storage.
         *
         * @param m the matrix
         * @return the operator
         */
        public Operator of(double[][] m) {
            return this == DENSE ? Operators.dense(m) : Operators.sparse(m);
        }
    }

    /**
     * An operator with the matrix it was built from, so that expected values come from the matrix, not from the
     * operator under test.
     *
     * @param matrix   the matrix M
     * @param operator an operator of M
     */
    public record MatrixOperator(double[][] matrix, Operator operator) {
        /**
         * A deep copy of the matrix.
         *
         * @param matrix   the matrix M
         * @param operator an operator of M
         */
        public MatrixOperator {
            matrix = Vectors.copyRows(matrix);
        }

        /** {@return the matrix M (a deep copy)} */
        @Override
        public double[][] matrix() {
            return Vectors.copyRows(matrix);
        }

        /** Equal when the matrices are, by content, and the operators are equal. */
        @Override
        public boolean equals(Object o) {
            return o instanceof MatrixOperator m && Arrays.deepEquals(matrix, m.matrix) && operator.equals(m.operator);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.deepHashCode(matrix) + operator.hashCode();
        }

        @Override
        public String toString() {
            return operator + " of " + Arrays.deepToString(matrix);
        }
    }

    /**
     * {@link #matrices n×n matrices} stored dense or sparse.
     *
     * @param n the size
     * @return the arbitrary
     */
    public static Arbitrary<MatrixOperator> operators(int n) {
        return Combinators.combine(matrices(n), Arbitraries.of(Storage.class)).as((m, s) -> new MatrixOperator(m, s.of(m)));
    }

    // ---- partitions

    /**
     * Partitions of n states, from a list of n sector labels in [0, n−1] (renumbered in order of first appearance):
     * sectors need not be contiguous, and the labels shrink to the trivial partition.
     *
     * @param n the number of states
     * @return the arbitrary
     */
    public static Arbitrary<Partition> partitions(int n) {
        return Arbitraries.integers().between(0, n - 1).list().ofSize(n).map(labels -> {
            Map<Integer, Integer> renumber = new HashMap<>();
            int[] sector = new int[n];
            for (int i = 0; i < n; i++) {
                sector[i] = renumber.computeIfAbsent(labels.get(i), l -> renumber.size());
            }
            return Partition.fromLabels(sector);
        });
    }

    /**
     * Block-diagonal operators of a partition (eq. 2.14): one {@link #operators block} per sector, dense or sparse,
     * joined by {@link Operators#blockDiagonal}, with the n×n matrix that is the block of sector s on the states of s
     * and zero between sectors.
     *
     * @param partition the partition
     * @return the arbitrary
     */
    public static Arbitrary<MatrixOperator> blockDiagonal(Partition partition) {
        List<Arbitrary<MatrixOperator>> blocks = new ArrayList<>();
        for (int s = 0; s < partition.sectorCount(); s++) {
            blocks.add(operators(partition.sector(s).length));
        }
        return Combinators.combine(blocks).as(list -> {
            int n = partition.states();
            double[][] m = new double[n][n];
            Operator[] ops = new Operator[list.size()];
            for (int s = 0; s < ops.length; s++) {
                int[] members = partition.sector(s);
                double[][] block = list.get(s).matrix();
                for (int i = 0; i < members.length; i++) {
                    for (int j = 0; j < members.length; j++) {
                        m[members[i]][members[j]] = block[i][j];
                    }
                }
                ops[s] = list.get(s).operator();
            }
            return new MatrixOperator(m, Operators.blockDiagonal(partition, ops));
        });
    }
}
