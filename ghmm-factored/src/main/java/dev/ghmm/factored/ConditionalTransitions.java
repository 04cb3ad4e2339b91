package dev.ghmm.factored;

import dev.ghmm.MixedRadix;
import dev.ghmm.process.Process;
import java.util.Arrays;

/**
 * Factors whose emission and transition variants are chosen separately (the Python peer's
 * {@code conditional_transitions} structure, its specification §4.4; docs/math.md, "Conditional transitions"): factor f
 * emits x<sub>f</sub> with its emission variant e = k<sup>e</sup><sub>f</sub>(x) (chosen by its emission parents'
 * symbols, which must form no cycle) and moves with its transition variant t = k<sup>t</sup><sub>f</sub>(x), chosen by
 * all the other factors' symbols: with one normalised state η<sub>f</sub> per factor,
 * <p>Pr(x) = Π<sub>f</sub> η<sub>f</sub>T<sup>f</sup><sub>e</sub>(x<sub>f</sub>)|1⟩⟩ / η<sub>f</sub>|1⟩⟩,   η<sub>f</sub> ← η<sub>f</sub>T<sup>f</sup><sub>t</sub>(x<sub>f</sub>) / η<sub>f</sub>T<sup>f</sup><sub>t</sub>(x<sub>f</sub>)|1⟩⟩
 * <p>
 * ({@link dev.ghmm.belief.EmissionTransitionModel}). The process is a {@link FactoredProcess} whose control map is the
 * transition map and which carries the emission map; unless the two agree on every symbol it has no joint GHMM.
 */
public final class ConditionalTransitions {
    private ConditionalTransitions() {
    }

    /**
     * The factored process of separately chosen emission and transition variants.
     *
     * @param variants         variants[f][k]: factor f's variants (one alphabet, dimension and |1⟩⟩ each)
     * @param emissionParents  per factor, the factors whose symbols choose its emission variant ({} for a constant one)
     * @param emissionTables   per factor, its emission variant for each combination of its emission parents' symbols
     *                         (lexicographic, the last parent fastest)
     * @param transitionTables per factor, its transition variant for each combination of all the other factors' symbols
     *                         (in increasing factor order, the last fastest)
     * @return the process
     * @throws IllegalArgumentException on tables of the wrong length or with entries out of range, or emission parents
     *                                  that form a cycle, naming the factor
     */
    public static FactoredProcess of(Process[][] variants, int[][] emissionParents, int[][] emissionTables, int[][] transitionTables) {
        int count = variants.length;
        if (emissionParents.length != count || emissionTables.length != count || transitionTables.length != count) {
            throw new IllegalArgumentException("got " + count + " factors, " + emissionParents.length + " emission parent lists, "
                    + emissionTables.length + " emission tables and " + transitionTables.length + " transition tables");
        }
        int[] radix = Arrays.stream(variants).mapToInt(v -> v[0].symbols()).toArray();
        FactoredProcess.Builder builder = FactoredProcess.builder();
        for (int f = 0; f < count; f++) {
            int[] others = FactoredProcess.others(f, count);
            int combinations = MixedRadix.size("the other factors' symbols of factor " + f, Arrays.stream(others).map(g -> radix[g]).toArray());
            require(transitionTables[f], combinations, variants[f].length, "transition table", f);
            for (int q : emissionParents[f]) {
                if (q < 0 || q >= count || q == f) {
                    throw new IllegalArgumentException("factor " + f + " has emission parent " + q + ": parents are other factors in [0, " + count + ")");
                }
            }
            int emissionSize = MixedRadix.size("the emission parents' symbols of factor " + f,
                    Arrays.stream(emissionParents[f]).map(g -> radix[g]).toArray());
            require(emissionTables[f], emissionSize, variants[f].length, "emission table", f);
            builder.factor(variants[f]).control(f, others, transitionTables[f]).emission(f, emissionParents[f], emissionTables[f]);
        }
        requireAcyclic(emissionParents);
        return builder.build();
    }

    private static void require(int[] table, int length, int variants, String what, int f) {
        if (table.length != length) {
            throw new IllegalArgumentException("the " + what + " of factor " + f + " has length " + table.length + " but needs " + length);
        }
        for (int i = 0; i < length; i++) {
            if (table[i] < 0 || table[i] >= variants) {
                throw new IllegalArgumentException("the " + what + " of factor " + f + " gives variant " + table[i] + " at entry " + i
                        + " but factor " + f + " has " + variants + " variants");
            }
        }
    }

    /** Emission parents must form no cycle (the emission law is drawn factor by factor). */
    private static void requireAcyclic(int[][] parents) {
        int count = parents.length;
        int[] state = new int[count];
        for (int f = 0; f < count; f++) {
            visit(f, parents, state);
        }
    }

    private static void visit(int f, int[][] parents, int[] state) {
        if (state[f] == 2) {
            return;
        }
        if (state[f] == 1) {
            throw new IllegalArgumentException("the emission parents form a cycle through factor " + f
                    + ": emissions are constant or chosen by earlier factors (for a cycle use the fully conditional structure)");
        }
        state[f] = 1;
        for (int q : parents[f]) {
            visit(q, parents, state);
        }
        state[f] = 2;
    }
}
