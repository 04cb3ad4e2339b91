/**
 * Information measures of a process: the mixed-state presentation (the beliefs reachable from the initial belief,
 * merged within a tolerance, with their transition probabilities; its recurrent and transient parts) and, from it,
 * block entropies H(L), entropy rate h<sub>μ</sub>, excess entropy E, transient information T and statistical
 * complexity C<sub>μ</sub> (Crutchfield and Feldman 2003), in bits. Beliefs are read through the process's filter.
 * Above {@code process}.
 */
package dev.ghmm.measure;
