package dev.ghmm.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import dev.ghmm.testing.RandomProcesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Partition checks accept every block-diagonal operator and reject every single off-block entry. */
class PartitionProperties {
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
        List<Operator> ops = List.of(RandomProcesses.operator(random, blockDiagonal(random, p)),
                RandomProcesses.operator(random, blockDiagonal(random, p)));
        assertTrue(p.check(ops, TOLERANCE).preserved());
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
        PartitionReport report = p.check(List.of(Operators.identity(n), RandomProcesses.operator(random, m)), TOLERANCE);
        assertEquals(List.of(new PartitionReport.Violation(1, i, j, p.sectorOf(i), p.sectorOf(j), value)), report.violations());
        m[i][j] = TOLERANCE / 2;
        assertTrue(p.check(List.of(Operators.dense(m)), TOLERANCE).preserved());
    }

    @Property(tries = 200)
    void finestPartitionIsPreservedAndEachSectorConnected(@ForAll long seed, @ForAll @IntRange(min = 1, max = 10) int n) {
        Random random = new Random(seed);
        List<Operator> ops = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            ops.add(Operators.dense(RandomProcesses.matrix(random, n, 1.5 / n)));
        }
        Partition finest = Partition.finest(ops, 0);
        assertTrue(finest.check(ops, 0).preserved());
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
}
