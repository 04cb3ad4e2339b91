package dev.ghmm.cli;

import dev.ghmm.io.dataset.DatasetLayout;
import dev.ghmm.io.Npy;
import dev.ghmm.io.dataset.DatasetOptions;
import dev.ghmm.io.dataset.DatasetPlan;
import dev.ghmm.io.process.ProcessFiles;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
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

    @Option(names = "--eos", description = "Append an EOS token to every sequence, the id after BOS: |X| + 1 with --bos, |X| without.")
    boolean eos;

    @Option(names = "--pad-to", paramLabel = "T", converter = Options.Positive.class,
            description = "Fill every sequence with PAD tokens (the id after BOS and EOS) to T tokens, T >= the tokens of a sequence; every "
                    + "per-position output gains as many rows of zeros (docs/guide.md).")
    Integer padTo;

    @Option(names = "--freeze", paramLabel = "F[,F...]",
            description = "Frozen factors of a factored process (with --groups): within a group every frozen factor follows one shared symbol "
                    + "path, the others vary per sequence; a frozen factor's parents must be frozen too.")
    String freeze;

    @Option(names = "--groups", paramLabel = "K", converter = Options.Positive.class,
            description = "With --freeze: sequence i is in group i mod K, K >= 1; the sequences written at once (--count, --batch) must be a "
                    + "multiple of K.")
    Integer groups;

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
        return plan(p, names, freeze());
    }

    /** The dataset of these options with the frozen factors already read. */
    DatasetPlan plan(Process p, Set<DatasetLayout.Output> names, Datasets.Freeze frozen) throws IOException {
        return new DatasetPlan(p, ProcessFiles.specJson(process), new DatasetOptions(seed, length, names, dtype, framing(), simplexityNormalisation,
                frozen));
    }

    /** The special tokens of {@code --bos}, {@code --eos} and {@code --pad-to}. */
    DatasetLayout.Framing framing() {
        return new DatasetLayout.Framing(bos, eos, padTo == null ? 0 : padTo);
    }

    /** The frozen factors of {@code --freeze} and {@code --groups}, which come together. */
    Datasets.Freeze freeze() {
        if ((freeze == null) != (groups == null)) {
            throw usage(freeze == null ? "--groups needs --freeze: name the factors frozen within each group"
                    : "--freeze needs --groups K: the number of groups of sequences sharing the frozen factors");
        }
        return freeze == null ? Datasets.Freeze.NONE : new Datasets.Freeze(Options.factors("--freeze", freeze), groups);
    }

    /** T threads capped at the available processors and at the sequences generated at once (the processors without T). */
    static int usableThreads(Integer threads, long sequences) {
        int cores = Runtime.getRuntime().availableProcessors();
        // more threads than cores only add switching; more than sequences have nothing to do
        return (int) Math.min(threads == null ? cores : Math.min(threads, cores), sequences);
    }
}
