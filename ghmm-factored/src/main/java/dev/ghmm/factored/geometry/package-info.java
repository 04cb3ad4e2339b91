/**
 * What a picture of a process shows, without drawing it (no display library): the beliefs of a mixed-state
 * presentation as points, one set per factor of a factored process, each factor's points its own factor beliefs as
 * the process's filter holds them (never marginalised back out of the joint); their projection onto a plane (the
 * simplex of an HMM of at most 3 states, else the first two principal axes); and titles built from the process's
 * structure (factors joined by ×, components by +, a catalogue process with its parameters).
 */
package dev.ghmm.factored.geometry;
