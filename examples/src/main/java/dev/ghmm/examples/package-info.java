/**
 * Runnable examples, one task each; the test suite runs every one.
 */
package dev.ghmm.examples;
