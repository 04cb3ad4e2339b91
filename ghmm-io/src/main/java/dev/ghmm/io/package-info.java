/**
 * File formats shared by the command line and the probes, with no dependency beyond the JDK: {@link dev.ghmm.io.Npy}
 * writes numpy {@code .npy} arrays streaming and reads them whole or through a window, so activation
 * arrays larger than memory are read a range at a time.
 */
package dev.ghmm.io;
