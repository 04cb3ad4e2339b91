package dev.ghmm.operator;

import dev.ghmm.Tolerances;
import dev.ghmm.partition.Partition;
import java.util.Arrays;
import java.util.List;

/**
 * Operators and the partitions they preserve. An operator T preserves a partition V = ⊕<sub>σ</sub> V<sub>σ</sub> of
 * the states when it maps each sector into itself, T(V<sub>σ</sub>) ⊆ V<sub>σ</sub> (eq. 2.9 of the AFP notes; eq.
 * 2.13 for every T(x) of a process): every entry T<sub>ij</sub> with i and j in different sectors is zero, so T is
 * block diagonal in a sector-adapted basis (eq. 2.14) and its diagonal blocks T<sub>σ</sub> are its restrictions to
 * the sectors. Entries count as non-zero when |T<sub>ij</sub>| exceeds an absolute tolerance.
 *
 * <p>Partitions themselves are pure index sets and know nothing of operators; this class is where the two meet.
 */
public final class Invariance {
    private Invariance() {
    }

    /**
     * Whether {@code op} maps every sector of {@code partition} into itself (eq. 2.9): no entry between two
     * sectors exceeds the tolerance.
     *
     * @param op        the operator T
     * @param partition the partition, on T's states
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @return whether T preserves the partition
     * @throws IllegalArgumentException if the dimensions differ or the tolerance is not finite and ≥ 0
     */
    public static boolean preserves(Operator op, Partition partition, double tolerance) {
        boolean[] coupled = {false};
        forEachCoupling(op, partition, tolerance, (i, j, v) -> coupled[0] = true);
        return !coupled[0];
    }

    /**
     * Visits every entry T<sub>ij</sub> that couples two different sectors, i in one and j in another, with
     * |T<sub>ij</sub>| &gt; tolerance: the entries that break eq. 2.9. T preserves the partition iff none is visited.
     *
     * @param op        the operator T
     * @param partition the partition, on T's states
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @param visitor   called with (i, j, T<sub>ij</sub>) for each coupling entry, in the order of
     *                  {@link Operator#forEachNonZero}
     * @throws IllegalArgumentException if the dimensions differ or the tolerance is not finite and ≥ 0
     */
    public static void forEachCoupling(Operator op, Partition partition, double tolerance, Operator.EntryVisitor visitor) {
        Tolerances.require(tolerance);
        requireDimension(op, partition);
        op.forEachNonZero((i, j, v) -> {
            if (partition.sectorOf(i) != partition.sectorOf(j) && Math.abs(v) > tolerance) {
                visitor.visit(i, j, v);
            }
        });
    }

    /**
     * The finest partition that every operator preserves: the connected components of the union of their
     * supports, where an entry counts when |M<sub>ij</sub>| &gt; tolerance. Sectors are numbered by their
     * smallest state. Any partition every operator preserves is a coarsening of this one.
     *
     * @param operators the operators, of one dimension
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @return the finest partition that every operator preserves
     * @throws IllegalArgumentException if there are no operators or their dimensions differ
     */
    public static Partition finest(List<? extends Operator> operators, double tolerance) {
        Tolerances.require(tolerance);
        if (operators.isEmpty()) {
            throw new IllegalArgumentException("finest partition of no operators");
        }
        int n = operators.get(0).dimension();
        int[] parent = new int[n];
        Arrays.setAll(parent, i -> i);
        for (int k = 0; k < operators.size(); k++) {
            Operator op = operators.get(k);
            if (op.dimension() != n) {
                throw new IllegalArgumentException("operator " + k + " has dimension " + op.dimension() + ", expected " + n);
            }
            op.forEachNonZero((i, j, v) -> {
                if (Math.abs(v) > tolerance) {
                    union(parent, i, j);
                }
            });
        }
        int[] labels = new int[n];
        int[] labelOfRoot = new int[n];
        Arrays.fill(labelOfRoot, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (labelOfRoot[root] < 0) {
                labelOfRoot[root] = next++;
            }
            labels[i] = labelOfRoot[root];
        }
        return Partition.fromLabels(labels);
    }

    /**
     * The diagonal block T<sub>σ</sub> of an operator on sector s (eq. 2.14): the restriction of T to the rows
     * and columns of the sector, in increasing state order, as a new dense operator. When T preserves the
     * partition, T is the block-diagonal operator of these blocks.
     *
     * @param op        the operator T
     * @param partition the partition, on T's states
     * @param s         the sector index
     * @return the block T<sub>σ</sub>, of dimension {@code partition.sectorSize(s)}
     * @throws IllegalArgumentException if the dimensions differ
     */
    public static Operator block(Operator op, Partition partition, int s) {
        requireDimension(op, partition);
        int[] members = partition.sector(s);
        int[] position = new int[partition.states()];
        Arrays.fill(position, -1);
        for (int k = 0; k < members.length; k++) {
            position[members[k]] = k;
        }
        double[][] block = new double[members.length][members.length];
        op.forEachNonZero((i, j, v) -> {
            if (position[i] >= 0 && position[j] >= 0) {
                block[position[i]][position[j]] = v;
            }
        });
        return Operators.dense(block);
    }

    private static void requireDimension(Operator op, Partition partition) {
        if (op.dimension() != partition.states()) {
            throw new IllegalArgumentException("operator has dimension " + op.dimension() + " but the partition has "
                    + partition.states() + " states");
        }
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
