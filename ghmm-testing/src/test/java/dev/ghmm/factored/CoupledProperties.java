package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.ProcessArbitraries;
import dev.ghmm.testing.RandomProcesses;
import dev.ghmm.testing.Words;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.arbitraries.ListArbitrary;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** Coupled factored processes against materialised Kronecker products and the joint belief. */
class CoupledProperties {

    /**
     * Chains of 2 or 3 HMM factors, factor f with 1 to 3 states and symbols, and one variant per symbol of factor
     * f − 1; the variants of a factor share the initial distribution of the first.
     */
    @Provide
    Arbitrary<FactoredProcess> chains() {
        ListArbitrary<Integer> sizes = Arbitraries.integers().between(1, 3).list();
        return Arbitraries.integers().between(2, 3).flatMap(count -> Combinators.combine(sizes.ofSize(count), sizes.ofSize(count)).flatAs((states, symbols) -> {
            List<Arbitrary<List<Ghmm>>> factors = new ArrayList<>();
            for (int f = 0; f < states.size(); f++) {
                factors.add(ProcessArbitraries.hmmsOf(states.get(f), symbols.get(f)).list().ofSize(f == 0 ? 1 : symbols.get(f - 1)));
            }
            return Combinators.combine(factors).as(list -> {
                FactoredProcess.Builder builder = FactoredProcess.builder();
                for (List<Ghmm> variants : list) {
                    double[] initial = variants.get(0).initial();
                    builder.factor(variants.stream().map(v -> v.withInitial(initial)).toArray(Ghmm[]::new));
                }
                return builder.chain().build();
            });
        }));
    }

    @Property(tries = 100)
    void eachSymbolIsTheKroneckerProductOfTheChosenVariants(@ForAll("chains") FactoredProcess p) {
        int factors = p.factorCount();
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
        for (int[] w : Words.all(p.joint().symbols(), 2)) {
            total += p.joint().probability(w);
        }
        assertEquals(1.0, total, 1e-10);
    }

    /** A chain and a word of up to 8 symbols that it can emit. */
    @Provide
    Arbitrary<Tuple2<FactoredProcess, int[]>> chainsAndWords() {
        return chains().flatMap(p -> ProcessArbitraries.possibleWords(p.joint(), 8).map(w -> Tuple.of(p, w)));
    }

    @Property(tries = 100)
    void factorBeliefsAgreeWithTheJointBelief(@ForAll("chainsAndWords") Tuple2<FactoredProcess, int[]> chainAndWord) {
        FactoredProcess p = chainAndWord.get1();
        BeliefFilter beliefs = p.filter();
        BeliefFilter joint = p.joint().filter();
        for (int x : chainAndWord.get2()) {
            assertEquals(joint.update(x), beliefs.update(x), 1e-12);
            assertArrayEquals(joint.belief(), beliefs.belief(), 1e-9);
        }
    }

    @Provide
    Arbitrary<Ghmm> twoStateHmms() {
        return ProcessArbitraries.hmmsOf(2, 2);
    }

    @Provide
    Arbitrary<Ghmm> threeStateHmms() {
        return ProcessArbitraries.hmmsOf(3, 2);
    }

    @Property(tries = 50)
    void independentCouplingIsThePlainTensorProduct(@ForAll("twoStateHmms") Ghmm a, @ForAll("threeStateHmms") Ghmm b,
                                                     @ForAll("threeStateHmms") Ghmm other) {
        Ghmm b2 = other.withInitial(b.initial());
        FactoredProcess plain = FactoredProcess.of(a, b);
        // two variants for b, but a control map that always picks variant 0
        FactoredProcess coupled = FactoredProcess.builder().factor(a).factor(b, b2).control(1, new int[] {0}, new int[] {0, 0}).build();
        for (int[] w : Words.all(4, 3)) {
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
