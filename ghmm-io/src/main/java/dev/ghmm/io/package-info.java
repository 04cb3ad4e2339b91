/**
 * File formats shared by the command line, the probes and the benchmarks: {@link dev.ghmm.io.Npy} writes numpy
 * {@code .npy} arrays streaming or into memory and reads them whole or through a window, so activation
 * arrays larger than memory are read a range at a time; {@link dev.ghmm.io.DatasetLayout} is the one home of the
 * {@code ghmm-dataset/1} directory (its files, their shapes, meta.json) and of the batches of {@code ghmm-stream/1}.
 */
package dev.ghmm.io;
