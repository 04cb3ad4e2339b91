/**
 * Steering one factor of a belief (section 1 of the AFP notes, steps 2–3): bring η to the form v<sub>A</sub> ⊗ v<sub>B</sub>
 * (exactly when its Schmidt rank is 1, the best rank-1 approximation and its residual otherwise), replace v<sub>B</sub>,
 * and recompose; per sector for almost factored processes.
 */
package dev.ghmm.factored.steering;
