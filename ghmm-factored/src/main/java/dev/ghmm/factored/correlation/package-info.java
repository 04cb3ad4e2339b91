/**
 * Correlation between factors (section 2.3 of the AFP notes): von Neumann entropies, mutual information I(A:B) (for an
 * almost factored process of parameter p, h(p): eq. 2.26), total correlation, trace distance, and the Schmidt
 * decomposition of a bipartite belief. Entropies come from {@link dev.ghmm.Entropy}.
 */
package dev.ghmm.factored.correlation;
