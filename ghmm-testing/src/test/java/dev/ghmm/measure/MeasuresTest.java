package dev.ghmm.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.ProcessArbitraries;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class MeasuresTest {
    private static final double EPS = 1e-10;

    private static double h2(double p) {
        return p == 0 || p == 1 ? 0 : -(p * Math.log(p) + (1 - p) * Math.log(1 - p)) / Math.log(2);
    }

    @Provide
    Arbitrary<Ghmm> processes() {
        return ProcessArbitraries.processes(4, 3);
    }

    @Property(tries = 60)
    void blockEntropyFromTheMspEqualsWordEnumeration(@ForAll("processes") Ghmm process) {
        InformationMeasures m = InformationMeasures.compute(process, 4);
        for (int l = 0; l <= 4; l++) {
            assertEquals(InformationMeasures.blockEntropyByEnumeration(process, l), m.blockEntropy()[l], 1e-9, "H(" + l + ")");
        }
    }

    @Test
    void knownEntropyRates() {
        // biased coin: h = H(0.3) per symbol, H(L) = L·H(0.3)
        InformationMeasures coin = InformationMeasures.compute(Catalogue.biasedCoin(0.3), 6);
        assertEquals(h2(0.3), coin.entropyRate(), EPS);
        assertTrue(coin.entropyRateExact());
        assertEquals(6 * h2(0.3), coin.blockEntropy()[6], EPS);
        assertEquals(0, coin.excessEntropy(), EPS);
        // golden mean (p = 1/2): causal states A, B with π = (2/3, 1/3); only A branches, with a fair bit:
        // h = 2/3 bit, C_μ = H(2/3, 1/3)
        InformationMeasures golden = InformationMeasures.compute(Catalogue.goldenMean(0.5), 8);
        assertEquals(2.0 / 3, golden.entropyRate(), EPS);
        assertEquals(h2(1.0 / 3), golden.statisticalComplexity(), EPS);
        // even process: same branching structure, h = 2/3 bit
        assertEquals(2.0 / 3, InformationMeasures.compute(Catalogue.even(0.5), 8).entropyRate(), EPS);
        // Z1R: only SR (stationary weight 1/3) emits a fair bit: h = 1/3 bit, C_μ = log2 3
        InformationMeasures z1r = InformationMeasures.compute(Catalogue.z1r(), 10);
        assertEquals(1.0 / 3, z1r.entropyRate(), EPS);
        assertEquals(Math.log(3) / Math.log(2), z1r.statisticalComplexity(), EPS);
        // Z1R' × Z1R' from uniform: each factor is absorbed in S0 (rate 0) with probability 1/3 or in the cycle
        // {S1, SR} (a fair bit every other symbol: 1/2 bit) with probability 2/3: 1/3 bit per factor, 2/3 jointly
        InformationMeasures zz = InformationMeasures.compute(Catalogue.z1rPrimeSquared(), 12);
        assertTrue(zz.entropyRateExact());
        assertEquals(2.0 / 3, zz.entropyRate(), EPS);
        // Mess3's beliefs form a fractal: the MSP does not close
        InformationMeasures mess = InformationMeasures.compute(Catalogue.mess3(0.15, 0.6), 6);
        assertFalse(mess.entropyRateExact());
        assertEquals(-1, mess.mspStates());
    }

    @Test
    void mspOfZ1rPrimeSquaredByHand() {
        // one factor from uniform reaches 7 beliefs: u, (2/3,1/3,0), (0,1/3,2/3), (1,0,0), (0,0,1), (0,1,0), (0,1/2,1/2);
        // with S_t the factor beliefs at depth t: S_0 = {u}, |S_1| = 2, S_2 = S_4 = … = {100, 001, 010, (0,½,½)},
        // S_3 = S_5 = … = {100, 010, 001, (0,⅓,⅔)}. Joint beliefs are products within one depth:
        // |{u⊗u} ∪ S_1² ∪ S_2² ∪ S_3²| = 1 + 4 + 16 + (16 − 9 shared with S_2² − 1, (0,⅓,⅔)⊗(0,⅓,⅔), shared with S_1²) = 27
        assertEquals(7, MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 20, 1e-10).size());
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1rPrimeSquared(), 20, 1e-10);
        assertTrue(msp.isFinite());
        assertEquals(27, msp.size());
        double total = 0;
        for (double p : msp.distribution(7)) {
            total += p;
        }
        assertEquals(1, total, EPS);
    }

    @Test
    void recurrentAndTransientPartsOfZ1rPrimeByHand() {
        // Z1R' (eq. 2.17): S0 emits 0 and stays; S1 emits 1 to SR; SR emits 0 or 1 to S1. From uniform:
        // u →0 (⅔,⅓,0), u →1 (0,⅓,⅔); (⅔,⅓,0) →0 100, →1 001; (0,⅓,⅔) →0 010, →1 (0,½,½); (0,½,½) →0 010, →1 (0,⅓,⅔).
        // Closed classes: {100} (absorbing) and the 2-cycle {010, 001}; the other four beliefs leak into them.
        MixedStatePresentation msp = MixedStatePresentation.enumerate(Catalogue.z1rPrime(), 20, 1e-10);
        List<Set<List<Double>>> classes = new ArrayList<>();
        for (int[] cls : msp.recurrentClasses()) {
            classes.add(beliefSet(msp, cls));
        }
        assertEquals(2, classes.size());
        assertTrue(classes.contains(Set.of(point(1, 0, 0))), classes.toString());
        assertTrue(classes.contains(Set.of(point(0, 1, 0), point(0, 0, 1))), classes.toString());
        double third = 1.0 / 3;
        assertEquals(Set.of(point(third, third, third), point(2 * third, third, 0), point(0, third, 2 * third), point(0, 0.5, 0.5)),
                beliefSet(msp, msp.transientBeliefs()));
    }

    /** The beliefs with the given indices as {@link #point}s. */
    private static Set<List<Double>> beliefSet(MixedStatePresentation msp, int[] indices) {
        Set<List<Double>> set = new HashSet<>();
        for (int b : indices) {
            set.add(point(msp.belief(b)));
        }
        return set;
    }

    /** A belief rounded to 12 digits, so that hand-written fractions and computed beliefs compare equal. */
    private static List<Double> point(double... belief) {
        List<Double> rounded = new ArrayList<>();
        for (double v : belief) {
            rounded.add(Math.round(v * 1e12) / 1e12);
        }
        return rounded;
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> MixedStatePresentation.enumerate(Catalogue.z1r(), -1, 1e-10));
        assertThrows(IllegalArgumentException.class, () -> MixedStatePresentation.enumerate(Catalogue.z1r(), 3, Double.NaN));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MixedStatePresentation.enumerate(Catalogue.mess3(0.15, 0.6), 30, 1e-12, 10_000));
        assertTrue(e.getMessage().contains("MiB"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> MixedStatePresentation.enumerate(Catalogue.mess3(0.15, 0.6), 3, 1e-10).asProcess());
    }

    @Test
    void measuresInNatsAreTheBitsTimesLnTwo() {
        InformationMeasures bits = InformationMeasures.compute(Catalogue.goldenMean(0.5), 6);
        InformationMeasures nats = bits.in(dev.ghmm.Entropy.Unit.NATS);
        // golden mean at p = 1/2: h_mu = 2/3 bit = (2/3) ln 2 nats
        assertEquals(2.0 / 3 * Math.log(2), nats.entropyRate(), 1e-12);
        assertEquals(bits.blockEntropy()[6] * Math.log(2), nats.blockEntropy()[6], 1e-12);
        assertEquals(bits.statisticalComplexity() * Math.log(2), nats.statisticalComplexity(), 1e-12);
    }
}
