/**
 * Information measures of a process: the mixed-state presentation (the beliefs ⟨⟨η(w)| of the words of positive
 * probability up to a depth, merged within a tolerance, with each belief's depth d (the shortest word reaching it),
 * its occupation P<sub>d</sub> at that depth and its transitions η →<sub>x</sub> η·T(x)/Pr(x | η); when it closes,
 * its recurrent and transient parts and the limiting distribution π = lim (1/T) Σ<sub>t&lt;T</sub> P<sub>t</sub>) and, from it,
 * block entropies H(L), entropy rate h<sub>μ</sub>, excess entropy E, transient information T and statistical
 * complexity C<sub>μ</sub> (Crutchfield and Feldman 2003), in bits. Beliefs are read through the process's filter.
 * Above {@code process}.
 */
package dev.ghmm.measure;
