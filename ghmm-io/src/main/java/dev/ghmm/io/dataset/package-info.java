/**
 * The dataset format and its generator. The format has its one home in
 * {@link dev.ghmm.io.dataset.DatasetLayout}: the {@code ghmm-dataset/1} directory (its files, their shapes and dtypes,
 * meta.json), read and written, and the batches of {@code ghmm-stream/1}.
 *
 * <p>The generator of datasets, for Java callers and the {@code ghmm sample} and {@code ghmm stream} commands alike: a
 * {@link dev.ghmm.io.dataset.DatasetPlan} of a process and its {@link dev.ghmm.io.dataset.DatasetOptions},
 * written as a {@code ghmm-dataset/1} directory by {@link dev.ghmm.io.dataset.DatasetWriter} or as the
 * {@code ghmm-stream/1} batches of {@link dev.ghmm.io.dataset.BatchStream} to any channel or output stream.
 *
 * <p><b>The row contract.</b> Sequence i of a dataset is a function of the process, the options and i alone
 * ({@link dev.ghmm.sampling.Datasets#generate}): its row of every output holds the same bytes whether it is written in
 * a directory of sequences [K, K + N) (a shard), in batch k of rank r of W (which holds sequences [g·B, (g+1)·B),
 * g = k·W + r), on one thread or many. A belief row t is the belief after t tokens (row 0 the initial belief, L + 1
 * rows per sequence), normalised ⟨⟨η|1⟩⟩ = 1, or as Astera-org/simplexity normalises it on request; the special tokens
 * and padding rows are written, never generated.
 *
 * <p><b>Errors.</b> Bad values are refused with an {@link java.lang.IllegalArgumentException} whose one line names the
 * value as the command line's option does ({@code --length}, {@code --pad-to}, {@code --out}, and {@code --overwrite}
 * for the {@code overwrite} argument); I/O failures are {@link java.io.IOException}s, after which an output directory
 * is as it was. Nothing here exits or writes to stdout. The few warnings of a write that succeeded (a previous
 * dataset or a lock file that could not be deleted afterwards) and of a dataset a JVM shutdown dropped go to
 * {@link dev.ghmm.io.output.OutputFiles#warnings}'s sink: by default the {@link java.lang.System.Logger}
 * {@code dev.ghmm.io.output} at level WARNING, which the JDK's default logging prints on stderr. A
 * {@link dev.ghmm.io.dataset.DatasetWriter#write} registers the JVM shutdown hook of the package {@code dev.ghmm.io.output} if
 * nothing has yet.
 */
package dev.ghmm.io.dataset;
