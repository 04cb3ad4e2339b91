package dev.ghmm.testing;

import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.ejml.data.DMatrixRMaj;

/**
 * jqwik arbitraries of factored processes (eq. 2.10, with control maps: eq. 2.21 of the AFP notes), built like
 * {@link ProcessArbitraries} from shrinkable numbers: they shrink to few factors of few states, independent ones first.
 * Under a cyclic map every factor's variants are {@link ProcessArbitraries#variants} (one emission distribution
 * Pr(x | s), so the map keeps T|1⟩⟩ = |1⟩⟩); under the other maps, which keep it whatever the variants, each variant has
 * its own emissions, so the variant chosen changes the factor's prediction, not only its update. Factors are of three
 * kinds: HMMs, GHMMs (the variants transformed by one {@link Similarity#transform similarity} P) or direct sums of two
 * such HMMs with weights (w, 1 − w), w ∈ [0.1, 0.9].
 */
public final class FactoredArbitraries {
    private FactoredArbitraries() {
    }

    /** How a factor's variant is chosen from the other factors' symbols. */
    public enum ControlMap {
        /** One variant per factor: the tensor product of independent factors ({@link FactoredProcess#of}). */
        INDEPENDENT,
        /** Factor f ≥ 1 has 1 to 3 variants, chosen by a drawn table from factor f − 1's symbol; factor 0 has one. */
        CHAIN,
        /** Every factor has 1 to 3 variants, chosen by a drawn table from the symbol of factor f − 1 mod F: a cycle. */
        CYCLIC,
        /**
         * A chain run backwards: factor f &lt; F − 1 has 1 to 3 variants chosen from factor f + 1's symbol, so children
         * precede their parents in factor order; the last factor has one.
         */
        REVERSED_CHAIN,
        /**
         * Factor f ≥ 2 has 1 to 3 variants chosen from the symbols of factors f − 2 and f − 1 (factor 1 from factor 0's
         * alone): acyclic, but not a forest; factor 0 has one.
         */
        TWO_PARENTS
    }

    /** What a factor is. */
    private enum Kind { HMM, GHMM, DIRECT_SUM }

    /**
     * Factored processes of every {@link ControlMap}, a fifth each.
     *
     * @param maxFactors largest F ≥ 2
     * @param maxStates  largest dimension of a factor's variants (a direct sum has twice that)
     * @param maxSymbols largest alphabet of a factor
     * @return the arbitrary
     * @throws IllegalArgumentException if maxFactors &lt; 2
     */
    public static Arbitrary<FactoredProcess> factored(int maxFactors, int maxStates, int maxSymbols) {
        requireFactors(maxFactors);
        return Arbitraries.of(ControlMap.class).flatMap(map -> factored(map, maxFactors, maxStates, maxSymbols));
    }

    /**
     * Factored processes of F ∈ [2, maxFactors] factors with the given control map: each factor of a kind drawn
     * uniformly (HMM, GHMM, direct sum), with S ∈ [1, maxStates] states, |𝒳| ∈ [1, maxSymbols] symbols, and 1 to 3
     * variants where the map chooses among them.
     *
     * @param map        how variants are chosen
     * @param maxFactors largest F ≥ 2
     * @param maxStates  largest dimension of a factor's variants (a direct sum has twice that)
     * @param maxSymbols largest alphabet of a factor
     * @return the arbitrary
     * @throws IllegalArgumentException if maxFactors &lt; 2
     */
    public static Arbitrary<FactoredProcess> factored(ControlMap map, int maxFactors, int maxStates, int maxSymbols) {
        requireFactors(maxFactors);
        return Arbitraries.integers().between(2, maxFactors).flatMap(f -> {
            Arbitrary<List<Kind>> kinds = Arbitraries.of(Kind.class).list().ofSize(f);
            Arbitrary<List<Integer>> variantCounts = Arbitraries.integers().between(1, 3).list().ofSize(f);
            return Combinators.combine(kinds, variantCounts).flatAs((ks, vs) -> {
                List<Arbitrary<List<Process>>> factors = new ArrayList<>();
                for (int g = 0; g < f; g++) {
                    boolean one = parents(map, g, f).length == 0;
                    factors.add(factor(ks.get(g), one ? 1 : vs.get(g), map == ControlMap.CYCLIC, maxStates, maxSymbols));
                }
                return Combinators.combine(factors).as(list -> list).flatMap(list -> withTables(map, list));
            });
        });
    }

