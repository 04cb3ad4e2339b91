package dev.ghmm.belief;

import dev.ghmm.MixedRadix;

/**
 * Factors whose emission and transition variants are chosen separately (the Python peer's
 * {@code conditional_transitions}, its specification §4.4; docs/math.md, "Conditional transitions"). The predictive
 * state is the tuple of normalised factor states (η<sub>0</sub>, …, η<sub>F−1</sub>); with e<sub>f</sub>(x) factor f's
 * emission variant (chosen by its emission parents' symbols, which form no cycle) and t<sub>f</sub>(x) its transition
 * variant (chosen by the other factors' symbols),
 * <p>Pr(x | η) = Π<sub>f</sub> η<sub>f</sub>T<sup>f</sup><sub>e_f(x)</sub>(x<sub>f</sub>)|1<sub>f</sub>⟩⟩ / η<sub>f</sub>|1<sub>f</sub>⟩⟩,   η<sub>f</sub> ← η<sub>f</sub>T<sup>f</sup><sub>t_f(x)</sub>(x<sub>f</sub>) / η<sub>f</sub>T<sup>f</sup><sub>t_f(x)</sub>(x<sub>f</sub>)|1<sub>f</sub>⟩⟩.
 * <p>
 * The update weighs factor f's states by the transition variant's likelihood, not the emission variant's, so this is
 * not the filter of a hidden-state process in general and no GHMM on the factor states has its law ({@link #isLinear}:
 * unless every symbol chooses the same variant for emitting and moving). Where η<sub>f</sub>T<sup>f</sup><sub>t</sub>(y)|1⟩⟩
 * = 0 for a symbol the emission variant gives positive probability the update is undefined (the peer divides by
 * zero): the filter refuses that symbol. Immutable and thread-safe.
 */
public final class EmissionTransitionModel {
    final ProductModel emission;
    final ProductModel transition;

    private EmissionTransitionModel(ProductModel emission, ProductModel transition) {
        this.emission = emission;
        this.transition = transition;
    }

    /**
     * The process of separately chosen variants.
     *
     * @param emission   the factors and the emission control map (acyclic)
     * @param transition the same factors and the transition control map
     * @return the description
     * @throws IllegalArgumentException if the emission map has a cycle or the two models have different factors
     */
    public static EmissionTransitionModel of(ProductModel emission, ProductModel transition) {
        if (!emission.isAcyclic()) {
            throw new IllegalArgumentException("the emission variants' parents form a cycle: emissions are constant or chosen by earlier"
                    + " factors (for a cycle use the fully conditional structure)");
        }
        if (emission.factors.length != transition.factors.length) {
            throw new IllegalArgumentException("the emission map has " + emission.factors.length + " factors, the transition map "
                    + transition.factors.length);
        }
        for (int f = 0; f < emission.factors.length; f++) {
            if (emission.factors[f] != transition.factors[f]) {
                throw new IllegalArgumentException("factor " + f + " differs between the emission and the transition map");
            }
        }
        return new EmissionTransitionModel(emission, transition);
    }

    /** {@return the factors with their emission control map} */
    public ProductModel emissionModel() {
        return emission;
    }

    /** {@return the factors with their transition control map} */
    public ProductModel transitionModel() {
        return transition;
    }

    /**
     * Whether every joint symbol chooses, for every factor, the same variant to emit and to move: then the process is the
     * ordinary factored one, T(x) = ⊗<sub>f</sub> T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>), a GHMM on the factor
     * states. |𝒳|·F look-ups.
     *
     * @return whether the emission and transition variants agree on every symbol
     */
    public boolean isLinear() {
        int count = emission.factors.length;
        int[] tuple = new int[count];
        for (int x = 0; x < emission.symbols; x++) {
            MixedRadix.decode(emission.radix, x, tuple);
            for (int f = 0; f < count; f++) {
                if (emission.variant(f, tuple) != transition.variant(f, tuple)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A new filter at the product of the factors' initial beliefs; its parts are the factor states η<sub>f</sub>.
     *
     * @return the filter, for one thread
     */
    public BeliefFilter filter() {
        return new EmissionTransitionFilter(this);
    }

    @Override
    public String toString() {
        return "EmissionTransitionModel(emission " + emission + ", transition " + transition + ")";
    }
}
