/**
 * The array format shared by the command line, the probes and the benchmarks: {@link dev.ghmm.io.Npy} writes numpy
 * {@code .npy} arrays streaming or into memory and reads them whole or through a window, so activation
 * arrays larger than memory are read a range at a time; {@link dev.ghmm.io.Version} is the version files record. The
 * dataset format built on it is {@code dev.ghmm.io.dataset}.
 */
package dev.ghmm.io;
