package dev.ghmm.examples;

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
        // the hot path: update into a caller's buffer, no allocation
        double[] b = z.initial();
        double[] next = new double[z.states()];
        double p = z.update(b, 0, next);
        System.out.println("Pr(0 | initial) = " + p + ", next-symbol distribution " + Arrays.toString(z.nextSymbolDistribution(next)));
    }
}
