package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.MixedRadix;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.testing.ProcessArbitraries;
import dev.ghmm.testing.Words;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fully conditional factors against the joint HMM materialised here entry by entry from the definition (docs/math.md,
 * "Fully conditional factors"): T(x)[s, s′] = Π<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)[s<sub>f</sub>, s′<sub>f</sub>] / Z(s)
 * (⟨⟨s|/|𝒳| where Z(s) = 0); separately chosen emission and transition variants against the specification's
 * per-factor recursion written here on plain arrays ("Conditional transitions"): Pr(x) = Π<sub>f</sub> η<sub>f</sub>T<sup>f</sup><sub>e</sub>(x<sub>f</sub>)𝟏,
 * η<sub>f</sub> ← η<sub>f</sub>T<sup>f</sup><sub>t</sub>(x<sub>f</sub>) / η<sub>f</sub>T<sup>f</sup><sub>t</sub>(x<sub>f</sub>)𝟏. The factors
 * are HMMs, sparse (Z(s) = 0 and undefined updates happen) or dense.
 */
class ConditionalProperties {

    /** Factors' variants, each factor's emission parents and tables, and its tables over all the other factors' symbols. */
    record Spec(Ghmm[][] variants, int[][] emissionParents, int[][] emissionTables, int[][] tables) {
        int count() {
            return variants.length;
        }

        int[] radix() {
            return Arrays.stream(variants).mapToInt(v -> v[0].symbols()).toArray();
        }

        int[] dims() {
            return Arrays.stream(variants).mapToInt(v -> v[0].states()).toArray();
        }

        /** The index of the symbols of the factors other than f in {@code tuple} (increasing order, the last fastest). */
        int others(int f, int[] tuple) {
            int i = 0;
            for (int g = 0; g < count(); g++) {
                if (g != f) {
                    i = i * variants[g][0].symbols() + tuple[g];
                }
            }
            return i;
        }

        int emission(int f, int[] tuple) {
            int i = 0;
            for (int q : emissionParents[f]) {
                i = i * variants[q][0].symbols() + tuple[q];
            }
            return emissionTables[f][i];
        }

        FactoredProcess fullyConditional() {
            FactoredProcess.Builder builder = FactoredProcess.builder().fullyConditional();
            for (Ghmm[] v : variants) {
                builder.factor(v);
            }
            for (int f = 0; f < count(); f++) {
                int factor = f;
                builder.control(f, IntStream.range(0, count()).filter(g -> g != factor).toArray(), tables[f]);
            }
            return builder.build();
        }

        FactoredProcess conditionalTransitions() {
            return ConditionalTransitions.of(variants, emissionParents, emissionTables, tables);
        }

        double[] initial() {
            return dev.ghmm.Vectors.kron(Arrays.stream(variants).map(v -> v[0].initial()).toArray(double[][]::new));
        }
    }

    private static Arbitrary<Ghmm> hmm(int states, int symbols, boolean sparse) {
        return sparse ? ProcessArbitraries.hmmsOf(states, symbols) : ProcessArbitraries.variants(states, symbols, 1).map(l -> l.get(0));
    }

    /** F ∈ [2, 3] factors of 1–2 states, 1–2 symbols and 1–3 HMM variants; chained emissions when {@code chain}. */
    private static Arbitrary<Spec> specs(boolean sparse, boolean chainedEmissions) {
        return Arbitraries.integers().between(2, 3).flatMap(count -> Combinators.combine(Arbitraries.integers().between(1, 2).list().ofSize(count),
                Arbitraries.integers().between(1, 2).list().ofSize(count), Arbitraries.integers().between(1, 3).list().ofSize(count),
                Arbitraries.of(false, chainedEmissions).list().ofSize(count)).flatAs((states, symbols, ks, chained) -> {
                    List<Arbitrary<List<Ghmm>>> factors = new ArrayList<>();
                    List<Arbitrary<List<Integer>>> tables = new ArrayList<>();
                    List<Arbitrary<List<Integer>>> emissions = new ArrayList<>();
                    int[][] parents = new int[count][];
                    for (int f = 0; f < count; f++) {
                        factors.add(hmm(states.get(f), symbols.get(f), sparse).list().ofSize(ks.get(f)));
                        int others = 1;
                        for (int g = 0; g < count; g++) {
                            others *= g == f ? 1 : symbols.get(g);
                        }
                        tables.add(Arbitraries.integers().between(0, ks.get(f) - 1).list().ofSize(others));
                        parents[f] = f > 0 && chained.get(f) ? new int[] {f - 1} : new int[0];
                        emissions.add(Arbitraries.integers().between(0, ks.get(f) - 1).list().ofSize(parents[f].length == 0 ? 1 : symbols.get(f - 1)));
                    }
                    return Combinators.combine(Combinators.combine(factors).as(l -> l), Combinators.combine(tables).as(l -> l),
                            Combinators.combine(emissions).as(l -> l)).as((v, t, e) -> new Spec(v.stream().map(l -> l.toArray(Ghmm[]::new))
                                    .toArray(Ghmm[][]::new), parents, ints(e), ints(t)));
                }));
    }

