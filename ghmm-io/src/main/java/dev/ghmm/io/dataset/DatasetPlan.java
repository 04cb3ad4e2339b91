package dev.ghmm.io.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ghmm.Tolerances;
import dev.ghmm.Vectors;
import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.NoisyProcess;
import dev.ghmm.io.dataset.DatasetLayout.Output;
import dev.ghmm.io.Npy;
import dev.ghmm.io.Version;
import dev.ghmm.process.Process;
import dev.ghmm.sampling.Datasets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A dataset of a process as {@code sample} and {@code stream} generate it: the {@link DatasetLayout} of its outputs,
 * what {@link Datasets} records for them, the normalisation of the beliefs written, a generated block as the layout's
 * source, and what meta.json states. Immutable; {@link DatasetWriter} writes it as a directory and {@link BatchStream}
 * as batches, byte for byte the same rows.
 */
public final class DatasetPlan {
    /** A single sequence may hold at most this many generated values (1 GiB of doubles). */
    static final long MAX_SEQUENCE_VALUES = 1L << 27;

    final Process process;
    private final DatasetOptions options;
    /** The frozen factors and groups ({@link Datasets.Freeze#NONE} without). */
    final Datasets.Freeze freeze;
    final DatasetLayout layout;
    final Set<Datasets.Output> recorded;
    final DatasetLayout.Description description;
    /** Values one generated sequence holds: tokens, the recorded rows and two scalars per position. */
    final long valuesPerSequence;
    /** S and each part's d<sub>p</sub>: a belief's values. */
    private final int states;
    private final int[] partDimensions;
    /** What the joint and each part's beliefs are multiplied by when written (all 1 without simplexity normalisation). */
    private final double jointScale;
    private final double[] partScales;

