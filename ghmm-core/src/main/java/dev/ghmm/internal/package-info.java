/**
 * What ghmm's own modules share and users do not call: argument checks ({@link dev.ghmm.internal.Checks}) whose
 * failures are {@link java.lang.IllegalArgumentException}s naming the argument, the index and the value, and the
 * eigenvalues of a symmetric matrix ({@link dev.ghmm.internal.Eigenvalues}). Exported
 * only to ghmm's modules (module-info of ghmm-core); on the class path it is visible but not API.
 */
package dev.ghmm.internal;
