/**
 * Factored processes (eq. 2.10 of the AFP notes): T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)
 * over the product alphabet (eq. 2.20), independent or coupled through control maps that choose each factor's variant
 * from other factors' symbols (chains as in Shai et al., "Transformers learn factored representations"). A
 * {@link dev.ghmm.factored.FactoredProcess} is read by a {@link dev.ghmm.belief.ProductFilter}, one belief per factor;
 * its joint GHMM exists on request for sectors, density matrices and partition checks.
 * A {@link dev.ghmm.factored.SparseComposite} is a factored process on an explicit list of tuples
 * ({@link dev.ghmm.factored.CompositeEncoding}), the Python peer's sparse composite vocabulary.
 * {@link dev.ghmm.factored.FactoredCatalogue} holds the factored processes of the literature.
 */
package dev.ghmm.factored;
