package dev.ghmm.factored;

import dev.ghmm.MixedRadix;
import dev.ghmm.operator.Operator;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * Factors whose emission and transition variants are chosen separately (the Python peer's
 * {@code conditional_transitions} structure; docs/math.md, "Conditional transitions"): from the tuple of factor states
 * s, factor f emits x<sub>f</sub> with its emission variant e = k<sup>e</sup><sub>f</sub>(x) (chosen by its emission
 * parents' symbols, which must form no cycle), then moves with its transition variant t = k<sup>t</sup><sub>f</sub>(x),
 * chosen by all the other factors' symbols, conditioned on the symbol it emitted:
 * <p>A<sup>f</sup><sub>e,t</sub>(y) = D(T<sup>f</sup><sub>e</sub>(y)|1⟩⟩ / T<sup>f</sup><sub>t</sub>(y)|1⟩⟩) T<sup>f</sup><sub>t</sub>(y),   A<sup>f</sup><sub>e,t</sub>(y)|1⟩⟩ = T<sup>f</sup><sub>e</sub>(y)|1⟩⟩,
 * <p>
 * and A<sup>f</sup><sub>k,k</sub> = T<sup>f</sup><sub>k</sub>. The process is the {@link FactoredProcess} whose factor f
 * has one variant per pair (e, t) that occurs, chosen by all the other factors' symbols: T(x) = ⊗<sub>f</sub>
 * A<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>), so its belief stays a product, each factor updated by its pair's
 * operator. From a point-mass factor state this is the peer's update; from a mixed one the peer updates with
 * T<sup>f</sup><sub>t</sub>(y) alone, weighing the states by the transition variant's likelihood instead of the
 * emission variant's.
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
     * @throws IllegalArgumentException on tables of the wrong length or with entries out of range, emission parents that
     *                                  form a cycle, a factor with negative entries among variants paired differently, or
     *                                  a pair whose transition variant cannot emit a symbol its emission variant emits
     *                                  (the update is then undefined), naming the factor, variants, symbol and state
     */
    public static FactoredProcess of(Process[][] variants, int[][] emissionParents, int[][] emissionTables, int[][] transitionTables) {
        int count = variants.length;
        if (emissionParents.length != count || emissionTables.length != count || transitionTables.length != count) {
            throw new IllegalArgumentException("got " + count + " factors, " + emissionParents.length + " emission parent lists, "
                    + emissionTables.length + " emission tables and " + transitionTables.length + " transition tables");
        }
        int[] radix = Arrays.stream(variants).mapToInt(v -> v[0].symbols()).toArray();
        FactoredProcess.Builder builder = FactoredProcess.builder();
        int[][] others = new int[count][];
        int[][] pairTables = new int[count][];
        for (int f = 0; f < count; f++) {
            int factor = f;
            others[f] = java.util.stream.IntStream.range(0, count).filter(g -> g != factor).toArray();
            int[] otherRadix = Arrays.stream(others[f]).map(g -> radix[g]).toArray();
            int combinations = MixedRadix.size("the other factors' symbols of factor " + f, otherRadix);
            require(transitionTables[f], combinations, variants[f].length, "transition table", f);
            int emissionSize = MixedRadix.size("the emission parents' symbols of factor " + f,
                    Arrays.stream(emissionParents[f]).map(g -> radix[g]).toArray());
            require(emissionTables[f], emissionSize, variants[f].length, "emission table", f);
            for (int q : emissionParents[f]) {
                if (q < 0 || q >= count || q == f) {
                    throw new IllegalArgumentException("factor " + f + " has emission parent " + q + ": parents are other factors in [0, " + count + ")");
                }
            }
            Map<Long, Integer> pairs = new LinkedHashMap<>();
            List<Process> derived = new ArrayList<>();
            pairTables[f] = new int[combinations];
            int[] tuple = new int[count];
            int[] digits = new int[others[f].length];
            for (int c = 0; c < combinations; c++) {
                MixedRadix.decode(otherRadix, c, digits);
                for (int i = 0; i < digits.length; i++) {
                    tuple[others[f][i]] = digits[i];
                }
                int e = emissionTables[f][index(emissionParents[f], tuple, radix)];
                int t = transitionTables[f][c];
                Integer k = pairs.get(((long) e << 32) | t);
                if (k == null) {
                    k = derived.size();
                    pairs.put(((long) e << 32) | t, k);
                    derived.add(e == t ? variants[f][e] : pair(variants[f], e, t, f));
                }
                pairTables[f][c] = k;
            }
            if (derived.get(0) != variants[f][0]) {
                // the factor's initial belief is its variant 0's, whichever pair comes first
                derived.set(0, derived.get(0).joint().withInitial(variants[f][0].joint().initial()));
            }
            builder.factor(derived.toArray(Process[]::new));
            if (derived.size() > 1) {
                builder.control(f, others[f], pairTables[f]);
            }
        }
        requireAcyclic(emissionParents);
        return builder.build();
    }

    /** The emission table index of the emission parents' symbols in {@code tuple}. */
    private static int index(int[] parents, int[] tuple, int[] radix) {
        int i = 0;
        for (int q : parents) {
            i = i * radix[q] + tuple[q];
        }
        return i;
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

    /** A<sub>e,t</sub>(y) = D(T<sub>e</sub>(y)|1⟩⟩ / T<sub>t</sub>(y)|1⟩⟩) T<sub>t</sub>(y) for every symbol y. */
    private static Ghmm pair(Process[] variants, int e, int t, int f) {
        Ghmm emit = variants[e].joint();
        Ghmm move = variants[t].joint();
        for (Ghmm g : List.of(emit, move)) {
            if (g.transfers().stream().anyMatch(op -> !op.isNonNegative())) {
                throw new IllegalArgumentException("factor " + f + " has a variant with negative entries: separate emission and transition"
                        + " variants need non-negative ones");
            }
        }
        int d = move.states();
        GhmmBuilder builder = Ghmm.builder().name("emit " + emit.name() + ", move " + move.name()).initial(variants[0].joint().initial())
                .one(move.one());
        for (int y = 0; y < move.symbols(); y++) {
            double[] want = emit.predictor(y);
            double[] have = move.predictor(y);
            DMatrixRMaj a = move.transfer(y).toDense();
            for (int s = 0; s < d; s++) {
                if (want[s] == 0.0) {
                    for (int j = 0; j < d; j++) {
                        a.set(s, j, 0.0);
                    }
                    continue;
                }
                if (have[s] == 0.0) {
                    throw new IllegalArgumentException("factor " + f + ": emission variant " + e + " emits symbol " + y + " from state " + s
                            + " but transition variant " + t + " cannot, so the update after it is undefined");
                }
                double r = want[s] / have[s];
                for (int j = 0; j < d; j++) {
                    a.set(s, j, a.get(s, j) * r);
                }
            }
            Operator op = dev.ghmm.operator.Operators.optimise(dev.ghmm.operator.Operators.dense(a));
            builder.symbol(move.alphabet().name(y), op);
        }
        return builder.build();
    }
}
