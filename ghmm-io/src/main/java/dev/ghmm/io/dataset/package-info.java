/**
 * The generator of datasets, for Java callers and the {@code ghmm sample} and {@code ghmm stream} commands alike: a
 * {@link dev.ghmm.io.dataset.DatasetPlan} of a process and its {@link dev.ghmm.io.dataset.DatasetOptions},
 * written as a {@code ghmm-dataset/1} directory by {@link dev.ghmm.io.dataset.DatasetWriter} or as the
 * {@code ghmm-stream/1} batches of {@link dev.ghmm.io.dataset.BatchStream} to any channel or output stream. The format
 * itself (files, shapes, dtypes, meta.json, the stream header) has its one home in {@link dev.ghmm.io.DatasetLayout}.
 *
 * <p><b>The row contract.</b> Sequence i of a dataset is a function of the process, the options and i alone
 * ({@link dev.ghmm.sampling.Datasets#generate}): its row of every output holds the same bytes whether it is written in
 * a directory of sequences [K, K + N) (a shard), in batch k of rank r of W (which holds sequences [g·B, (g+1)·B),
 * g = k·W + r), on one thread or many. A belief row t is the belief after t tokens (row 0 the initial belief, L + 1
 * rows per sequence), normalised ⟨⟨η|1⟩⟩ = 1, or as Astera-org/simplexity normalises it on request; the special tokens
 * and padding rows are written, never generated.
 *
 * <p><b>Errors.</b> Bad values are refused with an {@link java.lang.IllegalArgumentException} whose one line names the
 * value as the command line's option does ({@code --length}, {@code --pad-to}, {@code --out}); I/O failures are
 * {@link java.io.IOException}s, after which an output directory is as it was. Nothing here prints or exits.
 */
package dev.ghmm.io.dataset;
