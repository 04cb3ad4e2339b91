package dev.ghmm.factored;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.belief.FilterModel;
import dev.ghmm.belief.NoisyChannel;
import dev.ghmm.belief.ProductModel;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Ghmm;
import dev.ghmm.process.GhmmBuilder;
import dev.ghmm.process.Process;
import dev.ghmm.operator.Operator;
import java.util.List;
import java.util.Optional;

/**
 * A process seen through a {@link NoisyChannel} (docs/math.md, "Noisy channels"): each symbol is received unchanged
 * with probability 1 − ε and replaced by a uniform one with probability ε, over the whole alphabet or over each
 * factor's. Immutable and thread-safe.
 * <ul>
 * <li>{@code updates: sent} — the GHMM T′(x) = (1 − ε)T(x) + (ε/|𝒳|)T, whose filter holds the exact posterior. Over
 * the joint alphabet of a factored process the belief no longer factors: the filter keeps the joint belief, updates it
 * one factor at a time, and its parts are the factor marginals. Over the factors it is the factored process of blurred
 * factors (each variant's T′<sub>f</sub>), in which a controlled factor's variant is chosen by its parents' symbols
 * <em>received</em>: for independent factors this is Σ<sub>y</sub> B(x | y)T(y) with the product blur
 * B = Π<sub>f</sub> B<sub>f</sub>; for a chain or control map it is not (the product blur of the clean process, whose
 * children follow the symbols sent, does not factor and is not offered). A process without factors (a GHMM, a direct
 * sum, fully conditional factors, whose belief is already joint) is blurred over its alphabet, whatever {@code over}
 * says.</li>
 * <li>{@code updates: received} — every factor advances on the symbol received with its clean operators (the Python
 * peer's noisy factored processes): the factors' beliefs are exact predictive states of this different process, which
 * has no finite GHMM, so {@link #joint()} and {@link #filterModel()} refuse it.</li>
 * </ul>
 * At ε = 0 the process reads and draws exactly as the clean process does (its filter is the clean one), so datasets
 * are the same bytes.
 */
public final class NoisyProcess implements Process {
    private final Process process;
    private final NoisyChannel channel;
    /** The factored process of blurred factors (sent over factors), else null. */
    private final FactoredProcess blurredFactors;
    private final String name;
    private volatile FilterModel model;
    private volatile Ghmm joint;

    private NoisyProcess(Process process, NoisyChannel channel, FactoredProcess blurredFactors) {
        this.process = process;
        this.channel = channel;
        this.blurredFactors = blurredFactors;
        this.name = "noisy(" + process.name() + "; epsilon " + channel.epsilon() + ", over " + channel.over().label() + ", updates "
                + channel.updates().label() + ")";
    }

    /**
     * The process through the channel.
     *
     * @param process the clean process
     * @param channel the channel
     * @return the noisy process
     * @throws IllegalArgumentException for ε &gt; 0 over conditional_transitions without a joint GHMM
     *                                  ({@link FactoredProcess#hasJoint}), saying why
     */
    public static NoisyProcess of(Process process, NoisyChannel channel) {
        FactoredProcess structure = process instanceof FactoredProcess fp ? fp : process instanceof SparseComposite s ? s.factored() : null;
        if (channel.epsilon() > 0.0 && structure != null && !structure.hasJoint()) {
            throw new IllegalArgumentException("a noisy channel over conditional_transitions whose emission variants differ from its transition"
                    + " variants is not defined: that process has no joint GHMM (each factor's state is renormalised by its transition variant,"
                    + " docs/math.md (C4)), and the channel blurs a GHMM's operators (sent) or advances one filter of a GHMM or of a product of"
                    + " factors on the token received (received)");
        }
        FactoredProcess blurred = null;
        if (process instanceof FactoredProcess fp && fp.isKronecker() && channel.updates() == NoisyChannel.Updates.SENT
                && channel.over() == NoisyChannel.Over.FACTORS && channel.epsilon() > 0.0) {
            NoisyChannel each = new NoisyChannel(channel.epsilon(), NoisyChannel.Over.JOINT, NoisyChannel.Updates.SENT);
            FactoredProcess.Builder builder = FactoredProcess.builder();
            for (int f = 0; f < fp.factorCount(); f++) {
                Process[] variants = new Process[fp.variantCount(f)];
                for (int k = 0; k < variants.length; k++) {
                    variants[k] = of(fp.variantProcess(f, k), each);
                }
                builder.factor(variants);
                if (fp.parents(f).length > 0) {
                    builder.control(f, fp.parents(f), fp.controlTable(f));
                }
            }
            blurred = builder.build();
        }
        return new NoisyProcess(process, channel, blurred);
    }

