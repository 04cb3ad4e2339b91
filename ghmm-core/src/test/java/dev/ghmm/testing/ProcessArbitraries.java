package dev.ghmm.testing;

import dev.ghmm.process.Ghmm;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * jqwik arbitraries of processes, built from shrinkable numbers (not from a seed), so a failing property shrinks to
 * a small process with round entries.
 */
public final class ProcessArbitraries {
    private ProcessArbitraries() {
    }

    /** Weights in [0.05, 1] with 2 decimals: every transition and every word keeps a positive probability. */
    private static Arbitrary<List<Double>> weights(int size) {
        return Arbitraries.doubles().between(0.05, 1).ofScale(2).list().ofSize(size);
    }

    /**
     * HMMs with S ∈ [1, maxStates] states and |𝒳| ∈ [1, maxSymbols] symbols, every entry of every T(x) positive, and a
     * positive initial distribution.
     *
     * @param maxStates  largest S
     * @param maxSymbols largest |𝒳|
     * @return the arbitrary
     */
    public static Arbitrary<Ghmm> hmms(int maxStates, int maxSymbols) {
        return Combinators.combine(Arbitraries.integers().between(1, maxStates), Arbitraries.integers().between(1, maxSymbols))
                .flatAs((s, x) -> variants(s, x, 1).map(v -> v.get(0)));
    }

    /**
     * K HMM variants on S states over |𝒳| symbols that share their emission probabilities Pr(x | s) (so every
     * T<sub>k</sub>(x)|1⟩⟩ is the same) and their initial distribution, and differ in their transitions: variants any
     * control map, cyclic ones included, may switch between without breaking T|1⟩⟩ = |1⟩⟩.
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
                        out.add(Ghmm.of(t, initial.stream().mapToDouble(Double::doubleValue).toArray()));
                    }
                    return out;
                });
    }

    /**
     * Invertible n×n matrices I + E with entries of E in [−0.6/n, 0.6/n] (diagonally dominant), for similarity
     * transforms that turn HMMs into GHMMs with negative entries ({@link RandomProcesses#similar}).
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
}
