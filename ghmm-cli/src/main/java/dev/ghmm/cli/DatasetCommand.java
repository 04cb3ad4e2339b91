package dev.ghmm.cli;

import dev.ghmm.io.DatasetLayout;
import dev.ghmm.io.Npy;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.process.Process;
import java.io.IOException;
import java.util.Set;
import picocli.CommandLine.Option;

/** The options of a dataset that {@code sample} and {@code stream} share: they mean the same in both. */
abstract class DatasetCommand extends ProcessCommand {
    @Option(names = "--length", required = true, paramLabel = "L", converter = Options.Length.class,
            description = "Tokens per sequence (before BOS), 1 <= L <= 1073741823.")
    int length;

    @Option(names = "--seed", required = true, paramLabel = "S", converter = Options.Seed.class, description = "The dataset seed, any 64-bit integer; required, with no default, so that every dataset names the seed that remakes it.")
    long seed;

    @Option(names = "--outputs", paramLabel = "LIST",
            description = "Some of tokens,beliefs,factor-beliefs,next,loss,logprob,factor-gap (default: tokens and factor-beliefs for a factored "
                    + "process, "
                    + "tokens and beliefs otherwise).")
    String outputs;

    @Option(names = "--dtype", paramLabel = "float32|float64", converter = Options.DtypeName.class, completionCandidates = Options.DtypeName.class,
            description = "The type of every floating output (default float32; float16 is not offered, see docs/guide.md).")
    Npy.Dtype dtype = Npy.Dtype.FLOAT32;

    @Option(names = "--bos", description = "Prepend a BOS token of id |X| to every sequence.")
    boolean bos;

    @Option(names = "--simplexity-normalisation",
            description = "Write beliefs normalised as Astera-org/simplexity does, <eta|w> = 1 with w = S |1>> / sum(|1>>), instead of <eta|1>> = 1:"
                    + " every belief times sum(|1>>)/S, unchanged for an HMM (docs/guide.md).")
    boolean simplexityNormalisation;

    DatasetCommand(Output output) {
        super(output);
    }

    /** The outputs of {@code --outputs}, or the process's default ones. */
    Set<DatasetLayout.Output> outputs(Process p) {
        return outputs == null ? DatasetPlan.defaultOutputs(p) : DatasetPlan.outputs(outputs);
    }

    /** The dataset of these options. */
    DatasetPlan plan(Process p, Set<DatasetLayout.Output> names) throws IOException {
        return new DatasetPlan(p, ProcessFiles.specJson(process), seed, names, length, bos, dtype, simplexityNormalisation);
    }

    /** T threads capped at the available processors and at the sequences generated at once (the processors without T). */
    static int usableThreads(Integer threads, long sequences) {
        int cores = Runtime.getRuntime().availableProcessors();
        // more threads than cores only add switching; more than sequences have nothing to do
        return (int) Math.min(threads == null ? cores : Math.min(threads, cores), sequences);
    }
}
