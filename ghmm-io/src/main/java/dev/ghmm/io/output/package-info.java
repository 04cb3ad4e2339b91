/**
 * Outputs written whole or not at all, for the command line and library callers alike ({@link
 * dev.ghmm.io.output.OutputFiles}): a run writes into a temporary of its own beside the output, holding a lock on the
 * output path, and publishes it with one atomic rename; two runs never mix their files, a failure or a signal leaves
 * the previous output whole, and the next run reclaims what a killed one left.
 */
package dev.ghmm.io.output;
