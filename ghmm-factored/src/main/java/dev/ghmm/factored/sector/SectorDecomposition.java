package dev.ghmm.factored.sector;

import dev.ghmm.internal.Checks;
import dev.ghmm.MixedRadix;
import dev.ghmm.Vectors;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Ghmm;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.GhmmBuilder;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The sector decomposition of V = ⊗<sub>f</sub> (⊕<sub>i</sub> I<sub>i</sub><sup>(f)</sup>) (eq. 2.5) into
 * V ≅ ⊕<sub>σ</sub> V<sub>σ</sub>, V<sub>σ</sub> = ⊗<sub>f</sub> I<sub>σ(f)</sub><sup>(f)</sup> (eq. 2.6–2.8),
 * from one partition per factor (factors may have different numbers of sectors). Sectors σ are numbered
 * lexicographically in their tuples (σ(1), …, σ(F)), last factor fastest; their index sets are in the
 * joint lexicographic basis of eq. 2.19. Immutable.
 */
public final class SectorDecomposition {
    private final Partition[] factors;
    private final Partition joint;

    private SectorDecomposition(Partition[] factors) {
        if (factors.length == 0) {
            throw new IllegalArgumentException("a sector decomposition needs at least one factor partition");
        }
        this.factors = factors.clone();
        this.joint = Partition.kron(factors);
    }

    /**
     * {@return the decomposition induced by the given per-factor partitions I<sup>(f)</sup> = ⊕<sub>i</sub>
     * I<sub>i</sub><sup>(f)</sup>}
     *
     * @param factorPartitions one partition per factor
     */
    public static SectorDecomposition of(Partition... factorPartitions) {
        return new SectorDecomposition(factorPartitions);
    }

    /** {@return the number of factors F} */
    public int factorCount() {
        return factors.length;
    }

    /**
     * {@return the partition of factor f}
     *
     * @param f the factor index (0-based)
     */
    public Partition factor(int f) {
        return factors[f];
    }

    /** {@return the factor dimensions d<sub>f</sub>} */
    public int[] dimensions() {
        return Arrays.stream(factors).mapToInt(Partition::states).toArray();
    }

    /**
     * {@return the partition V = ⊕<sub>σ</sub> V<sub>σ</sub> of the joint space into sectors (eq. 2.8)}; its
     * sector s holds the joint state indices of V<sub>σ</sub>, increasing.
     */
    public Partition partition() {
        return joint;
    }

    /** {@return the number of sectors, Π<sub>f</sub> N<sub>f</sub>} */
    public int sectorCount() {
        return joint.sectorCount();
    }

    /**
     * {@return the tuple σ = (σ(1), …, σ(F)) of sector s (0-based factor sectors)}
     *
     * @param s the sector index
     */
    public int[] tuple(int s) {
        Checks.requireIndex("sector", s, sectorCount());
        int[] sigma = new int[factors.length];
        MixedRadix.decode(sectorCounts(), s, sigma);
        return sigma;
    }

    /**
     * {@return the index s of the sector with tuple σ}, the inverse of {@link #tuple(int)}.
     *
     * @param sigma the sector tuple σ, one sector index per factor
     */
    public int index(int... sigma) {
        if (sigma.length != factors.length) {
            throw new IllegalArgumentException("sector tuple has " + sigma.length + " entries for " + factors.length + " factors");
        }
        for (int f = 0; f < factors.length; f++) {
            Checks.requireIndex("sector of factor " + f, sigma[f], factors[f].sectorCount());
        }
        return MixedRadix.encode(sectorCounts(), sigma);
    }

    private int[] sectorCounts() {
        return java.util.Arrays.stream(factors).mapToInt(Partition::sectorCount).toArray();
    }

    /**
     * {@return dim V<sub>σ</sub> = Π<sub>f</sub> |I<sub>σ(f)</sub><sup>(f)</sup>| for sector s}
     *
     * @param s the sector index
     */
    public int dimension(int s) {
        return joint.sectorSize(s);
    }

    /**
     * {@return the sectors whose factor f lies in its sector i: all σ with σ(f) = i}
     *
     * @param f the factor index (0-based)
     * @param i the row
     */
    public int[] sectorsWhere(int f, int i) {
        Checks.requireIndex("factor", f, factors.length);
        Checks.requireIndex("sector of factor " + f, i, factors[f].sectorCount());
        return IntStream.range(0, sectorCount()).filter(s -> tuple(s)[f] == i).toArray();
    }