    private static int[][] ints(List<List<Integer>> lists) {
        return lists.stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
    }

    @Provide
    Arbitrary<Spec> fullyConditional() {
        return Arbitraries.of(true, false).flatMap(sparse -> specs(sparse, false));
    }

    @Provide
    Arbitrary<Spec> conditionalTransitions() {
        // positive variants: every transition variant can emit what an emission variant emits
        return specs(false, true);
    }

    private static double[][] dense(Ghmm g, int x) {
        return g.transfer(x).toArray();
    }

    /** One factor's entry of the joint operator: its symbol x[f], from state s[f] to state r[f]. */
    private interface FactorEntry {
        double of(Spec spec, int f, int[] x, int[] s, int[] r);
    }

    /**
     * The joint HMM with T(x)[s, r] = Π<sub>f</sub> entry(f, x, s, r), rows divided by Z(s) = Σ<sub>x, r</sub> T(x)[s, r]
     * when {@code normalise} (and ⟨⟨s|/|𝒳| where Z(s) = 0).
     */
    private static Ghmm joint(Spec spec, FactorEntry entry, boolean normalise) {
        int[] radix = spec.radix();
        int[] dims = spec.dims();
        int symbols = Arrays.stream(radix).reduce(1, (a, b) -> a * b);
        int states = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        double[][][] t = new double[symbols][states][states];
        int[] x = new int[spec.count()];
        int[] s = new int[spec.count()];
        int[] r = new int[spec.count()];
        for (int i = 0; i < states; i++) {
            MixedRadix.decode(dims, i, s);
            double z = 0.0;
            for (int c = 0; c < symbols; c++) {
                MixedRadix.decode(radix, c, x);
                for (int j = 0; j < states; j++) {
                    MixedRadix.decode(dims, j, r);
                    double v = 1.0;
                    for (int f = 0; f < spec.count(); f++) {
                        v *= entry.of(spec, f, x, s, r);
                    }
                    t[c][i][j] = v;
                    z += v;
                }
            }
            for (int c = 0; normalise && c < symbols; c++) {
                for (int j = 0; j < states; j++) {
                    t[c][i][j] = z == 0.0 ? (i == j ? 1.0 / symbols : 0.0) : t[c][i][j] / z;
                }
            }
        }
        return Ghmm.builder().transfers(t).initial(spec.initial()).one(dev.ghmm.Vectors.ones(states)).build();
    }

    /** The fully conditional joint HMM: the product of the chosen variants' entries, normalised per state. */
    static Ghmm fullyConditionalJoint(Spec spec) {
        return joint(spec, (sp, f, x, s, r) -> dense(sp.variants()[f][sp.tables()[f][sp.others(f, x)]], x[f])[s[f]][r[f]], true);
    }

    /**
     * The specification's recursion along {@code word}: the probability of the word and every factor's state after it,
     * or null when a factor's transition variant gives its emitted symbol probability 0 (the update is undefined) at a
     * symbol of positive probability; probability 0 stops the recursion.
     */
    static Object[] recursion(Spec spec, int[] word) {
        int count = spec.count();
        double[][] eta = new double[count][];
        for (int f = 0; f < count; f++) {
            eta[f] = spec.variants()[f][0].initial().clone();
        }
        int[] x = new int[count];
        double probability = 1.0;
        for (int c : word) {
            MixedRadix.decode(spec.radix(), c, x);
            for (int f = 0; f < count; f++) {
                probability *= Arrays.stream(times(eta[f], dense(spec.variants()[f][spec.emission(f, x)], x[f]))).sum();
            }
            if (probability == 0.0) {
                return new Object[] {0.0, eta};
            }
            for (int f = 0; f < count; f++) {
                double[] moved = times(eta[f], dense(spec.variants()[f][spec.tables()[f][spec.others(f, x)]], x[f]));
                double mass = Arrays.stream(moved).sum();
                if (mass == 0.0) {
                    return null;
                }
                eta[f] = Arrays.stream(moved).map(v -> v / mass).toArray();
            }
        }
        return new Object[] {probability, eta};
    }

