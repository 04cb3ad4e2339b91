/**
 * Sectors of a factored state space (eq. 2.5–2.9 of the AFP notes): the products V<sub>σ</sub> of factor
 * partitions, the weight of each sector in a belief, restriction to sectors, and almost factored processes, whose
 * operators are block diagonal on the sectors with blocks that need not factorise (eq. 2.14). Whether a process
 * preserves the sectors is {@code process.checkPartition(sectors.partition(), tolerance)} (eq. 2.9).
 */
package dev.ghmm.factored.sector;