    /**
     * The plan of a dataset.
     *
     * <p>With {@link DatasetOptions#simplexityNormalisation()}, beliefs are written as Astera-org/simplexity normalises
     * them, ⟨⟨η|w⟩⟩ = 1 with w = S·|1⟩⟩/Σ<sub>i</sub>|1⟩⟩<sub>i</sub>, instead of ⟨⟨η|1⟩⟩ = 1: each belief times
     * Σ<sub>i</sub>|1⟩⟩<sub>i</sub>/S, the same factor for every row (1 for an HMM); a factor's beliefs by its own
     * factor, the joint by their product.
     *
     * @param process the process
     * @param spec    its full specification (copied), stated in meta.json so the dataset can be regenerated
     *                ({@code ProcessFiles.specJson})
     * @param options the dataset
     * @throws IllegalArgumentException on no outputs, factor beliefs or the factor gap of a process that is not factored
     *                                  (or noisy factored), a sequence of more than 2<sup>27</sup> values (1 GiB of
     *                                  doubles) with these outputs, simplexity normalisation of a process (or factor)
     *                                  whose |1⟩⟩ sums to 0, a padded length shorter than a sequence ({@code --pad-to}),
     *                                  or factors the process cannot freeze ({@code --freeze}, {@link Datasets.Freeze#mask})
     */
    public DatasetPlan(Process process, JsonNode spec, DatasetOptions options) {
        this.options = options;
        Set<Output> outputs = options.outputs();
        int length = options.length();
        Datasets.Freeze freeze = options.freeze();
        DatasetLayout.Framing framing = options.framing();
        Npy.Dtype dtype = options.dtype();
        boolean simplexityNormalisation = options.simplexityNormalisation();
        long seed = options.seed();
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("--outputs is empty; expected some of " + Output.labels());
        }
        Optional<FactoredProcess> factored = NoisyProcess.factorsOf(process);
        for (Output needsFactors : List.of(Output.FACTOR_BELIEFS, Output.FACTOR_GAP)) {
            if (outputs.contains(needsFactors) && factored.isEmpty()) {
                throw new IllegalArgumentException("--outputs " + needsFactors.label() + " needs a factored process; " + process.name()
                        + " is not one");
            }
        }
        try {
            freeze.mask(process);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--freeze: " + e.getMessage());
        }
        this.freeze = freeze;
        BeliefFilter filter = process.filter();
        int[] parts = new int[filter.parts()];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = filter.partDimension(p);
        }
        this.process = process;
        this.states = filter.dimension();
        this.partDimensions = parts;
        try {
            this.layout = new DatasetLayout(outputs, length, framing, dtype, filter.symbols(), filter.dimension(), parts)
                    .withDivergence(factored.isPresent() && hmmFactors(factored.get()));
        } catch (IllegalArgumentException e) {
            // the options are checked by now but for the padded length, which the layout checks against L
            throw new IllegalArgumentException("--pad-to: " + e.getMessage());
        }
        this.recorded = EnumSet.noneOf(Datasets.Output.class);
        for (Output o : outputs) {
            switch (o) {
                case BELIEFS -> recorded.add(Datasets.Output.BELIEFS);
                case FACTOR_BELIEFS -> recorded.add(Datasets.Output.PART_BELIEFS);
                case NEXT -> recorded.add(Datasets.Output.NEXT);
                case LOSS -> recorded.add(Datasets.Output.LOSS);
                case LOGPROB -> recorded.add(Datasets.Output.LOGPROB);
                case FACTOR_GAP -> recorded.add(Datasets.Output.FACTOR_GAP);
                default -> {
                    // tokens are always generated
                }
            }
        }
        // the special tokens and trailing rows are written, never generated
        this.valuesPerSequence = (long) (length + 1) * (1 + (recorded.contains(Datasets.Output.BELIEFS) ? filter.dimension() : 0)
                + (recorded.contains(Datasets.Output.PART_BELIEFS) ? Arrays.stream(parts).sum() : 0)
                + (recorded.contains(Datasets.Output.NEXT) ? filter.symbols() : 0) + 2
                + (recorded.contains(Datasets.Output.FACTOR_GAP) ? 2 : 0));
        if (valuesPerSequence > MAX_SEQUENCE_VALUES) {
            throw new IllegalArgumentException("--length " + length + " with these outputs needs " + valuesPerSequence + " values per sequence ("
                    + valuesPerSequence * 8 / (1 << 20) + " MiB), more than the " + MAX_SEQUENCE_VALUES * 8 / (1 << 20) + " MiB a sequence may hold");
        }
        List<DatasetLayout.Factor> factors = new ArrayList<>();
        if (factored.isPresent()) {
            FactoredProcess fp = factored.get();
            for (int f = 0; f < fp.factorCount(); f++) {
                factors.add(new DatasetLayout.Factor(fp.dimensions()[f], List.of(fp.factor(f).alphabet().names())));
            }
        }
        this.partScales = new double[parts.length];
        Arrays.fill(partScales, 1.0);
        double joint = 1.0;
        if (simplexityNormalisation) {
            if (factored.isPresent()) {
                FactoredProcess fp = factored.get();
                for (int f = 0; f < partScales.length; f++) {
                    partScales[f] = simplexityScale(fp.variant(f, 0).one(), "factor " + f);
                    joint *= partScales[f];
                }
            } else {
                joint = simplexityScale(process.joint().one(), process.name());
            }
        }
        this.jointScale = joint;
        // stated only where it changes a written belief: an HMM's beliefs, or a dataset without beliefs, are ghmm's too
        boolean changed = outputs.contains(Output.BELIEFS) && jointScale != 1.0
                || outputs.contains(Output.FACTOR_BELIEFS) && Arrays.stream(partScales).anyMatch(scale -> scale != 1.0);
        this.description = new DatasetLayout.Description(spec, seed, List.of(process.alphabet().names()), factors, Version.CURRENT,
                changed ? DatasetLayout.BeliefNormalisation.SIMPLEXITY : DatasetLayout.BeliefNormalisation.GHMM,
                Arrays.stream(freeze.factors()).boxed().toList(), freeze.groups());
    }

    /** {@return the process} */
    public Process process() {
        return process;
    }

    /** {@return the options of the dataset} */
    public DatasetOptions options() {
        return options;
    }

    /** {@return the layout of its files and batches} */
    public DatasetLayout layout() {
        return layout;
    }

    /** {@return what its meta.json and stream header state} */
    public DatasetLayout.Description description() {
        return description;
    }

    /** Whether every variant of every factor is an HMM: the factor gap then states the divergence too. */
    private static boolean hmmFactors(FactoredProcess fp) {
        for (int f = 0; f < fp.factorCount(); f++) {
            for (int k = 0; k < fp.variantCount(f); k++) {
                if (!fp.variant(f, k).isHmm()) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Σ<sub>i</sub>|1⟩⟩<sub>i</sub>/S: a belief with ⟨⟨η|1⟩⟩ = 1 times this has ⟨⟨η|w⟩⟩ = 1 for simplexity's
     * w = S·|1⟩⟩/Σ<sub>i</sub>|1⟩⟩<sub>i</sub> (its normalising eigenvector, scaled to sum to S).
     *
     * @throws IllegalArgumentException when Σ<sub>i</sub>|1⟩⟩<sub>i</sub> = 0, which leaves w undefined
     */
    private static double simplexityScale(double[] one, String what) {
        double sum = Vectors.sum(one);
        if (Math.abs(sum) <= Tolerances.INPUT * Vectors.maxAbs(one)) {
            throw new IllegalArgumentException("--simplexity-normalisation: the entries of |1⟩⟩ of " + what + " sum to " + sum
                    + ", so simplexity's normalising vector S·|1⟩⟩/Σ|1⟩⟩ is undefined");
        }
        return sum / one.length;
    }

    /**
     * Brings the beliefs of sequences [from, to) of a generated block to the normalisation written, in place: the
     * joint and each part's times their scale (nothing without simplexity normalisation). Call it once per generated
     * range, before the range is written; ranges of one block may be normalised at once on different threads.
     *
     * @param b    a block generated for this plan
     * @param from the first sequence in the block
     * @param to   the end
     */
    void normalise(Datasets.Block b, int from, int to) {
        int rows = layout.length() + 1;
        if (b.beliefs() != null) {
            scale(b.beliefs(), from, to, rows * states, jointScale);
        }
        if (b.parts() != null) {
            for (int p = 0; p < b.parts().length; p++) {
                scale(b.parts()[p], from, to, rows * partDimensions[p], partScales[p]);
            }
        }
    }

    /** Multiplies the values of sequences [from, to), {@code perSequence} each, by {@code scale}; nothing for 1. */
    private static void scale(double[] values, int from, int to, int perSequence, double scale) {
        if (scale != 1.0) {
            for (int k = from * perSequence, end = to * perSequence; k < end; k++) {
                values[k] *= scale;
            }
        }
    }

    /**
     * The default outputs: tokens and factor beliefs for a factored process, tokens and joint beliefs otherwise.
     *
     * @param process the process
     * @return the outputs
     */
    public static Set<Output> defaultOutputs(Process process) {
        return EnumSet.of(Output.TOKENS, NoisyProcess.factorsOf(process).isPresent() ? Output.FACTOR_BELIEFS : Output.BELIEFS);
    }

    /**
     * The outputs of {@code --outputs LIST}: comma-separated output names ({@link Output#of}).
     *
     * @param list the names, such as {@code tokens,beliefs}
     * @return the outputs
     * @throws IllegalArgumentException on an unknown name, naming the option and the name
     */
    public static Set<Output> outputs(String list) {
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

    /**
     * Checks that every group of {@code count} sequences is of equal size.
     *
     * @param option the option that gives the count, for the message
     * @param count  the sequences written at once (a dataset, or a batch)
     * @throws IllegalArgumentException when factors are frozen and the count is not a multiple of K
     */
    void requireWholeGroups(String option, long count) {
        if (!freeze.isNone() && count % freeze.groups() != 0) {
            throw new IllegalArgumentException(option + " " + count + " is not a multiple of --groups " + freeze.groups()
                    + ": every group must hold as many sequences");
        }
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
                    case FACTOR_GAP -> b.gap();
                    case TOKENS -> throw new IllegalArgumentException("tokens are ints");
                };
            }
        };
    }
}
