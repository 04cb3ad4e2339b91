package dev.ghmm.examples;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.process.Alphabet;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import java.util.Arrays;

/**
 * Composing processes: a nonergodic mixture of two personas (a direct sum), a chain of coupled factors, and
 * the catalogue's GHMMs with negative entries.
 */
public final class Compose {
    private Compose() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // persona A1 (Mess3 with a sharp emission) or A2 (a blurred one), chosen once per sequence
        DirectSum personas = DirectSum.of(new double[] {0.8, 0.2}, Catalogue.mess3(0.05, 0.85), Catalogue.mess3(0.05, 0.4));
        Alphabet symbols = personas.joint().alphabet();
        for (String word : new String[] {"0", "0 0 0", "0 1 2 0 1 2"}) {
            int[] w = symbols.parse(word);
            System.out.printf("Pr(%s) = %.6f, posterior over personas %s%n", word, Math.exp(personas.logProbability(w)),
                    Arrays.toString(personas.posteriorAfter(w)));
        }

        // a chain: the coin's outcome picks which Z1R the second factor runs (p = 0.1 after 0, p = 0.9 after 1)
        Ghmm z1 = Catalogue.zeroOneRandom(0.1);
        Ghmm z9 = Catalogue.zeroOneRandom(0.9);
        FactoredProcess chain = FactoredProcess.builder().factor(Catalogue.biasedCoin(0.5)).factor(z1, z9).chain().build();
        BeliefFilter beliefs = chain.filter();
        for (int x : new int[] {chain.encode(1, 0), chain.encode(1, 1)}) {
            beliefs.update(x);
        }
        double[] z1r = new double[beliefs.partDimension(1)];
        beliefs.part(1, z1r, 0);
        System.out.println("chain: belief of the Z1R factor after (1,0)(1,1) = " + Arrays.toString(z1r));
        System.out.printf("chain: Pr((1,0)(1,1)) = %.6f%n", chain.joint().probability(chain.encode(1, 0), chain.encode(1, 1)));

        for (String name : new String[] {"tom-quantum", "fanizza", "post-quantum"}) {
            Ghmm g = Catalogue.byName(name);
            System.out.printf("%s: %d states, HMM = %s, Pr(0 0) = %.6f%n", name, g.states(), g.isHmm(), g.probability(0, 0));
        }
    }
}
