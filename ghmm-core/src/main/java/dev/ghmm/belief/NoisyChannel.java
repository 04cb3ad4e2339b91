package dev.ghmm.belief;

import dev.ghmm.operator.KronOperator;
import dev.ghmm.operator.Operator;
import dev.ghmm.operator.Operators;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A noisy channel between a process and its observer: each symbol sent is received unchanged with probability 1 − ε
 * and replaced by a uniformly drawn symbol (possibly itself) with probability ε (docs/math.md, "Noisy channels"). The
 * blur acts on the whole alphabet ({@link Over#JOINT}) or on each factor's symbol over its own alphabet
 * ({@link Over#FACTORS}). Under {@link Updates#SENT} the process runs on the symbol sent and the observer's belief is
 * the exact posterior: over the joint alphabet of the GHMM T′(x) = (1 − ε)T(x) + (ε/|𝒳|)T with
 * T = Σ<sub>y</sub> T(y); over the factors of the factored process of noisy factors, in which a controlled factor's
 * variant is chosen by its parents' symbols <em>received</em> (for independent factors this is
 * T′(x) = Σ<sub>y</sub> B(x | y)T(y) with B = Π<sub>f</sub> B<sub>f</sub>; for controlled factors it is not, and that
 * product blur of the clean process, whose belief does not factor, is not offered). Under {@link Updates#RECEIVED}
 * every factor advances on the symbol received, as the Python peer's noisy factored processes do. Immutable and
 * thread-safe.
 *
 * @param epsilon ε ∈ [0, 1]
 * @param over    which alphabet a symbol is blurred over
 * @param updates which symbol the process advances on
 */
public record NoisyChannel(double epsilon, Over over, Updates updates) {

    /** Which alphabet a symbol is blurred over. */
    public enum Over {
        /** The composite symbol over the whole alphabet 𝒳. */
        JOINT("joint"),
        /** Each factor's symbol over its own alphabet 𝒳<sub>f</sub>, independently; the process stays factored. */
        FACTORS("factors");

        private final String label;

        Over(String label) {
            this.label = label;
        }

        /** {@return the name in process files} */
        public String label() {
            return label;
        }
    }

    /** Which symbol the process advances on. */
    public enum Updates {
        /**
         * The symbol sent: the observer's belief is the exact posterior of the noisy process (over the joint alphabet the
         * GHMM T′; over the factors the factored process of noisy factors, a controlled factor's variant chosen by its
         * parents' symbols received).
         */
        SENT("sent"),
        /** The symbol received: every factor advances on what the observer sees (the Python peer's semantics). */
        RECEIVED("received");

        private final String label;

        Updates(String label) {
            this.label = label;
        }

        /** {@return the name in process files} */
        public String label() {
            return label;
        }
    }

    /**
     * The channel.
     *
     * @param epsilon ε ∈ [0, 1]
     * @param over    which alphabet a symbol is blurred over
     * @param updates which symbol the process advances on
     * @throws IllegalArgumentException if ε is not in [0, 1], naming it, or over or updates is null
     */
    public NoisyChannel {
        if (!(epsilon >= 0.0 && epsilon <= 1.0)) {
            throw new IllegalArgumentException("epsilon " + epsilon + " is not in [0, 1]");
        }
        if (over == null || updates == null) {
            throw new IllegalArgumentException("a noisy channel needs over and updates");
        }
    }

    /**
     * (1 − ε)p + ε/n: the probability of receiving a symbol sent with probability p over an alphabet of n symbols.
     *
     * @param p       the probability of the symbol sent
     * @param symbols n
     * @return the probability of receiving it
     */
    public double blur(double p, int symbols) {
        return (1.0 - epsilon) * p + epsilon / symbols;
    }

    /**
     * The blurred GHMM of every variant of a description, T′<sub>k</sub>(x) = (1 − ε)T<sub>k</sub>(x) + (ε/|𝒳|)T<sub>k</sub>
     * with T<sub>k</sub> = Σ<sub>y</sub> T<sub>k</sub>(y): the same |1⟩⟩ (T′<sub>k</sub> = T<sub>k</sub> summed over
     * x), initial belief and blocks (a direct sum's blocks stay blocks, since every T<sub>k</sub>(y) keeps them).
     *
     * @param clean the description of the clean process
     * @return the description of the process under {@link Updates#SENT}
     */
    public FilterModel blur(FilterModel clean) {
        List<List<Operator>> variants = new ArrayList<>();
        for (Operator[] variant : clean.transfer) {
            variants.add(blur(List.of(variant)));
        }
        int[] sizes = new int[clean.blocks.length - 1];
        for (int b = 0; b < sizes.length; b++) {
            sizes[b] = clean.blocks[b + 1] - clean.blocks[b];
        }
        return FilterModel.of(variants, clean.one, clean.initial, sizes, clean.where);
    }

    /**
     * T′(x) = (1 − ε)T(x) + (ε/|𝒳|)Σ<sub>y</sub> T(y) for every x, as sums of the given operators each scaled (a
     * Kronecker product by scaling its first factor, so nothing of joint size is materialised); materialised only up to
     * {@link #MATERIALISED} states, where one matrix applies faster than |𝒳| + 1 terms.
     *
     * @param transfers T(x) for every x, one dimension
     * @return T′(x) for every x
     */
    public List<Operator> blur(List<? extends Operator> transfers) {
        int symbols = transfers.size();
        List<Operator> noise = new ArrayList<>(symbols);
        for (Operator t : transfers) {
            noise.add(scaled(t, epsilon / symbols));
        }
        List<Operator> blurred = new ArrayList<>(symbols);
        for (Operator t : transfers) {
            List<Operator> terms = new ArrayList<>(symbols + 1);
            terms.add(scaled(t, 1.0 - epsilon));
            terms.addAll(noise);
            Operator sum = Operators.sum(terms);
            blurred.add(sum.dimension() <= MATERIALISED ? Operators.optimise(sum) : sum);
        }
        return blurred;
    }

    /** The largest dimension whose blurred operators {@link #blur(List)} materialises. */
    static final int MATERIALISED = 64;

    /** c·M, a Kronecker product by its first factor. */
    private static Operator scaled(Operator m, double c) {
        if (m instanceof KronOperator k) {
            List<Operator> factors = new ArrayList<>(k.factorCount());
            factors.add(Operators.scale(k.factor(0), c));
            for (int f = 1; f < k.factorCount(); f++) {
                factors.add(k.factor(f));
            }
            return Operators.kron(factors);
        }
        return Operators.scale(m, c);
    }

    /**
     * The filter of a factored process seen through this channel: under {@link Updates#RECEIVED} it keeps one belief
     * per factor, each advanced on its received symbol; under {@link Updates#SENT} with {@link Over#JOINT} it keeps the
     * joint belief, updated by the factors' operators one mode at a time (never a joint operator), and exports the
     * factors' marginals as its parts. (Sent with {@link Over#FACTORS} is the factored process of {@linkplain #blur
     * blurred} factors, whose filter is the {@link ProductFilter}.)
     *
     * @param product the factored process's description
     * @return a new filter at its initial belief
     * @throws IllegalArgumentException for sent over factors, which needs no filter of its own
     */
    public BeliefFilter filter(ProductModel product) {
        if (updates == Updates.RECEIVED) {
            return new ReceivedFilter(product, this);
        }
        if (over == Over.FACTORS) {
            throw new IllegalArgumentException("sent over factors is the factored process of blurred factors, not a filter of its own");
        }
        return new SentJointFilter(product, epsilon);
    }

    /**
     * What a filter is when it is the filter of a factored process through a channel that is not the factored filter,
     * for messages.
     *
     * @param filter any filter
     * @return "a noisy channel over the joint alphabet with sent updates" or "a noisy channel with received updates",
     *         or empty for any other filter
     */
    public static Optional<String> channelOf(BeliefFilter filter) {
        if (filter instanceof SentJointFilter) {
            return Optional.of("a noisy channel over the joint alphabet with sent updates");
        }
        if (filter instanceof ReceivedFilter) {
            return Optional.of("a noisy channel with received updates");
        }
        return Optional.empty();
    }

    /**
     * Whether every factor's parents precede it in factor order: the joint-belief filter then contracts prefix by prefix
     * (otherwise symbol by symbol, |𝒳| times the work).
     *
     * @param product the factored process's description
     * @return whether the structured joint filter applies
     */
    public static boolean parentsFirst(ProductModel product) {
        for (int f = 0; f < product.parents.length; f++) {
            for (int q : product.parents[f]) {
                if (q > f) {
                    return false;
                }
            }
        }
        return true;
    }
}
