package dev.ghmm.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.partition.Partition;
import dev.ghmm.testing.RandomProcesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Partition checks (eq. 2.9) accept every block-diagonal operator and reject every single off-block entry. */
class InvarianceProperties {
    private static final double TOLERANCE = 1e-9;

    private static Partition randomPartition(Random random, int n) {
        int sectors = 1 + random.nextInt(n);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < sectors ? i : random.nextInt(sectors);
        }
        // shuffle so that sectors are not contiguous
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = labels[i];
            labels[i] = labels[j];
            labels[j] = t;
        }
        return Partition.fromLabels(labels);
    }

    private static double[][] blockDiagonal(Random random, Partition p) {
        int n = p.states();
        double[][] m = RandomProcesses.matrix(random, n, 0.7);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (p.sectorOf(i) != p.sectorOf(j)) {
                    m[i][j] = 0;
                }
            }
        }
        return m;
    }

    @Property(tries = 200)
    void acceptsEveryBlockDiagonalOperator(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int n) {
        Random random = new Random(seed);
        Partition p = randomPartition(random, n);
        for (int k = 0; k < 2; k++) {
            Operator op = RandomProcesses.operator(random, blockDiagonal(random, p));
            assertTrue(Invariance.preserves(op, p, TOLERANCE));
            // the block-diagonal operator of its blocks is the operator itself (eq. 2.14)
            assertEquals(0, RandomProcesses.maxDifference(op.toDense(), blockDiagonalOf(op, p).toDense()));
        }
    }

    @Property(tries = 200)
    void rejectsEverySingleOffBlockEntry(@ForAll long seed, @ForAll @IntRange(min = 2, max = 10) int n) {
        Random random = new Random(seed);
        Partition p = randomPartition(random, n);
        if (p.sectorCount() == 1) {
            p = Partition.of(n, new int[] {0}, java.util.stream.IntStream.range(1, n).toArray());
        }
        double[][] m = blockDiagonal(random, p);
        int i;
        int j;
        do {
            i = random.nextInt(n);
            j = random.nextInt(n);
        } while (p.sectorOf(i) == p.sectorOf(j));
        double value = (random.nextBoolean() ? 1 : -1) * (2 * TOLERANCE + random.nextDouble());
        m[i][j] = value;
        assertTrue(Invariance.preserves(Operators.identity(n), p, TOLERANCE));
        List<Entry> couplings = new ArrayList<>();
        Invariance.forEachCoupling(RandomProcesses.operator(random, m), p, TOLERANCE, (r, c, v) -> couplings.add(new Entry(r, c, v)));
        assertEquals(List.of(new Entry(i, j, value)), couplings);
        m[i][j] = TOLERANCE / 2;
        assertTrue(Invariance.preserves(Operators.dense(m), p, TOLERANCE));
    }

    @Property(tries = 200)
    void finestPartitionIsPreservedAndEachSectorConnected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int n) {
        Random random = new Random(seed);
        List<Operator> ops = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            ops.add(Operators.dense(RandomProcesses.matrix(random, n, 1.5 / n)));
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
