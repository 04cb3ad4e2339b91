/**
 * jqwik arbitraries and ready checks for property-based tests of your own processes; depend on ghmm-testing in test
 * scope. Every arbitrary is built from shrinkable numbers, never from a seed, so a failing property shrinks toward
 * few states, few symbols, zero entries, round numbers (2 decimals) and short words, and jqwik prints the shrunk
 * process as matrices ({@link dev.ghmm.testing.ProcessReportingFormat}).
 *
 * <p>What {@link dev.ghmm.testing.ProcessArbitraries} generates, and how:
 * <ul>
 *   <li>HMMs on S states over |𝒳| symbols: per state, weights of the (symbol, next state) pairs uniform in [0.05, 1]
 *       with 2 decimals, each 0 with probability 1/3, normalised so T = Σ<sub>x</sub> T(x) is row-stochastic (a state
 *       whose weights are all 0 emits symbol 0 and stays); initial weights in [0.05, 1], normalised.</li>
 *   <li>GHMMs: those HMMs under a similarity transform T(x) → P⁻¹T(x)P ({@link dev.ghmm.testing.Similarity}) with
 *       P = I + E, entries of E uniform in [−0.6/S, 0.6/S] with 3 decimals (diagonally dominant, so invertible): negative
 *       entries, the HMM's word probabilities.</li>
 *   <li>Direct sums of 1 to K HMM or GHMM components with overlapping alphabets; processes preserving a given
 *       partition (block-diagonal HMMs and block-diagonal similarity transforms of them); variants of one factor
 *       sharing their emission probabilities.</li>
 *   <li>Partitions of n states from n sector labels uniform in [0, n − 1] (sectors need not be contiguous; labels shrink
 *       to the trivial partition); block-diagonal operators preserving a partition (eq. 2.14), each block dense or
 *       sparse with entries in [−1, 1] and a drawn share of zeros; n×n matrices and vectors with entries in [−1, 1].</li>
 *   <li>Words of length 0 to L with symbols uniform (shrinking to symbol 0), words a process emits with positive
 *       probability, beliefs: normalised weights in [0, 1] on n states, or the beliefs ⟨⟨η(w)| a process reaches.</li>
 * </ul>
 * {@link dev.ghmm.testing.FactoredArbitraries} generates factored processes of 2 to F factors (eq. 2.10), each an HMM, a
 * GHMM or a direct sum, independent, in a chain or with a cyclic control map, each kind and map equally likely.
 *
 * <p>{@link dev.ghmm.testing.ProcessChecks} checks that a process preserves a partition (eq. 2.9), is a valid GHMM
 * (T|1⟩⟩ = |1⟩⟩, Pr(w) ≥ 0 up to a length) or an HMM, and names the failing entry or word in one line;
 * {@link dev.ghmm.testing.GhmmContract} and {@link dev.ghmm.testing.PartitionContract} are those checks as ready
 * properties a test class implements. {@link dev.ghmm.testing.Words} enumerates the words of a length.
 */
package dev.ghmm.testing;
