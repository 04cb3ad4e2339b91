/**
 * Belief filtering: the one place where a belief is updated on a symbol.
 *
 * <p>A process assigns a word w = x<sub>1</sub>⋯x<sub>ℓ</sub> the probability Pr(w) = ⟨⟨η|T(w)|1⟩⟩ (eq. 2.2 of
 * the AFP notes), and after reading x from belief ⟨⟨η| the belief becomes
 * ⟨⟨η′| = ⟨⟨η|T(x) / ⟨⟨η|T(x)|1⟩⟩ (eq. 2.3). A {@link dev.ghmm.belief.BeliefFilter} holds one belief and
 * does exactly that: next-symbol distribution and its entropy (the loss floor), update, a fused sample-and-update,
 * and export of the joint belief and of its parts. It is mutable and used by one thread; it owns its work arrays, so a step allocates nothing.
 * Word probabilities, beliefs along words, the sampler, datasets, the mixed-state presentation, information
 * measures and the command line all go through a filter; there is no other update loop.
 *
 * <p>Two filters exist. {@link dev.ghmm.belief.LinearFilter} updates one belief with one process's operators
 * (a plain GHMM, or a direct sum, whose block-diagonal operators keep each component's belief in its own
 * block). {@link dev.ghmm.belief.ProductFilter} keeps one belief per factor of a factored process,
 * T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) (eq. 2.10, 2.21), never forming the
 * joint: from a product belief, Pr(x | η) = Π<sub>f</sub> ⟨⟨η<sub>f</sub>|T<sup>f</sup><sub>k_f</sub>(x<sub>f</sub>)|1<sub>f</sub>⟩⟩
 * and each factor's belief is updated by its own operator; the entropy of that product is taken by the chain rule
 * over the factors, H = Σ<sub>f</sub> Σ<sub>k</sub> Pr(k<sub>f</sub> = k) H[X<sub>f</sub> | η<sub>f</sub>, k], when
 * every factor has at most one parent. Both are built from immutable descriptions,
 * {@link dev.ghmm.belief.FilterModel} and {@link dev.ghmm.belief.ProductModel}, that processes hold.
 *
 * <p><b>The rule for zero and negative predictions.</b> A computed Pr(x | η) = Σ<sub>i</sub> η<sub>i</sub>e<sub>i</sub>
 * (e = T(x)|1⟩⟩) after t symbols is known to about b = {@link dev.ghmm.belief.Predictions#ROUND_OFF}·S·ε·(t + 1)·‖η‖<sub>1</sub>·max|e<sub>i</sub>|.
 * Within ±b it is exactly 0 (so a GHMM's impossible symbol is not renormalised into a meaningless belief), unless
 * no term is negative, as in an HMM, when it is exact to a few ε and kept; below −b it is negative beyond
 * round-off, which no valid GHMM predicts, and raises {@link dev.ghmm.belief.NegativeProbabilityException}
 * naming the position, symbol and value. Updating on a symbol of probability 0 raises
 * {@link dev.ghmm.belief.ZeroProbabilityException}.
 *
 * <p>Place in the data flow: above {@code operator} and {@code partition}, below {@code process}, whose processes
 * create filters, and everything that reads processes.
 */
package dev.ghmm.belief;
