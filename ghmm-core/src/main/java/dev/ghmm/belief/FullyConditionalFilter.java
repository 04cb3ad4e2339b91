package dev.ghmm.belief;

import dev.ghmm.MixedRadix;
import java.util.Arrays;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * The exact filter of a {@link FullyConditional} process: it keeps the joint belief ⟨⟨η| over the tuples of factor
 * states (length S = Π<sub>f</sub> d<sub>f</sub>, factor 0 slowest) and never forms a joint operator. With
 * ⟨⟨σ| = ⟨⟨η|D(1/Z) (zero on the states where Z(s) = 0) and u = Σ<sub>s: Z(s)=0</sub> η<sub>s</sub>|1⟩⟩<sub>s</sub>,
 * <ul>
 * <li>Pr(x | η) = ⟨⟨σ|⊗<sub>f</sub>T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>)|1⟩⟩ + u/|𝒳|, every x by contracting σ with
 * the factors' predictors from the last mode (about |𝒳|·S·d/(d − 1) multiply-adds; the control map has cycles, so no
 * prefix of symbols fixes a variant);</li>
 * <li>⟨⟨η′| = (⟨⟨σ|⊗<sub>f</sub>T<sup>f</sup><sub>k_f(x)</sub>(x<sub>f</sub>) + η|<sub>Z=0</sub>/|𝒳|)/Pr(x | η), F mode
 * products (S·Σ<sub>f</sub> d<sub>f</sub> multiply-adds).</li>
 * </ul>
 * A draw takes one uniform and inverts the joint table (no factor is drawn before another). Every term is
 * non-negative, so the probabilities are exact to a few ε. The parts are the factor marginals (the other factors
 * contracted with their |1⟩⟩), and the factor gap compares η with their product.
 */
final class FullyConditionalFilter extends JointFilter {
    private final FullyConditional model;
    /** transfer[f][k][y]: T<sup>f</sup><sub>k</sub>(y) row-major. */
    private final double[][][][] transfer;
    /** predictor[f][k]: T<sup>f</sup><sub>k</sub>(y)|1<sub>f</sub>⟩⟩ at [y·d<sub>f</sub> …]. */
    private final double[][][] predictor;
    private final int[] tuple;
    private final double[] sigma;
    private final double[] levelA;
    private final double[] levelB;
    private final double[][] single = new double[1][];
    /** Pr(x | η) for every x at the current belief. */
    private final double[] table;
    private double[] spareA;
    private double[] spareB;
    private long tabulated = -1;

    FullyConditionalFilter(FullyConditional model) {
        super(model.product);
        this.model = model;
        this.transfer = new double[count][][][];
        this.predictor = new double[count][][];
        for (int f = 0; f < count; f++) {
            FilterModel m = p.factors[f];
            predictor[f] = m.predictor;
            transfer[f] = new double[m.variants()][m.symbols][];
            for (int k = 0; k < m.variants(); k++) {
                for (int y = 0; y < m.symbols; y++) {
                    transfer[f][k][y] = m.transfer[k][y].toDense().getData();
                }
            }
        }
        this.tuple = new int[count];
        this.sigma = new double[states];
        this.levelA = new double[states];
        this.levelB = new double[states];
        this.table = new double[p.symbols];
        this.spareA = new double[states];
        this.spareB = new double[states];
    }

    /**
     * Accepts any joint belief, product or not, that is a distribution over the tuples of factor states.
     *
     * @throws IllegalArgumentException also on a negative entry
     */
    @Override
    public void reset(double[] start) {
        FilterModel.requireNormalised("", start, one);
        for (int i = 0; i < states; i++) {
            if (start[i] < 0.0) {
                throw new IllegalArgumentException("the belief of a fully conditional process is a distribution over its joint states: entry " + i
                        + " = " + start[i] + " is negative");
            }
        }
        System.arraycopy(start, 0, belief, 0, states);
        restart();
    }

    /** Pr(x | η) for every x into {@link #table}, through σ = η·(1/Z). */
    private void tabulate() {
        if (tabulated == step) {
            return;
        }
        double stay = 0.0;
        for (int s = 0; s < states; s++) {
            sigma[s] = belief[s] * model.scale[s];
            if (model.fallback[s]) {
                stay += belief[s] * one[s];
            }
        }
        double uniform = stay / p.symbols;
        for (int x = 0; x < table.length; x++) {
            table[x] = contract(sigma, x, p, dims, predictor, tuple, levelA, levelB) + uniform;
        }
        tabulated = step;
    }

    @Override
    double[] law() {
        tabulate();
        return table;
    }

    /** ⟨⟨η| ← (⟨⟨σ|T(x) + η|<sub>Z=0</sub>/|𝒳|)/q, σ tabulated at η. */
    @Override
    void advance(int x, double q) {
        MixedRadix.decode(p.radix, x, tuple);
        double[] moved = modes(sigma, tuple, p, dims, stride, transfer, single, spareA, spareB);
        double[] other = moved == spareA ? spareB : spareA;
        double stay = 1.0 / p.symbols;
        for (int s = 0; s < states; s++) {
            moved[s] = (moved[s] + (model.fallback[s] ? belief[s] * stay : 0.0)) / q;
        }
        spareA = belief;
        spareB = other;
        belief = moved;
        advanced(q);
    }

    @Override
    public int sample(UniformRandomProvider rng) {
        return drawFromLaw(rng);
    }

    @Override
    public String toString() {
        return "FullyConditionalFilter(" + model + ", position " + position + (states <= 8 ? ", belief " + Arrays.toString(belief()) : "") + ")";
    }
}
