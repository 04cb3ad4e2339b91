package dev.ghmm.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.dataset.DatasetWriter;
import dev.ghmm.io.output.OutputFiles;
import dev.ghmm.io.json.Json;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ghmm sample}: writes a {@code ghmm-dataset/1} directory (see {@link DatasetWriter}). */
@Command(name = "sample", mixinStandardHelpOptions = true, version = Main.VERSION,
        description = {"Writes a dataset: N sampled sequences of length L as .npy files and meta.json.",
            "The layout is ghmm-dataset/1 (docs/guide.md, \"Generate a dataset\"); the bytes depend on the seed, never on --threads."})
final class SampleCommand extends DatasetCommand {
    @Option(names = "--count", required = true, paramLabel = "N", converter = Options.Count.class, description = "Sequences, N >= 1.")
    long count;

    @Option(names = "--out", required = true, paramLabel = "DIR", converter = Options.AnyPath.class,
            description = "The dataset directory: new, empty, or replaced whole with --overwrite.")
    Path out;

    @Option(names = "--threads", paramLabel = "T", converter = Options.Threads.class,
            description = "Generator threads, T >= 1, capped at the available processors and at N (default: the available processors).")
    Integer threads;

    @Option(names = "--beliefs", description = "The same as --outputs tokens,beliefs,next,loss.")
    boolean beliefs;

    @Option(names = "--first", paramLabel = "K", converter = Options.First.class,
            description = "Write sequences [K, K + N) of the same dataset, K >= 0 (a shard; default 0).")
    long first;

    @Option(names = "--overwrite", description = "Replace a non-empty --out whole.")
    boolean overwrite;

    @Option(names = "--initial", paramLabel = "\"p0 p1 ...\"", description = "Another initial belief, for a process given by its matrices.")
    String initial;

    SampleCommand(Output output) {
        super(output);
    }

    @Override
    int run() throws IOException {
        if (beliefs && outputs != null) {
            throw usage("--beliefs is the same as --outputs tokens,beliefs,next,loss: give one of them");
        }
        if (first > Long.MAX_VALUE - count) {
            throw usage("--first " + first + " + --count " + count + " exceeds " + Long.MAX_VALUE);
        }
        Datasets.Freeze frozen = freeze();
        OutputFiles.checkDirectory(out, overwrite, processFile());
        Process p = load();
        if (initial != null) {
            if (!(p instanceof Ghmm g)) {
                throw usage("--initial needs a process given by its matrices; " + p.name() + " is composite");
            }
            p = g.withInitial(Options.numbers("--initial", initial));
        }
        Set<DatasetLayout.Output> names = beliefs ? EnumSet.of(DatasetLayout.Output.TOKENS, DatasetLayout.Output.BELIEFS,
                DatasetLayout.Output.NEXT, DatasetLayout.Output.LOSS)
                : outputs(p);
        DatasetWriter writer = new DatasetWriter(plan(p, names, frozen), first, count, usableThreads(threads, count));
        ProgressLine line = new ProgressLine(output.err, "ghmm sample", "sequences", count);
        boolean done = false;
        try {
            // the line ends when the last rows are written, before meta.json, the rename and any warning of publication
            writer.write(out, overwrite, written -> {
                line.update(written);
                if (written == count) {
                    line.finish(count);
                }
            }, processFile());
            done = true;
        } finally {
            if (!done) {
                line.abandon(); // a terminal's bar ends before the error line (none once the rows were all written)
            }
        }
        if (text) {
            output.line("wrote " + count + " sequences of length " + length + " to " + out);
        } else {
            ObjectNode o = Json.createObjectNode();
            o.put("out", out.toString());
            o.put("first", first);
            o.put("count", count);
            o.put("length", length);
            o.put("seed", seed);
            output.json(o);
        }
        return 0;
    }

    @Override
    String work() {
        return "--count " + count + " --length " + length + " of " + super.work();
    }
}
