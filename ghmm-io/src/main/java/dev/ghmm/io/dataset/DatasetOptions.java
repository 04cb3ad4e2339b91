package dev.ghmm.io.dataset;

import dev.ghmm.io.dataset.DatasetLayout.Framing;
import dev.ghmm.io.dataset.DatasetLayout.Output;
import dev.ghmm.io.Npy;
import dev.ghmm.sampling.Datasets;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a dataset of a process is, whichever way it is written (a directory of {@link DatasetWriter}, the batches of
 * {@link BatchStream}): the options {@code ghmm sample} and {@code ghmm stream} share, under the same names.
 *
 * @param seed    the dataset seed ({@code --seed})
 * @param length  L ≥ 1, tokens per sequence before BOS ({@code --length})
 * @param outputs the outputs, not empty ({@code --outputs}; {@link DatasetPlan#defaultOutputs} gives the default)
 * @param dtype   the type of every floating output, float32 or float64 ({@code --dtype})
 * @param framing the BOS, EOS and PAD tokens around the symbols ({@code --bos}, {@code --eos}, {@code --pad-to})
 * @param simplexityNormalisation whether beliefs are written as Astera-org/simplexity normalises them
 *                ({@code --simplexity-normalisation}; {@link DatasetPlan#DatasetPlan})
 * @param freeze  the frozen factors and groups ({@code --freeze}, {@code --groups}); {@link Datasets.Freeze#NONE}
 *                without
 */
public record DatasetOptions(long seed, int length, Set<Output> outputs, Npy.Dtype dtype, Framing framing, boolean simplexityNormalisation,
                             Datasets.Freeze freeze) {
    /**
     * Options, the outputs copied into an unmodifiable set.
     *
     * @param seed    the dataset seed
     * @param length  L, tokens per sequence before BOS
     * @param outputs the outputs
     * @param dtype   the type of every floating output
     * @param framing the BOS, EOS and PAD tokens
     * @param simplexityNormalisation whether beliefs are written as simplexity normalises them
     * @param freeze  the frozen factors and groups
     * @throws NullPointerException     on a null outputs, dtype, framing or freeze
     * @throws IllegalArgumentException on L &lt; 1 or a dtype that is not float32 or float64
     */
    public DatasetOptions {
        outputs = Collections.unmodifiableSet(outputs.isEmpty() ? EnumSet.noneOf(Output.class) : EnumSet.copyOf(outputs));
        Objects.requireNonNull(dtype, "dtype");
        if (length < 1) {
            throw new IllegalArgumentException("length " + length + " must be >= 1");
        }
        if (dtype != Npy.Dtype.FLOAT32 && dtype != Npy.Dtype.FLOAT64) {
            throw new IllegalArgumentException("dtype " + dtype.label() + " must be float32 or float64");
        }
        Objects.requireNonNull(framing, "framing");
        Objects.requireNonNull(freeze, "freeze");
    }

    /**
     * The options of a plain dataset: float32 outputs, no special tokens, ghmm's normalisation, nothing frozen.
     *
     * @param seed    the dataset seed
     * @param length  L, tokens per sequence
     * @param outputs the outputs
     * @return the options
     */
    public static DatasetOptions of(long seed, int length, Set<Output> outputs) {
        return new DatasetOptions(seed, length, outputs, Npy.Dtype.FLOAT32, new Framing(false, false, 0), false, Datasets.Freeze.NONE);
    }

    /**
     * These options with another floating type.
     *
     * @param type float32 or float64
     * @return the options
     * @throws IllegalArgumentException on another type
     */
    public DatasetOptions withDtype(Npy.Dtype type) {
        return new DatasetOptions(seed, length, outputs, type, framing, simplexityNormalisation, freeze);
    }

    /**
     * These options with other special tokens.
     *
     * @param tokens the BOS, EOS and PAD tokens
     * @return the options
     */
    public DatasetOptions withFraming(Framing tokens) {
        return new DatasetOptions(seed, length, outputs, dtype, tokens, simplexityNormalisation, freeze);
    }

    /**
     * These options with or without simplexity's normalisation of the beliefs.
     *
     * @param simplexity whether beliefs are written as Astera-org/simplexity normalises them
     * @return the options
     */
    public DatasetOptions withSimplexityNormalisation(boolean simplexity) {
        return new DatasetOptions(seed, length, outputs, dtype, framing, simplexity, freeze);
    }

    /**
     * These options with other frozen factors.
     *
     * @param frozen the frozen factors and groups
     * @return the options
     */
    public DatasetOptions withFreeze(Datasets.Freeze frozen) {
        return new DatasetOptions(seed, length, outputs, dtype, framing, simplexityNormalisation, frozen);
    }
}
