/**
 * ghmm: generalized hidden Markov models (GHMMs) and almost factored processes.
 *
 * <p>Notation of the AFP notes ("Almost factored processes") and of arXiv 2507.07432: beliefs are row vectors
 * ⟨⟨η|, T(w) = T(x<sub>1</sub>)⋯T(x<sub>ℓ</sub>), Pr(w) = ⟨⟨η|T(w)|1⟩⟩ (eq. 2.2). This package holds the helpers every
 * other package may use: argument checks ({@link dev.ghmm.Checks}), small vector operations ({@link dev.ghmm.Vectors}),
 * the lexicographic index of tuples ({@link dev.ghmm.MixedRadix}, eq. 2.19–2.20), the Shannon entropy in bits or
 * nats ({@link dev.ghmm.Entropy}) and the tolerance of checks on given numbers ({@link dev.ghmm.Tolerances}).
 *
 * <p>Layers, each using only those below it: {@code partition} &lt; {@code operator} &lt; {@code belief} &lt;
 * {@code process} &lt; {@code sampling}, {@code measure}.
 */
package dev.ghmm;