    /**
     * {@return the almost factored process with T(x) = ⊕<sub>σ</sub> T<sub>σ</sub>(x) (eq. 2.14)}, kept as
     * block-diagonal operators, from per-sector blocks that need not factorise; it is validated as any
     * {@link Ghmm} (in particular T<sub>tot</sub>|1⟩⟩ = |1⟩⟩). It preserves {@link #partition()} by construction.
     *
     * @param alphabet the symbols
     * @param blocks   {@code blocks[x][s]} = T<sub>σ</sub>(x) on V<sub>σ</sub> for sector s, of dimension dim V<sub>σ</sub>
     * @param initial  ⟨⟨η(∅)| on the joint space, or null for the unique stationary vector
     * @param one      |1⟩⟩, or null to derive it
     * @throws IllegalArgumentException on a wrong block count or shape, or whatever {@link GhmmBuilder#build} rejects
     */
    public Ghmm process(Alphabet alphabet, double[][][][] blocks, double[] initial, double[] one) {
        if (blocks.length != alphabet.size()) {
            throw new IllegalArgumentException("got blocks for " + blocks.length + " symbols, the alphabet has " + alphabet.size());
        }
        GhmmBuilder builder = Ghmm.builder().name("afp");
        for (int x = 0; x < blocks.length; x++) {
            if (blocks[x].length != sectorCount()) {
                throw new IllegalArgumentException("symbol " + alphabet.name(x) + " has " + blocks[x].length + " blocks for "
                        + sectorCount() + " sectors");
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
                builder.symbol(alphabet.name(x), Operators.blockDiagonal(joint, ops));
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

    /**
     * {@return the weight of every sector in a belief: w<sub>σ</sub> = Σ over i ∈ V<sub>σ</sub> of η<sub>i</sub>
     * (|1⟩⟩<sub>i</sub>), the coarse-grained joint distribution over partition labels (section 2.3)} For a GHMM
     * belief with negative entries the weights still sum to ⟨⟨η|1⟩⟩ but need not be non-negative.
     *
     * @param belief ⟨⟨η| on the joint space
     * @param one    |1⟩⟩ of the process
     */
    public double[] weights(double[] belief, double[] one) {
        requireStates(belief.length);
        Checks.requireLength("|1⟩⟩", one, belief.length);
        double[] w = new double[sectorCount()];
        for (int i = 0; i < belief.length; i++) {
            w[joint.sectorOf(i)] += belief[i] * one[i];
        }
        return w;
    }

    /**
     * Projects a belief onto the sectors listed and renormalises it so ⟨⟨η|1⟩⟩ = 1: conditioning on the
     * event that the hidden state lies in ⊕<sub>σ ∈ sectors</sub> V<sub>σ</sub>. Fixing factor f in its
     * sector i is {@code restrict(belief, one, sectorsWhere(f, i))}.
     *
     * @throws IllegalArgumentException if the belief has no weight there
     * @param belief ⟨⟨η|, length S
     * @param one |1⟩⟩ of the process
     * @param sectors the sector decomposition
     * @return the restricted, renormalised belief
     */
    public double[] restrict(double[] belief, double[] one, int... sectors) {
        requireStates(belief.length);
        boolean[] keep = new boolean[sectorCount()];
        for (int s : sectors) {
            Checks.requireIndex("sector", s, sectorCount());
            keep[s] = true;
        }
        double[] out = new double[belief.length];
        for (int i = 0; i < belief.length; i++) {
            if (keep[joint.sectorOf(i)]) {
                out[i] = belief[i];
            }
        }
        double mass = Vectors.dot(out, one);
        if (!(Math.abs(mass) > Ghmm.TOLERANCE)) {
            throw new IllegalArgumentException("the belief has weight " + mass + " on sectors " + Arrays.toString(sectors) + ": cannot restrict to them");
        }
        Vectors.scale(out, 1.0 / mass);
        return out;
    }

    /**
     * {@return the process started from its initial belief restricted to the given sectors}
     *
     * @param process the process
     * @param sectors the sector decomposition
     */
    public Ghmm restrict(Ghmm process, int... sectors) {
        return process.withInitial(restrict(process.initial(), process.one(), sectors));
    }

    private void requireStates(int n) {
        if (n != joint.states()) {
            throw new IllegalArgumentException("vector or process has " + n + " states but the factors " + Arrays.toString(dimensions())
                    + " give " + joint.states());
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SectorDecomposition(");
        for (int f = 0; f < factors.length; f++) {
            s.append(f == 0 ? "" : " ⊗ ").append('[').append(factors[f]).append(']');
        }
        return s.append(')').toString();
    }
}
