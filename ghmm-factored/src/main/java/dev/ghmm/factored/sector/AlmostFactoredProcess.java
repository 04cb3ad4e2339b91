package dev.ghmm.factored.sector;

import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;

/**
 * Almost factored processes (section 2.2): joint GHMMs whose T(x) are block diagonal over the sectors of a
 * {@link SectorDecomposition} (eq. 2.14), with arbitrary blocks T<sub>σ</sub>(x) that need not factorise.
 */
public final class AlmostFactoredProcess {
    private AlmostFactoredProcess() {
    }

    /**
     * Builds the process with T(x) = ⊕<sub>σ</sub> T<sub>σ</sub>(x) from per-sector blocks, kept as
     * block-diagonal operators, and validates it as any {@link Ghmm} (in particular T<sub>tot</sub>|1⟩⟩ = |1⟩⟩).
     *
     * @param sectors  the decomposition
     * @param alphabet the symbols
     * @param blocks   {@code blocks[x][s]} = T<sub>σ</sub>(x) on V<sub>σ</sub> for sector s, of dimension dim V<sub>σ</sub>
     * @param initial  ⟨⟨η(∅)| on the joint space, or null for the unique stationary vector
     * @param one      |1⟩⟩, or null to derive it
     * @throws IllegalArgumentException on a wrong block count or shape, or whatever {@link GhmmBuilder#build} rejects
     * @return the process
     */
    public static Ghmm fromBlocks(SectorDecomposition sectors, Alphabet alphabet, double[][][][] blocks, double[] initial, double[] one) {
        if (blocks.length != alphabet.size()) {
            throw new IllegalArgumentException("got blocks for " + blocks.length + " symbols, the alphabet has " + alphabet.size());
        }
        GhmmBuilder builder = Ghmm.builder().name("afp");
        for (int x = 0; x < blocks.length; x++) {
            if (blocks[x].length != sectors.sectorCount()) {
                throw new IllegalArgumentException("symbol " + alphabet.name(x) + " has " + blocks[x].length + " blocks for "
                        + sectors.sectorCount() + " sectors");
            }
            Operator[] ops = new Operator[blocks[x].length];
            for (int s = 0; s < ops.length; s++) {
                try {
                    ops[s] = Operators.auto(blocks[x][s]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("block of symbol " + alphabet.name(x) + ", sector " + s + ": " + e.getMessage(), e);
                }
            }
            try {
                builder.symbol(alphabet.name(x), Operators.blockDiagonal(sectors.joint(), ops));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("symbol " + alphabet.name(x) + ": " + e.getMessage(), e);
            }
        }
        if (initial != null) {
            builder.initial(initial);
        }
        if (one != null) {
            builder.one(one);
        }
        return builder.build();
    }
}
