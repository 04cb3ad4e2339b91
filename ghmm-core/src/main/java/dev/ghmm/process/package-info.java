/**
 * Processes: everything that assigns words probabilities Pr(w) = ⟨⟨η(∅)|T(w)|1⟩⟩ (eq. 2.2 of the AFP notes) and reads
 * them through a belief filter. {@link dev.ghmm.process.Process} is what they share; {@link dev.ghmm.process.Ghmm} is a
 * GHMM (section 2.2: operators T(x), net operator T = Σ<sub>x</sub> T(x) with T|1⟩⟩ = |1⟩⟩, initial belief), built and
 * validated by {@link dev.ghmm.process.GhmmBuilder}; {@link dev.ghmm.process.DirectSum} is a mixture
 * ⊕<sub>k</sub> w<sub>k</sub>G<sub>k</sub> (the persona picture A = A<sub>1</sub> ⊕ A<sub>2</sub>);
 * {@link dev.ghmm.process.Catalogue} holds the processes of the literature. Above {@code belief}, whose filters the
 * processes create; below {@code sampling} and {@code measure}.
 */
package dev.ghmm.process;
