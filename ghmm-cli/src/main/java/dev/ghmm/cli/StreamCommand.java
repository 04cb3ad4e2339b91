package dev.ghmm.cli;

import dev.ghmm.io.dataset.BatchStream;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.io.InterruptedIOException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghmm stream}: the dataset of {@code sample} as a stream of batches on stdout ({@link BatchStream}). */
@Command(name = "stream", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Writes the dataset of ghmm sample to stdout as batches: one line of JSON, then each batch as the .npy files of its outputs.",
            "Batch k of rank r of W holds sequences [g*B, (g+1)*B), g = k*W + r, byte for byte those rows of ghmm sample with the same "
                + "--process, --seed, --length, --outputs, --dtype, --bos, --eos, --pad-to, --freeze, --groups and --simplexity-normalisation "
                + "(format ghmm-stream/1, docs/guide.md, \"Stream\").",
            "The generator runs at most three batches ahead and waits for a slow reader: memory is three batches of bytes, about "
                + "3 x B x bytes per sequence, and one batch of generated doubles over all threads, or 4 MiB of doubles per thread where that is more. The stream ends after --batches N, or never; "
                + "a reader that closes it ends it quietly (exit 0)."})
final class StreamCommand extends DatasetCommand {
    @Option(names = "--batch", required = true, paramLabel = "B", converter = Options.Positive.class, description = "Sequences per batch, B >= 1.")
    int batch;

    @Option(names = "--start-batch", paramLabel = "K", converter = Options.First.class,
            description = "The first batch emitted is k = K, K >= 0 (default 0): resume a run exactly where it stopped.")
    long startBatch;

    @Option(names = "--batches", paramLabel = "N", converter = Options.Count.class, description = "Emit N >= 1 batches, then end (default: endless).")
    Long batches;

    @Option(names = "--rank", paramLabel = "R", converter = Options.Index.class, description = "This reader's rank, 0 <= R < W (default 0).")
    int rank;

    @Option(names = "--world", paramLabel = "W", converter = Options.Positive.class,
            description = "The number of ranks, W >= 1 (default 1): the ranks' batches are disjoint and together cover the dataset.")
    int world = 1;

    @Option(names = "--threads", paramLabel = "T", converter = Options.Threads.class,
            description = "Generator threads, T >= 1, capped at the available processors and at B (default: the available processors).")
    Integer threads;

    StreamCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        if (rank >= world) {
            throw usage("--rank " + rank + " must be less than --world " + world);
        }
        Process p = load();
        BatchStream stream = new BatchStream(plan(p, outputs(p)), batch, rank, world, startBatch, batches, usableThreads(threads, batch));
        try {
            stream.write(output.stdout());
        } catch (InterruptedIOException e) {
            throw e;
        } catch (IOException e) {
            // the reader has closed the pipe (EPIPE): the stream ends there, quietly
        }
        return 0;
    }

    @Override
    String work() {
        return "--batch " + batch + " --length " + length + " of " + super.work();
    }
}
