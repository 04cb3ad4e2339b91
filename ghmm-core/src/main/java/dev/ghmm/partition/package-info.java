/**
 * Partitions of a state space {0, …, S−1} into sectors (eq. 2.5–2.8 of the AFP notes): pure index sets, with the
 * Kronecker product of partitions (eq. 2.23) and the contiguous blocks of a direct sum. The bottom layer: it depends on
 * nothing else in ghmm; what operators do to partitions (preservation, eq. 2.9) is {@code dev.ghmm.operator.Invariance}.
 */
package dev.ghmm.partition;