    private static void requireFactors(int maxFactors) {
        if (maxFactors < 2) {
            throw new IllegalArgumentException("maxFactors " + maxFactors + " < 2: a factored process has at least 2 factors");
        }
    }

    private static Arbitrary<List<Process>> factor(Kind kind, int variants, boolean sharedEmissions, int maxStates, int maxSymbols) {
        Arbitrary<Integer> states = Arbitraries.integers().between(1, maxStates);
        Arbitrary<Integer> symbols = Arbitraries.integers().between(1, maxSymbols);
        return Combinators.combine(states, symbols).flatAs((s, x) -> switch (kind) {
            case HMM -> hmms(s, x, variants, sharedEmissions).map(List::<Process>copyOf);
            case GHMM -> Combinators.combine(hmms(s, x, variants, sharedEmissions), ProcessArbitraries.invertible(s))
                    .as(FactoredArbitraries::similar);
            case DIRECT_SUM -> Combinators.combine(hmms(s, x, variants, sharedEmissions), hmms(s, x, variants, sharedEmissions),
                    Arbitraries.doubles().between(0.1, 0.9).ofScale(2)).as((a, b, w) -> {
                        List<Process> sums = new ArrayList<>();
                        for (int k = 0; k < variants; k++) {
                            sums.add(DirectSum.of(new double[] {w, 1 - w}, a.get(k), b.get(k)));
                        }
                        return sums;
                    });
        });
    }

    /** K HMM variants on S states: {@link ProcessArbitraries#variants}, or K independent ones each with its own emissions. */
    private static Arbitrary<List<Ghmm>> hmms(int states, int symbols, int count, boolean sharedEmissions) {
        if (sharedEmissions) {
            return ProcessArbitraries.variants(states, symbols, count);
        }
        return ProcessArbitraries.variants(states, symbols, 1).list().ofSize(count).map(all -> all.stream().map(v -> v.get(0)).toList());
    }

    private static List<Process> similar(List<Ghmm> variants, DMatrixRMaj p) {
        List<Process> out = new ArrayList<>();
        for (Ghmm v : variants) {
            out.add(Similarity.transform(v, p));
        }
        return out;
    }

    /** The parents of factor g of {@code count} under the map. */
    private static int[] parents(ControlMap map, int g, int count) {
        return switch (map) {
            case INDEPENDENT -> new int[0];
            case CHAIN -> g == 0 ? new int[0] : new int[] {g - 1};
            case CYCLIC -> new int[] {(g + count - 1) % count};
            case REVERSED_CHAIN -> g == count - 1 ? new int[0] : new int[] {g + 1};
            case TWO_PARENTS -> g == 0 ? new int[0] : g == 1 ? new int[] {0} : new int[] {g - 2, g - 1};
        };
    }

    /** Control tables drawn for the map, then the process. */
    private static Arbitrary<FactoredProcess> withTables(ControlMap map, List<List<Process>> factors) {
        int f = factors.size();
        List<Arbitrary<List<Integer>>> tables = new ArrayList<>();
        for (int g = 0; g < f; g++) {
            int size = 1;
            for (int q : parents(map, g, f)) {
                size *= factors.get(q).get(0).symbols();
            }
            tables.add(Arbitraries.integers().between(0, factors.get(g).size() - 1).list().ofSize(parents(map, g, f).length == 0 ? 0 : size));
        }
        return Combinators.combine(tables).as(ts -> {
            FactoredProcess.Builder builder = FactoredProcess.builder();
            for (List<Process> variants : factors) {
                builder.factor(variants.toArray(Process[]::new));
            }
            for (int g = 0; g < f; g++) {
                if (!ts.get(g).isEmpty()) {
                    builder.control(g, parents(map, g, f), ts.get(g).stream().mapToInt(Integer::intValue).toArray());
                }
            }
            return builder.build();
        });
    }
}
