package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.Vectors;
import dev.ghmm.process.Ghmm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link SparseComposite#of}'s verdict on left-out tuples against brute force: for independent HMM factors with sparse
 * operators (entries 0, of order 1, or of order 1e-13) and a random sparse encoding, it refuses iff some listed word of
 * length at most S (the joint states) has positive probability and is followed by a left-out tuple with positive
 * probability.
 */
class SparseCompositeProperties {
    /** A random HMM of 1–3 states on 2 tokens: each entry 0 (probability 0.6), of order 1, or of order 1e-13; rows sum to 1. */
    private static Ghmm sparseHmm(Random random) {
        int n = 1 + random.nextInt(3);
        double[][][] t = new double[2][n][n];
        for (int s = 0; s < n; s++) {
            double sum = 0;
            for (int x = 0; x < 2; x++) {
                for (int k = 0; k < n; k++) {
                    double u = random.nextDouble();
                    t[x][s][k] = u < 0.6 ? 0 : u < 0.9 ? 0.1 + random.nextDouble() : 1e-13 * (0.1 + random.nextDouble());
                    sum += t[x][s][k];
                }
            }
            if (sum == 0) {
                t[random.nextInt(2)][s][random.nextInt(n)] = sum = 1;
            }
            for (int x = 0; x < 2; x++) {
                for (int k = 0; k < n; k++) {
                    t[x][s][k] /= sum;
                }
            }
        }
        double[] initial = new double[n];
        initial[random.nextInt(n)] = 1;
        return Ghmm.of(t, initial);
    }

    @Provide
    Arbitrary<Random> randoms() {
        return Arbitraries.longs().map(Random::new);
    }

    @Property(tries = 300)
    void theVerdictOnLeftOutTuplesIsBruteForceReachability(@ForAll("randoms") Random random) {
        FactoredProcess full = FactoredProcess.of(sparseHmm(random), sparseHmm(random));
        int mask = 1 + random.nextInt(15);
        List<int[]> tuples = new ArrayList<>();
        for (int y = 0; y < 4; y++) {
            if ((mask >> y & 1) != 0) {
                tuples.add(new int[] {y / 2, y % 2});
            }
        }
        CompositeEncoding encoding = CompositeEncoding.explicit(tuples.toArray(new int[0][]));
        Ghmm joint = full.joint();
        int[] listed = tuples.stream().mapToInt(full::encode).toArray();
        boolean reachable = reachable(joint, listed, joint.initial(), joint.states());
        boolean refused;
        try {
            SparseComposite.of(full, encoding);
            refused = false;
        } catch (IllegalArgumentException e) {
            refused = true;
        }
        assertEquals(reachable, refused, full + " " + encoding);
    }

    /** Whether a left-out tuple has positive probability after v (unnormalised, non-negative) or a listed word of at most depth tokens after it. */
    private static boolean reachable(Ghmm joint, int[] listed, double[] v, int depth) {
        if (Vectors.dot(v, joint.one()) == 0) {
            return false;
        }
        for (int y = 0; y < joint.alphabet().size(); y++) {
            final int symbol = y;
            if (java.util.Arrays.stream(listed).noneMatch(x -> x == symbol)
                    && Vectors.dot(joint.transfer(y).leftApply(v), joint.one()) > 0) {
                return true;
            }
        }
        if (depth > 0) {
            for (int x : listed) {
                if (reachable(joint, listed, joint.transfer(x).leftApply(v), depth - 1)) {
                    return true;
                }
            }
        }
        return false;
    }
}
