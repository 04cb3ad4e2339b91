/**
 * Density matrices of beliefs (eq. 2.24 of the AFP notes): the classical ρ = diag(η) of a belief over a product state
 * space, or a dense ρ; partial traces over factors, tensor products, and the sector weights of a coarse-grained ρ.
 */
package dev.ghmm.factored.density;
