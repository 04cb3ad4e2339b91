package dev.ghmm.belief;

import dev.ghmm.MixedRadix;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The filter of an {@link EmissionTransitionModel}: one normalised state per factor. The law Pr(x | η) = Π<sub>f</sub>
 * Pr(x<sub>f</sub> | η<sub>f</sub>, e<sub>f</sub>(x)) is tabulated for every x (|𝒳|·Σ<sub>f</sub> d<sub>f</sub>
 * multiply-adds, once per belief); reading x checks every factor's transition normaliser
 * Pr(x<sub>f</sub> | η<sub>f</sub>, t<sub>f</sub>(x)) before any factor moves, then η<sub>f</sub> ←
 * η<sub>f</sub>T<sup>f</sup><sub>t_f(x)</sub>(x<sub>f</sub>)/Pr(x<sub>f</sub> | η<sub>f</sub>, t<sub>f</sub>(x)). The
 * belief is the Kronecker product of the factor states; its parts are the factor states.
 */
final class EmissionTransitionFilter extends TabulatedFilter {
    private final EmissionTransitionModel model;
    private final FactorBeliefs beliefs;
    /** {@link FactorBeliefs#factors}. */
    private final LinearFilter[] factors;
    private final int[] tuple;
    private final int[] moving;
    private final double[] normaliser;
    private final double[] table;
    private long tabulated = -1;

    EmissionTransitionFilter(EmissionTransitionModel model) {
        super(model.emission);
        this.model = model;
        int count = p.factors.length;
        this.beliefs = new FactorBeliefs(p);
        this.factors = beliefs.factors;
        this.tuple = new int[count];
        this.moving = new int[count];
        this.normaliser = new double[count];
        this.table = new double[p.symbols];
    }

    /** Pr(x | η) for every x into {@link #table}, computed on first use after each change. */
    @Override
    double[] law() {
        if (tabulated != step) {
            for (int x = 0; x < table.length; x++) {
                MixedRadix.decode(p.radix, x, tuple);
                double q = 1.0;
                for (int f = 0; f < factors.length && q != 0.0; f++) {
                    q *= factors[f].probability(p.variant(f, tuple), tuple[f]);
                }
                table[x] = q;
            }
            tabulated = step;
        }
        return table;
    }

    @Override
    public void reset() {
        beliefs.reset();
        restart();
    }

    /**
     * Starts from a product belief, given jointly (as {@link ProductFilter#reset(double[])}).
     *
     * @throws IllegalArgumentException when the belief is not a normalised product of factor beliefs
     */
    @Override
    public void reset(double[] belief) {
        beliefs.reset(belief);
        restart();
    }

    /**
     * Reads x: every factor moves with its transition variant.
     *
     * @throws IllegalArgumentException if a factor's transition variant gives its symbol probability 0 from its state
     *                                  (the update is undefined), naming the position, factor, variants and symbol; the
     *                                  belief is then unchanged
     */
    @Override
    void advance(int x, double q) {
        MixedRadix.decode(p.radix, x, tuple);
        int count = factors.length;
        for (int f = 0; f < count; f++) {
            moving[f] = model.transition.variant(f, tuple);
            normaliser[f] = factors[f].probability(moving[f], tuple[f]);
            if (!(normaliser[f] > 0.0)) {
                throw new IllegalArgumentException("position " + position + ": factor " + f + " emits symbol " + tuple[f] + " with emission variant "
                        + p.variant(f, tuple) + " but its transition variant " + moving[f] + " gives that symbol probability 0 from the factor's"
                        + " state, so the update η T(x)/η T(x)|1⟩⟩ is undefined");
            }
        }
        for (int f = 0; f < count; f++) {
            factors[f].apply(moving[f], tuple[f], normaliser[f]);
        }
        advanced(q);
    }

    /** One uniform inverted on the tabulated law, then {@link #advance}. */
    @Override
    public int sample(UniformRandomProvider rng) {
        return drawFromLaw(rng);
    }

    @Override
    public void belief(double[] out, int offset) {
        beliefs.belief(out, offset);
    }

    @Override
    public int parts() {
        return beliefs.parts();
    }

    @Override
    public int partDimension(int part) {
        return beliefs.partDimension(part);
    }

    @Override
    public void part(int part, double[] out, int offset) {
        beliefs.part(part, out, offset);
    }

    @Override
    public String toString() {
        return beliefs.appendTo(new StringBuilder("EmissionTransitionFilter(").append(model).append(", position ").append(position)).append(')').toString();
    }
}
