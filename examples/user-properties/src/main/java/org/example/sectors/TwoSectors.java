package org.example.sectors;

import dev.ghmm.partition.Partition;
import dev.ghmm.process.Ghmm;

/**
 * A user's own process: two sectors that never mix, over the symbols a and b. States 0 and 1 are a sticky coin (it
 * switches with probability p and emits the state it lands in); states 2 and 3 are "a, then b with probability 1 − p",
 * written in a basis that gives T(b) negative entries, so the whole is a GHMM and not an HMM.
 */
public final class TwoSectors {
    /** The partition the process preserves: {0, 1} | {2, 3}. */
    public static final Partition SECTORS = Partition.parse("0 1|2 3", 4);

    private TwoSectors() {
    }

    /**
     * The process for switching probability p ∈ [0, 1], starting in either sector with probability 1/2.
     *
     * @param p the switching probability
     * @return the process
     */
    public static Ghmm of(double p) {
        double q = 1 - p;
        return Ghmm.builder().name("two-sectors(p=" + p + ")")
                .symbol("a", new double[][] {{q, 0, 0, 0}, {p, 0, 0, 0}, {0, 0, 0, q}, {0, 0, 0, p}})
                .symbol("b", new double[][] {{0, p, 0, 0}, {0, q, 0, 0}, {0, 0, -q, -q}, {0, 0, q, q}})
                // T has eigenvalue 1 twice (once per sector): |1⟩⟩ is given, and so is the initial vector
                .one(new double[] {1, 1, 0, 1})
                .initial(new double[] {0.25, 0.25, 0.25, 0.5})
                .build();
    }
}
