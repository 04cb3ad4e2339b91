package dev.ghmm.process;

import dev.ghmm.partition.Partition;
import java.util.List;

/**
 * The outcome of {@link Ghmm#checkPartition}: every entry of every T(x) that couples two different sectors
 * beyond the tolerance, named by its symbol. The partition is preserved (eq. 2.9, 2.13) iff the list is empty.
 *
 * @param partition  the partition checked
 * @param tolerance  the absolute tolerance used
 * @param violations the offending entries, by symbol, then as visited
 */
public record PartitionReport(Partition partition, double tolerance, List<Violation> violations) {

    /**
     * Defensive copy.
     *
     * @param partition the partition
     * @param tolerance absolute tolerance, finite and ≥ 0
     * @param violations the violating entries
     */
    public PartitionReport {
        violations = List.copyOf(violations);
    }

    /** {@return whether every T(x) leaves every sector invariant} */
    public boolean preserved() {
        return violations.isEmpty();
    }

    /**
     * An entry T(x)<sub>row,col</sub> = value that maps sector {@code rowSector} into {@code colSector}.
     *
     * @param symbol    the symbol index x
     * @param row       the row i
     * @param col       the column j
     * @param rowSector the sector of i
     * @param colSector the sector of j
     * @param value     T(x)<sub>ij</sub>
     */
    public record Violation(int symbol, int row, int col, int rowSector, int colSector, double value) {
        @Override
        public String toString() {
            return "T(" + symbol + ")[" + row + "][" + col + "] = " + value + " couples sector " + rowSector + " to sector " + colSector;
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("partition " + partition + (preserved() ? " is preserved" : " is violated by " + violations.size() + " entries")
                + " (tolerance " + tolerance + ")");
        for (Violation v : violations) {
            s.append("\n  ").append(v);
        }
        return s.toString();
    }
}