    /** The row vector η times the matrix m. */
    private static double[] times(double[] eta, double[][] m) {
        double[] out = new double[m[0].length];
        for (int i = 0; i < eta.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += eta[i] * m[i][j];
            }
        }
        return out;
    }

    /** Along every word of length ≤ 3 of positive probability: the same distribution, joint belief and marginals. */
    private static void sameFilters(Process process, Ghmm reference, int[] dims) {
        int symbols = reference.symbols();
        for (int length = 1; length <= 3; length++) {
            for (int[] word : Words.all(symbols, length)) {
                BeliefFilter actual = process.filter();
                BeliefFilter expected = reference.filter();
                for (int x : word) {
                    assertArrays(expected.nextSymbolDistribution(), actual.nextSymbolDistribution(), "distribution");
                    if (expected.probability(x) == 0.0) {
                        break;
                    }
                    assertEquals(expected.update(x), actual.update(x), 1e-12);
                    double[] eta = expected.belief();
                    assertArrays(eta, actual.belief(), "belief after " + Arrays.toString(word));
                    for (int f = 0, stride = eta.length; f < dims.length; f++) {
                        stride /= dims[f];
                        double[] marginal = new double[dims[f]];
                        for (int i = 0; i < eta.length; i++) {
                            marginal[i / stride % dims[f]] += eta[i];
                        }
                        double[] part = new double[dims[f]];
                        actual.part(f, part, 0);
                        assertArrays(marginal, part, "marginal of factor " + f);
                    }
                }
            }
        }
    }

    private static void assertArrays(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12, what + "[" + i + "]");
        }
    }

    @Property(tries = 60)
    void fullyConditionalBeliefsAreTheExactJointPosterior(@ForAll("fullyConditional") Spec spec) {
        sameFilters(spec.fullyConditional(), fullyConditionalJoint(spec), spec.dims());
    }

    /**
     * Every word of length ≤ 3: the process gives the recursion's probability and factor states, or refuses the update
     * the recursion cannot make.
     */
    @Property(tries = 80)
    void conditionalTransitionsFollowTheSpecificationsRecursion(@ForAll("anyConditionalTransitions") Spec spec) {
        FactoredProcess process = spec.conditionalTransitions();
        for (int length = 1; length <= 3; length++) {
            for (int[] word : Words.all(process.symbols(), length)) {
                Object[] expected = recursion(spec, word);
                if (expected == null) {
                    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> process.probability(word), Arrays.toString(word));
                    continue;
                }
                double probability = (double) expected[0];
                assertEquals(probability, process.probability(word), 1e-12, Arrays.toString(word));
                if (probability == 0.0) {
                    continue;
                }
                BeliefFilter filter = process.filter();
                for (int c : word) {
                    filter.update(c);
                }
                double[][] eta = (double[][]) expected[1];
                for (int f = 0; f < spec.count(); f++) {
                    double[] part = new double[eta[f].length];
                    filter.part(f, part, 0);
                    assertArrays(eta[f], part, "factor " + f + " after " + Arrays.toString(word));
                }
                assertArrays(dev.ghmm.Vectors.kron(eta), filter.belief(), "belief after " + Arrays.toString(word));
            }
        }
    }

    @Provide
    Arbitrary<Spec> anyConditionalTransitions() {
        return Arbitraries.of(true, false).flatMap(sparse -> specs(sparse, true));
    }

    /**
     * Non-negative GHMM factors: each factor's variants in the gauge of one positive diagonal D (D⁻¹T(x)D, |1⟩⟩ = D⁻¹𝟏)
     * give every word the probability the HMM factors give (c<sub>f</sub> and Z are gauge-invariant).
     */
    @Property(tries = 40)
    void gaugedFactorsGiveTheSameWordProbabilities(@ForAll("fullyConditional") Spec spec,
                                                    @ForAll("diagonals") List<Double> diagonal) {
        Ghmm[][] gauged = new Ghmm[spec.count()][];
        for (int f = 0, at = 0; f < spec.count(); f++) {
            int d = spec.variants()[f][0].states();
            org.ejml.data.DMatrixRMaj p = new org.ejml.data.DMatrixRMaj(d, d);
            for (int i = 0; i < d; i++) {
                p.set(i, i, diagonal.get(at++));
            }
            gauged[f] = Arrays.stream(spec.variants()[f]).map(v -> dev.ghmm.testing.Similarity.transform(v, p)).toArray(Ghmm[]::new);
        }
        FactoredProcess hmm = spec.fullyConditional();
        FactoredProcess ghmm = new Spec(gauged, spec.emissionParents(), spec.emissionTables(), spec.tables()).fullyConditional();
        for (int length = 1; length <= 3; length++) {
            for (int[] word : Words.all(hmm.symbols(), length)) {
                double expected = hmm.probability(word);
                assertEquals(expected, ghmm.probability(word), 1e-12 * Math.max(1.0, expected), Arrays.toString(word));
            }
        }
    }

    @Provide
    Arbitrary<List<Double>> diagonals() {
        // 3 factors of at most 2 states
        return Arbitraries.doubles().between(0.2, 5.0).ofScale(3).list().ofSize(6);
    }

    @Property(tries = 60)
    void wordsOfEachLengthHaveProbabilitiesSummingToOne(@ForAll("fullyConditional") Spec fc, @ForAll("conditionalTransitions") Spec ct) {
        for (Process p : List.of(fc.fullyConditional(), ct.conditionalTransitions())) {
            for (int length = 1; length <= 3; length++) {
                double total = 0.0;
                for (int[] word : Words.all(p.symbols(), length)) {
                    total += p.probability(word);
                }
                assertEquals(1.0, total, 1e-12, p.name() + ", length " + length);
            }
        }
    }

    /**
     * From every point-mass factor state the first next-symbol law is the peer's normalised product of the factors'
     * conditionals (uniform where they vanish everywhere), and under separate variants the product of the emission
     * variants' conditionals, after which each factor is at its transition variant's normalised row.
     */
    @Property(tries = 60)
    void fromPointMassesTheFirstStepIsThePeersNormalisedProduct(@ForAll("fullyConditional") Spec spec) {
        pointMasses(spec, true);
    }

    @Property(tries = 60)
    void fromPointMassesSeparateVariantsEmitAndMoveAsThePeerSays(@ForAll("conditionalTransitions") Spec spec) {
        pointMasses(spec, false);
    }

    private static void pointMasses(Spec spec, boolean fullyConditional) {
        int[] radix = spec.radix();
        int[] dims = spec.dims();
        int states = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
        int symbols = Arrays.stream(radix).reduce(1, (a, b) -> a * b);
        FactoredProcess process = fullyConditional ? spec.fullyConditional() : spec.conditionalTransitions();
        int[] s = new int[spec.count()];
        int[] x = new int[spec.count()];
        for (int i = 0; i < states; i++) {
            MixedRadix.decode(dims, i, s);
            double[] point = new double[states];
            point[i] = 1.0;
            double[] product = new double[symbols];
            double[] emitted = new double[symbols];
            for (int c = 0; c < symbols; c++) {
                MixedRadix.decode(radix, c, x);
                product[c] = 1.0;
                emitted[c] = 1.0;
                for (int f = 0; f < spec.count(); f++) {
                    product[c] *= spec.variants()[f][spec.tables()[f][spec.others(f, x)]].predictor(x[f])[s[f]];
                    emitted[c] *= spec.variants()[f][spec.emission(f, x)].predictor(x[f])[s[f]];
                }
            }
            double z = Arrays.stream(product).sum();
            for (int c = 0; c < symbols; c++) {
                product[c] = z == 0.0 ? 1.0 / symbols : product[c] / z;
            }
            BeliefFilter separate = process.filter();
            if (fullyConditional) {
                separate.reset(point);
                assertArrays(product, separate.nextSymbolDistribution(), "fully conditional from " + Arrays.toString(s));
                continue;
            }
            separate.reset(point);
            assertArrays(emitted, separate.nextSymbolDistribution(), "conditional transitions from " + Arrays.toString(s));
            for (int c = 0; c < symbols; c++) {
                if (emitted[c] == 0.0) {
                    continue;
                }
                MixedRadix.decode(radix, c, x);
                separate.reset(point);
                separate.update(c);
                for (int f = 0; f < spec.count(); f++) {
                    double[] row = dense(spec.variants()[f][spec.tables()[f][spec.others(f, x)]], x[f])[s[f]].clone();
                    double mass = Arrays.stream(row).sum();
                    double[] part = new double[dims[f]];
                    separate.part(f, part, 0);
                    assertArrays(Arrays.stream(row).map(v -> v / mass).toArray(), part, "factor " + f + " after " + c);
                }
            }
        }
    }
}
