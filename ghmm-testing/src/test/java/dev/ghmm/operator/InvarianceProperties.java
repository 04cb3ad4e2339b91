package dev.ghmm.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.partition.Partition;
import dev.ghmm.testing.ProcessArbitraries;
import dev.ghmm.testing.ProcessArbitraries.MatrixOperator;
import dev.ghmm.testing.RandomProcesses;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.Tuple.Tuple4;

/** Partition checks (eq. 2.9) accept every block-diagonal operator and reject every single off-block entry. */
class InvarianceProperties {
    private static final double TOLERANCE = 1e-9;

    /** A partition of n ∈ [1, 10] states and two block-diagonal operators on it. */
    @Provide
    Arbitrary<Tuple2<Partition, List<MatrixOperator>>> blockDiagonals() {
        return Arbitraries.integers().between(1, 10).flatMap(ProcessArbitraries::partitions)
                .flatMap(p -> ProcessArbitraries.blockDiagonal(p).list().ofSize(2).map(ops -> Tuple.of(p, ops)));
    }

    @Property(tries = 200)
    void acceptsEveryBlockDiagonalOperator(@ForAll("blockDiagonals") Tuple2<Partition, List<MatrixOperator>> partitionAndOperators) {
        Partition p = partitionAndOperators.get1();
        for (MatrixOperator block : partitionAndOperators.get2()) {
            // every storage of the matrix: the block-diagonal operator itself, dense and sparse
            for (Operator op : List.of(block.operator(), Operators.dense(block.matrix()), Operators.sparse(block.matrix()))) {
                assertTrue(Invariance.preserves(op, p, TOLERANCE), op.toString());
                // the block-diagonal operator of its blocks is the operator itself (eq. 2.14)
                assertEquals(0, RandomProcesses.maxDifference(op.toDense(), blockDiagonalOf(op, p).toDense()));
            }
        }
    }

    /**
     * A partition of n ∈ [2, 10] states with at least 2 sectors, a block-diagonal operator on it, and one off-block
     * entry: its position (i, j), i and j in different sectors, and its value v, |v| ∈ [2·tolerance, 1 + 2·tolerance].
     */
    @Provide
    Arbitrary<Tuple4<Partition, MatrixOperator, int[], Double>> offBlockEntries() {
        Arbitrary<Double> values = Combinators.combine(Arbitraries.of(1, -1), Arbitraries.doubles().between(0, 1).ofScale(2))
                .as((sign, u) -> sign * (2 * TOLERANCE + u));
        return Arbitraries.integers().between(2, 10).flatMap(n -> ProcessArbitraries.partitions(n).filter(p -> p.sectorCount() > 1))
                .flatMap(p -> Combinators.combine(ProcessArbitraries.blockDiagonal(p), Arbitraries.of(offBlock(p)), values).as((m, ij, v) -> Tuple.of(p, m, ij, v)));
    }

    /** Every position (i, j) with i and j in different sectors, row by row. */
    private static List<int[]> offBlock(Partition p) {
        List<int[]> positions = new ArrayList<>();
        for (int i = 0; i < p.states(); i++) {
            for (int j = 0; j < p.states(); j++) {
                if (p.sectorOf(i) != p.sectorOf(j)) {
                    positions.add(new int[] {i, j});
                }
            }
        }
        return positions;
    }

    @Property(tries = 200)
    void rejectsEverySingleOffBlockEntry(@ForAll("offBlockEntries") Tuple4<Partition, MatrixOperator, int[], Double> entry) {
        Partition p = entry.get1();
        int n = p.states();
        double[][] m = entry.get2().matrix().clone();
        int i = entry.get3()[0];
        int j = entry.get3()[1];
        double value = entry.get4();
        m[i] = m[i].clone();
        m[i][j] = value;
        assertTrue(Invariance.preserves(Operators.identity(n), p, TOLERANCE));
        for (ProcessArbitraries.Storage storage : ProcessArbitraries.Storage.values()) {
            List<Entry> couplings = new ArrayList<>();
            Invariance.forEachCoupling(storage.of(m), p, TOLERANCE, (r, c, v) -> couplings.add(new Entry(r, c, v)));
            assertEquals(List.of(new Entry(i, j, value)), couplings, storage.toString());
        }
        m[i][j] = TOLERANCE / 2;
        assertTrue(Invariance.preserves(Operators.dense(m), p, TOLERANCE));
    }

    /** Two n×n matrices, n ∈ [1, 10]. */
    @Provide
    Arbitrary<List<double[][]>> matrixPairs() {
        return Arbitraries.integers().between(1, 10).flatMap(n -> ProcessArbitraries.matrices(n).list().ofSize(2));
    }

    @Property(tries = 200)
    void finestPartitionIsPreservedAndEachSectorConnected(@ForAll("matrixPairs") List<double[][]> matrices) {
        int n = matrices.get(0).length;
        List<Operator> ops = new ArrayList<>();
        for (double[][] m : matrices) {
            ops.add(Operators.dense(m));
        }
        Partition finest = Invariance.finest(ops, 0);
        for (Operator op : ops) {
            assertTrue(Invariance.preserves(op, finest, 0));
        }
        // no coarser than needed: the support graph restricted to each sector is connected
        for (int s = 0; s < finest.sectorCount(); s++) {
            int[] members = finest.sector(s);
            boolean[] reached = new boolean[n];
            reached[members[0]] = true;
            boolean grew = true;
            while (grew) {
                grew = false;
                for (Operator op : ops) {
                    for (int a : members) {
                        for (int b : members) {
                            if (reached[a] != reached[b] && (op.get(a, b) != 0 || op.get(b, a) != 0)) {
                                reached[a] = reached[b] = true;
                                grew = true;
                            }
                        }
                    }
                }
            }
            for (int a : members) {
                assertTrue(reached[a], "state " + a + " of sector " + s + " is not connected");
            }
        }
        assertFalse(finest.sectorCount() > n);
    }

    private record Entry(int row, int col, double value) {
    }

    private static Operator blockDiagonalOf(Operator op, Partition p) {
        Operator[] blocks = new Operator[p.sectorCount()];
        for (int s = 0; s < blocks.length; s++) {
            blocks[s] = Invariance.block(op, p, s);
        }
        return Operators.blockDiagonal(p, blocks);
    }
}
