package dev.ghmm.belief;

/**
 * What every filter of a {@link ProductModel} keeps alike, whatever it holds as its belief: the model (its alphabet
 * size |𝒳| and joint dimension S), the position, a step counter that changes with every belief (for what a filter
 * caches at one) and the probability of the last symbol read. A filter sets these through {@link #restart} after its
 * belief was set and {@link #advanced} after it read a symbol.
 */
abstract class ProductModelFilter implements BeliefFilter {
    final ProductModel p;
    /** Counts every change of the belief, for what is cached at it. */
    long step;
    int position;
    private double last = 1.0;

    ProductModelFilter(ProductModel p) {
        this.p = p;
    }

    /** At position 0 after the belief was set; a subclass that caches more at it extends this. */
    void restart() {
        position = 0;
        last = 1.0;
        step++;
    }

    /** After a symbol of probability q was read and the belief updated. */
    final void advanced(double q) {
        position++;
        step++;
        last = q;
    }

    @Override
    public int symbols() {
        return p.symbols;
    }

    /** {@return S = Π<sub>f</sub> d<sub>f</sub>, the dimension of the joint belief} */
    @Override
    public int dimension() {
        return p.dimension;
    }

    @Override
    public int position() {
        return position;
    }

    @Override
    public double lastProbability() {
        return last;
    }
}
