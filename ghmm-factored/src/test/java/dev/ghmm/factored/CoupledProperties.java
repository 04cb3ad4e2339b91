package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Sampler;
import dev.ghmm.testing.RandomProcesses;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.rng.simple.RandomSource;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Coupled factored processes against materialised Kronecker products and the joint belief. */
class CoupledProperties {

    /** A chain of F random HMM factors, factor f with one variant per symbol of factor f − 1. */
    private static FactoredProcess randomChain(Random random, int factors) {
        FactoredProcess.Builder builder = FactoredProcess.builder();
        int previousSymbols = 1;
        for (int f = 0; f < factors; f++) {
            int states = 1 + random.nextInt(3);
            int symbols = 1 + random.nextInt(3);
            Ghmm[] variants = new Ghmm[previousSymbols];
            double[] initial = null;
            for (int k = 0; k < variants.length; k++) {
                variants[k] = RandomProcesses.hmm(random, states, symbols);
                initial = initial == null ? variants[k].initial() : initial;
                variants[k] = variants[k].withInitial(initial);
            }
            builder.factor(variants);
            previousSymbols = symbols;
        }
        return builder.chain().build();
    }

    @Property(tries = 100)
    void eachSymbolIsTheKroneckerProductOfTheChosenVariants(@ForAll long seed, @ForAll @IntRange(min = 2, max = 3) int factors) {
        FactoredProcess p = randomChain(new Random(seed), factors);
        for (int x = 0; x < p.joint().symbols(); x++) {
            int[] symbols = p.decode(x);
            int[] variants = p.variantsOf(x);
            assertEquals(0, variants[0]);
            DMatrixRMaj expected = p.variant(0, 0).transfer(symbols[0]).toDense();
            for (int f = 1; f < factors; f++) {
                assertEquals(symbols[f - 1], variants[f], "chain: factor f uses factor f − 1's symbol");
                expected = CommonOps_DDRM.kron(expected, p.variant(f, variants[f]).transfer(symbols[f]).toDense(), null);
            }
            assertEquals(0, RandomProcesses.maxDifference(expected, p.joint().transfer(x).toDense()), 1e-15);
        }
        double total = 0;
        for (int[] w : RandomProcesses.allWords(p.joint().symbols(), 2)) {
            total += p.joint().probability(w);
        }
        assertEquals(1.0, total, 1e-10);
    }

    @Property(tries = 100)
    void factorBeliefsAgreeWithTheJointBelief(@ForAll long seed, @ForAll @IntRange(min = 2, max = 3) int factors) {
        FactoredProcess p = randomChain(new Random(seed), factors);
        int[] word = new int[8];
        new Sampler(p.joint()).sample(RandomSource.XO_RO_SHI_RO_128_PP.create(seed), word);
        BeliefFilter beliefs = p.filter();
        BeliefFilter joint = p.joint().filter();
        for (int x : word) {
            assertEquals(joint.update(x), beliefs.update(x), 1e-12);
            assertArrayEquals(joint.belief(), beliefs.belief(), 1e-9);
        }
    }

    @Property(tries = 50)
    void independentCouplingIsThePlainTensorProduct(@ForAll long seed) {
        Random random = new Random(seed);
        Ghmm a = RandomProcesses.hmm(random, 2, 2);
        Ghmm b = RandomProcesses.hmm(random, 3, 2);
        Ghmm b2 = RandomProcesses.hmm(random, 3, 2).withInitial(b.initial());
        FactoredProcess plain = FactoredProcess.of(a, b);
        // two variants for b, but a control map that always picks variant 0
        FactoredProcess coupled = FactoredProcess.builder().factor(a).factor(b, b2).control(1, new int[] {0}, new int[] {0, 0}).build();
        for (int[] w : RandomProcesses.allWords(4, 3)) {
            assertEquals(plain.joint().probability(w), coupled.joint().probability(w), 1e-14);
        }
    }

    @Test
    void aControlMapThatBreaksNormalisationIsRejected() {
        Ghmm heads = Catalogue.biasedCoin(0.9);
        Ghmm tails = Catalogue.biasedCoin(0.1);
        // each coin's bias is chosen by the other's outcome: Σ_x Pr(x) = 2·(0.1² + 0.9²) = 1.64
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FactoredProcess.builder()
                .factor(heads, tails).factor(heads, tails)
                .control(0, new int[] {1}, new int[] {0, 1}).control(1, new int[] {0}, new int[] {0, 1}).build());
        assertTrue(e.getMessage().contains("breaks T|1⟩⟩ = |1⟩⟩") && e.getMessage().contains("1.64"), e.getMessage());
    }

    @Test
    void badCouplingsNameTheValue() {
        Ghmm coin = Catalogue.biasedCoin(0.5);
        Ghmm z = Catalogue.z1r();
        assertMessage(() -> FactoredProcess.builder().factor(coin).factor(z, Catalogue.mess3(0.1, 0.5)).chain().build(), "has alphabet");
        assertMessage(() -> FactoredProcess.builder().factor(coin).factor(z).chain().build(), "needs one variant per symbol of factor 0 (2), got 1");
        assertMessage(() -> FactoredProcess.builder().factor(coin).factor(coin, coin).build(), "no control map chooses");
        assertMessage(() -> FactoredProcess.builder().factor(coin).factor(coin, coin).control(1, new int[] {0}, new int[] {0}).build(),
                "has length 1 but its parents [0] have 2");
        assertMessage(() -> FactoredProcess.builder().factor(coin).factor(coin, coin).control(1, new int[] {0}, new int[] {0, 2}).build(),
                "gives variant 2 at entry 1");
        assertMessage(() -> FactoredProcess.builder().factor(coin).factor(coin, coin).control(1, new int[] {1}, new int[] {0, 1}).build(),
                "has parent 1");
        assertMessage(() -> FactoredProcess.builder().factor(coin).build(), "at least 2 factors");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
}
