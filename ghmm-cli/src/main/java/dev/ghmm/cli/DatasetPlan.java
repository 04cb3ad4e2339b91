package dev.ghmm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.io.DatasetLayout;
import dev.ghmm.io.DatasetLayout.Output;
import dev.ghmm.io.Npy;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A dataset of a process as {@code sample} and {@code stream} generate it: the {@link DatasetLayout} of its outputs,
 * what {@link Datasets} records for them, a generated block as the layout's source, and what meta.json states.
 */
public final class DatasetPlan {
    /** A single sequence may hold at most this many generated values (1 GiB of doubles). */
    static final long MAX_SEQUENCE_VALUES = 1L << 27;

    final Process process;
    final DatasetLayout layout;
    final Set<Datasets.Output> recorded;
    final DatasetLayout.Description description;
    /** Values one generated sequence holds: tokens, the recorded rows and two scalars per position. */
    final long valuesPerSequence;

    /**
     * The plan of a dataset.
     *
     * @param process the process
     * @param spec    its full specification, stated in meta.json so the dataset can be regenerated
     * @param seed    the dataset seed
     * @param outputs the outputs
     * @param length  L
     * @param bos     whether sequences start with a BOS token
     * @param dtype   the type of the floating outputs
     * @throws IllegalArgumentException on no outputs, factor beliefs of a process that is not factored, or a sequence
     *                                  of more than 2<sup>27</sup> values (1 GiB of doubles) with these outputs
     */
    public DatasetPlan(Process process, JsonNode spec, long seed, Set<Output> outputs, int length, boolean bos, Npy.Dtype dtype) {
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("--outputs is empty; expected some of " + Output.labels());
        }
        if (outputs.contains(Output.FACTOR_BELIEFS) && !(process instanceof FactoredProcess)) {
            throw new IllegalArgumentException("--outputs factor-beliefs needs a factored process; " + process.name() + " is not one");
        }
        BeliefFilter filter = process.filter();
        int[] parts = new int[filter.parts()];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = filter.partDimension(p);
        }
        this.process = process;
        this.layout = new DatasetLayout(outputs, length, bos, dtype, filter.symbols(), filter.dimension(), parts);
        this.recorded = EnumSet.noneOf(Datasets.Output.class);
        for (Output o : outputs) {
            switch (o) {
                case BELIEFS -> recorded.add(Datasets.Output.BELIEFS);
                case FACTOR_BELIEFS -> recorded.add(Datasets.Output.PART_BELIEFS);
                case NEXT -> recorded.add(Datasets.Output.NEXT);
                case LOSS -> recorded.add(Datasets.Output.LOSS);
                case LOGPROB -> recorded.add(Datasets.Output.LOGPROB);
                default -> {
                    // tokens are always generated
                }
            }
        }
        this.valuesPerSequence = (long) (length + 1) * (1 + (recorded.contains(Datasets.Output.BELIEFS) ? filter.dimension() : 0)
                + (recorded.contains(Datasets.Output.PART_BELIEFS) ? Arrays.stream(parts).sum() : 0)
                + (recorded.contains(Datasets.Output.NEXT) ? filter.symbols() : 0) + 2);
        if (valuesPerSequence > MAX_SEQUENCE_VALUES) {
            throw new IllegalArgumentException("--length " + length + " with these outputs needs " + valuesPerSequence + " values per sequence ("
                    + valuesPerSequence * 8 / (1 << 20) + " MiB), more than the " + MAX_SEQUENCE_VALUES * 8 / (1 << 20) + " MiB a sequence may hold");
        }
        List<DatasetLayout.Factor> factors = new ArrayList<>();
        if (process instanceof FactoredProcess fp) {
            for (int f = 0; f < fp.factorCount(); f++) {
                factors.add(new DatasetLayout.Factor(fp.dimensions()[f], List.of(fp.factor(f).alphabet().names())));
            }
        }
        this.description = new DatasetLayout.Description(spec, seed, List.of(process.alphabet().names()), factors, OutputFiles.VERSION);
    }

    /**
     * The default outputs: tokens and factor beliefs for a factored process, tokens and joint beliefs otherwise.
     *
     * @param process the process
     * @return the outputs
     */
    static Set<Output> defaultOutputs(Process process) {
        return EnumSet.of(Output.TOKENS, process instanceof FactoredProcess ? Output.FACTOR_BELIEFS : Output.BELIEFS);
    }

    /** {@code --outputs LIST}: comma-separated output names; an unknown name is refused naming the option. */
    static Set<Output> outputs(String list) {
        Set<Output> outputs = EnumSet.noneOf(Output.class);
        for (String name : list.split(",", -1)) {
            try {
                outputs.add(Output.of(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--outputs: " + e.getMessage());
            }
        }
        return outputs;
    }

    /** A block of the generator as the layout's source. */
    static DatasetLayout.Source source(Datasets.Block b) {
        return new DatasetLayout.Source() {
            @Override
            public int[] tokens() {
                return b.tokens();
            }

            @Override
            public double[] values(Output output, int factor) {
                return switch (output) {
                    case BELIEFS -> b.beliefs();
                    case FACTOR_BELIEFS -> b.parts()[factor];
                    case NEXT -> b.next();
                    case LOSS -> b.loss();
                    case LOGPROB -> b.logprob();
                    case TOKENS -> throw new IllegalArgumentException("tokens are ints");
                };
            }
        };
    }
}
