package dev.ghmm.examples;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.util.Arrays;

/** Word probabilities (eq. 2.2), beliefs (eq. 2.3) and allocation-free updates. */
public final class BeliefsAndProbabilities {
    private BeliefsAndProbabilities() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Ghmm z = Catalogue.z1r();
        int[] word = z.alphabet().parse("0 1 1 0");
        System.out.println("Pr(0 1 1 0) = " + z.probability(word));
        System.out.println("ln Pr = " + z.logProbability(word));
        double[][] beliefs = z.beliefs(word);
        for (int t = 0; t < beliefs.length; t++) {
            System.out.println("eta after " + t + " symbols = " + Arrays.toString(beliefs[t]));
        }
        // the hot path: a filter owns its belief and work arrays, so a step allocates nothing
        BeliefFilter filter = z.filter();
        double p = filter.update(0);
        double[] next = new double[z.symbols()];
        filter.nextSymbolDistribution(next);
        System.out.println("Pr(0 | initial) = " + p + ", then the next-symbol distribution is " + Arrays.toString(next));
    }
}
