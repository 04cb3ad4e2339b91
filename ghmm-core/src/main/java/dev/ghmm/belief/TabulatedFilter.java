package dev.ghmm.belief;

import dev.ghmm.Entropy;
import dev.ghmm.internal.Checks;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * What the filters of a factored process that tabulate the whole next-symbol law share: Pr(x | η) for every x
 * ({@link #law}), read off for the distribution, its entropy and single probabilities, and inverted with one uniform
 * to draw ({@link #drawFromLaw}). A subclass tabulates the law and reads a symbol ({@link #advance}, which ends with
 * {@link #advanced}). Its parts, whatever they are, carry weight 1.
 */
abstract class TabulatedFilter extends ProductModelFilter {
    TabulatedFilter(ProductModel p) {
        super(p);
    }

    /**
     * Pr(x | η) for every x at the current belief, computed on first use after each change.
     *
     * @return the filter's own array of |𝒳| probabilities (not to be written)
     */
    abstract double[] law();

    /** Reads x of probability q &gt; 0 (from {@link #law}): the belief becomes the posterior, then {@link #advanced}. */
    abstract void advance(int x, double q);

    @Override
    public void nextSymbolDistribution(double[] out, int offset) {
        Checks.requireRange("out", out, offset, p.symbols, "probabilities");
        System.arraycopy(law(), 0, out, offset, p.symbols);
    }

    /** The entropy of the |𝒳| probabilities of {@link #law}. */
    @Override
    public double nextSymbolEntropy() {
        return Entropy.of(law(), Entropy.Unit.NATS);
    }

    @Override
    public double probability(int x) {
        Checks.requireIndex("symbol index", x, p.symbols);
        return law()[x];
    }

    @Override
    public double update(int x) {
        double q = probability(x);
        if (q == 0.0) {
            throw new ZeroProbabilityException(position, x, 0.0);
        }
        advance(x, q);
        return q;
    }

    /**
     * One uniform inverted on the tabulated law (scaled by its sum), then {@link #advance}.
     *
     * @param rng the source of the uniform
     * @return the symbol read
     * @throws IllegalArgumentException if no symbol has positive probability (a belief that is no state of the process)
     */
    final int drawFromLaw(UniformRandomProvider rng) {
        double[] law = law();
        double total = 0.0;
        for (double v : law) {
            total += v;
        }
        int x = Predictions.invert(rng.nextDouble() * total, law, 0, law.length);
        if (x < 0) {
            throw noSymbolPossible();
        }
        advance(x, law[x]);
        return x;
    }

    /** {@return the refusal of a draw where no symbol has positive probability (a belief that is no state of the process)} */
    final IllegalArgumentException noSymbolPossible() {
        return new IllegalArgumentException("no symbol has positive probability at position " + position
                + ": the belief is not a valid state of the process");
    }

    @Override
    public double partWeight(int part) {
        Checks.requireIndex("factor", part, parts());
        return 1.0;
    }
}
