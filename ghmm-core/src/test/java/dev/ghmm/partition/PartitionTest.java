package dev.ghmm.partition;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.operator.Invariance;
import dev.ghmm.operator.Operator;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.PartitionReport;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartitionTest {

    @Test
    void z1rPrimePreservesEquation216() {
        Ghmm z = Catalogue.z1rPrime();
        Partition p = Partition.parse("0|1 2", 3);
        assertTrue(z.checkPartition(p, 0).preserved());
        assertEquals(p, z.finestPartition(0));
    }

    @Test
    void standardZ1rViolatesIt() {
        // T(0): S0 -> S1 (1) and SR -> S0 (1/2); T(1): SR -> S0 (1/2): three couplings between the sectors
        PartitionReport report = Catalogue.z1r().checkPartition(Partition.parse("0|1 2", 3), 1e-12);
        assertFalse(report.preserved());
        assertEquals(List.of(
                new PartitionReport.Violation(0, 0, 1, 0, 1, 1.0),
                new PartitionReport.Violation(0, 2, 0, 1, 0, 0.5),
                new PartitionReport.Violation(1, 2, 0, 1, 0, 0.5)), report.violations().stream()
                .sorted(java.util.Comparator.comparingInt(PartitionReport.Violation::symbol).thenComparingInt(PartitionReport.Violation::row))
                .toList());
        assertTrue(report.toString().contains("T(0)[0][1] = 1.0 couples sector 0 to sector 1"), report.toString());
        assertEquals(Partition.trivial(3), Catalogue.z1r().finestPartition(0));
    }

    @Test
    void productPartitionOfZ1rPrimeSquared() {
        // eq. 2.23 in the basis of eq. 2.19: (S0,S0) | (S0,S1),(S0,SR) | (S1,S0),(SR,S0) | the other four
        Partition one = Partition.parse("0|1 2", 3);
        Partition joint = Partition.kron(one, one);
        assertEquals("0|1 2|3 6|4 5 7 8", joint.toString());
        assertArrayEquals(new int[] {1, 2, 2, 4}, joint.sectorSizes());
        Ghmm zz = Catalogue.z1rPrimeSquared();
        assertTrue(zz.checkPartition(joint, 0).preserved());
        // the finest preserved partition is finer still: on {S1,SR}⊗{S1,SR} both factors run the 2-cycle
        // S1 <-> SR in lockstep, so the relative phase is conserved and the 4-block splits into
        // {(S1,S1),(SR,SR)} and {(S1,SR),(SR,S1)}
        assertEquals("0|1 2|3 6|4 8|5 7", zz.finestPartition(0).toString());
        assertArrayEquals(new int[] {0, 1, 2, 3, 6, 4, 5, 7, 8}, joint.adaptedOrder());
    }

    @Test
    void blocksOfZ1rPrimeSquared() {
        // T_D = T'_1 ⊗ T'_1 on sector V_22 = {(S1,S1),(S1,SR),(SR,S1),(SR,SR)}: T'_1 restricted to {S1,SR}
        // is [[0,1],[1/2,0]], so the block is [[0,1],[1/2,0]] ⊗ [[0,1],[1/2,0]]
        Ghmm zz = Catalogue.z1rPrimeSquared();
        Partition joint = Partition.kron(Partition.parse("0|1 2", 3), Partition.parse("0|1 2", 3));
        Operator block = Invariance.block(zz.transfer(3), joint, 3);
        double[][] expected = {{0, 0, 0, 1}, {0, 0, 0.5, 0}, {0, 0.5, 0, 0}, {0.25, 0, 0, 0}};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(expected[i][j], block.get(i, j), 0, i + "," + j);
            }
        }
    }

    @Test
    void rejectsMalformedPartitions() {
        assertMessage(() -> Partition.of(3, new int[] {0, 1}), "state 2 is in no sector");
        assertMessage(() -> Partition.of(3, new int[] {0, 1}, new int[] {1, 2}), "state 1 is in sector 0 and in sector 1");
        assertMessage(() -> Partition.of(3, new int[] {0, 1, 3}), "state 3 in sector 0 is out of range");
        assertMessage(() -> Partition.parse("0||1 2", 3), "sector 1 of \"0||1 2\" is empty");
        assertMessage(() -> Partition.parse("0|a 2", 3), "\"a\" is not a state index");
        assertMessage(() -> Catalogue.z1r().checkPartition(Partition.parse("0|1 2", 4), 0), "state 3 is in no sector");
        assertMessage(() -> Catalogue.z1r().checkPartition(Partition.trivial(4), 0), "the process has 3 states but the partition has 4");
        assertMessage(() -> Catalogue.z1r().checkPartition(Partition.parse("0|1 2", 3), Double.NaN), "tolerance NaN");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), () -> "message \"" + e.getMessage() + "\" lacks \"" + fragment + "\"");
    }
}
