/**
 * Outputs written whole or not at all, for the command line and library callers alike ({@link
 * dev.ghmm.io.output.OutputFiles}): a run writes into a temporary of its own beside the output, holding a lock on the
 * output path, and publishes it with one atomic rename; two runs never mix their files, a failure or a signal leaves
 * the previous output whole, and the next run reclaims what a killed one left.
 *
 * <p>The first output written (or the first call of {@code OutputFiles.warnings} or {@code OutputFiles.interrupted})
 * registers a JVM shutdown hook (thread {@code ghmm-output-cleanup}), which runs at any
 * shutdown (SIGINT, SIGTERM, {@link java.lang.System#exit}, the last non-daemon thread ending): no output starts
 * writing or commits after it, an output still being written is deleted (its previous state stays), one being
 * renamed into place finishes first, and each of them is reported as a warning. Warnings go to the sink of
 * {@link dev.ghmm.io.output.OutputFiles#warnings}: by default the {@link java.lang.System.Logger}
 * {@code dev.ghmm.io.output} at level WARNING, which the JDK's default logging prints on stderr; a library caller
 * redirects them with {@code OutputFiles.warnings(sink)}.
 */
package dev.ghmm.io.output;