    /** {@return the clean process} */
    public Process process() {
        return process;
    }

    /** {@return the channel} */
    public NoisyChannel channel() {
        return channel;
    }

    /**
     * The factored process whose factors a process's parts are: the process itself, or the clean process of a noisy
     * one over a factored process (its filter's parts are that process's factors, with their alphabets and
     * dimensions), or the factored process of a sparse composite one (its filter is the factored process's, symbols
     * renamed), also under a noisy channel of ε = 0. A noisy process of a noisy process, or of fully conditional
     * factors, and a noisy process of ε &gt; 0 over a sparse composite one are read through the blurred joint GHMM and
     * have no factors; so is a sparse composite process of fully conditional factors.
     *
     * @param process any process
     * @return its factored structure, or empty
     */
    public static Optional<FactoredProcess> factorsOf(Process process) {
        if (process instanceof FactoredProcess fp) {
            return Optional.of(fp);
        }
        if (process instanceof NoisyProcess noisy && noisy.process instanceof FactoredProcess fp && fp.isKronecker()) {
            return Optional.of(fp);
        }
        if (process instanceof SparseComposite sparse && !sparse.factored().isFullyConditional()) {
            return Optional.of(sparse.factored());
        }
        if (process instanceof NoisyProcess noisy && noisy.channel.epsilon() == 0.0 && noisy.process instanceof SparseComposite) {
            return factorsOf(noisy.process);
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Alphabet alphabet() {
        return process.alphabet();
    }

    @Override
    public int states() {
        return process.states();
    }

    /**
     * The clean process's |1⟩⟩: the channel mixes the operators with T, which keeps T|1⟩⟩ = |1⟩⟩.
     *
     * @return |1⟩⟩ of the joint belief
     */
    @Override
    public double[] one() {
        return process.one();
    }

    /**
     * A new filter: the clean process's at ε = 0; the factored filter of blurred factors (sent over factors); the
     * joint-belief filter with structured updates (sent over the joint alphabet of a factored process); the received-symbol filter; or the filter of
     * the blurred GHMM (a process without factors, sent).
     *
     * @return the filter, for one thread
     */
    @Override
    public BeliefFilter filter() {
        if (channel.epsilon() == 0.0) {
            return process.filter();
        }
        if (blurredFactors != null) {
            return blurredFactors.filter();
        }
        ProductModel product = process instanceof FactoredProcess fp && fp.isKronecker() ? fp.productModel() : null;
        if (channel.updates() == NoisyChannel.Updates.RECEIVED) {
            return channel.filter(product != null ? product
                    : ProductModel.of(new FilterModel[] {process.filterModel()}, new int[][] {{}}, new int[][] {{0}}));
        }
        return product != null ? channel.filter(product) : filterModel().filter();
    }

    /**
     * The blurred GHMM's description (the clean one at ε = 0), built on first use.
     *
     * @throws IllegalArgumentException under received updates, which have no finite GHMM
     */
    @Override
    public FilterModel filterModel() {
        requireGhmm();
        if (channel.epsilon() == 0.0) {
            return process.filterModel();
        }
        if (blurredFactors != null) {
            return blurredFactors.filterModel();
        }
        FilterModel m = model;
        if (m == null) {
            m = channel.blur(process.filterModel());
            model = m;
        }
        return m;
    }

    /**
     * The blurred GHMM T′ on the clean process's state space, built on first use: for tests and small cases (each
     * T′(x) is a sum of |𝒳| + 1 operators; a factored process's are Kronecker products, never materialised beyond
     * 64 states).
     *
     * @throws IllegalArgumentException under received updates, which have no finite GHMM
     */
    @Override
    public Ghmm joint() {
        requireGhmm();
        if (channel.epsilon() == 0.0) {
            return process.joint();
        }
        if (blurredFactors != null) {
            return blurredFactors.joint();
        }
        Ghmm j = joint;
        if (j == null) {
            Ghmm clean = process.joint();
            List<Operator> blurred = channel.blur(clean.transfers());
            GhmmBuilder builder = Ghmm.builder().name(name).initial(clean.initial()).one(clean.one());
            for (int x = 0; x < blurred.size(); x++) {
                builder.symbol(clean.alphabet().name(x), blurred.get(x));
            }
            j = builder.build();
            joint = j;
        }
        return j;
    }

    private void requireGhmm() {
        if (channel.updates() == NoisyChannel.Updates.RECEIVED && channel.epsilon() > 0.0) {
            throw new IllegalArgumentException(name + ": a noisy channel with received updates has no finite GHMM (its beliefs are"
                    + " the factors' states advanced on the symbols received)");
        }
    }

    @Override
    public String toString() {
        return "NoisyProcess(" + name + ")";
    }
}
