/**
 * Sectors of a factored state space (eq. 2.5–2.9 of the AFP notes): products of factor partitions, the check that a
 * process preserves them, restriction to sectors, and almost factored processes, whose operators are block diagonal on
 * the sectors with factored blocks (eq. 2.14).
 */
package dev.ghmm.factored.sector;
