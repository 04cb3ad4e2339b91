/**
 * Linear operators M of dimension n applied to row vectors, y = x·M (a belief update's ⟨⟨η|T(x)), and to column
 * vectors, y = M·x (T(x)|1⟩⟩), into caller-owned arrays with a caller-owned workspace. {@link dev.ghmm.operator.Operator}
 * is sealed over dense, sparse (EJML CSC), Kronecker (eq. 2.10, 2.21, never materialised), block-diagonal (eq. 2.14)
 * and sum operators; {@link dev.ghmm.operator.Operators} builds them and picks the fastest representation by a cost
 * model; {@link dev.ghmm.operator.Invariance} decides partition preservation (eq. 2.9) and finds the finest preserved
 * partition. Above {@code partition}; below {@code belief} and {@code process}.
 */
package dev.ghmm.operator;
