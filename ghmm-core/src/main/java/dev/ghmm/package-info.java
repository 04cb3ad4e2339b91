/**
 * ghmm: generalized hidden Markov models (GHMMs) and almost factored processes.
 *
 * <p>Notation of the AFP notes ("Almost factored processes") and of arXiv 2507.07432: beliefs are row vectors
 * ⟨⟨η|, T(w) = T(x<sub>1</sub>)⋯T(x<sub>ℓ</sub>), Pr(w) = ⟨⟨η|T(w)|1⟩⟩ (eq. 2.2). This package holds the small
 * mathematical tools every other package and a user may use: vector operations such as the Kronecker product
 * ({@link dev.ghmm.Vectors}), the lexicographic index of tuples ({@link dev.ghmm.MixedRadix}, eq. 2.19–2.20), the
 * Shannon entropy in bits or nats ({@link dev.ghmm.Entropy}), the tolerance of checks on given numbers
 * ({@link dev.ghmm.Tolerances}) and the seeding of sequences and frozen groups ({@link dev.ghmm.Seeds}). Argument
 * checks shared by ghmm's modules live in {@code dev.ghmm.internal}, which is not API.
 *
 * <p>Layers, each using only those below it: {@code partition} &lt; {@code operator} &lt; {@code belief} &lt;
 * {@code process} &lt; {@code sampling}, {@code measure}.
 */
package dev.ghmm;
