package dev.ghmm.belief;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ghmm.Seeds;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import dev.ghmm.sampling.Datasets;
import dev.ghmm.testing.Similarity;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The one rule for negative predictions, everywhere a belief is read. */
class InvalidProcessTest {
    /**
     * Valid from its initial belief (1, 0) (Pr(a) = Pr(b) = 1/2) but not after "a", which leads to state 1 where
     * Pr(a) = T(a)[1]·|1⟩⟩ = −0.25: T|1⟩⟩ = |1⟩⟩ holds, so only the prediction shows it.
     */
    static Ghmm invalidAfterA() {
        return Ghmm.builder().symbol("a", new double[][] {{0, 0.5}, {-0.25, 0}}).symbol("b", new double[][] {{0.5, 0}, {0, 1.25}})
                .initial(new double[] {1, 0}).build();
    }

    @Test
    void aNegativePredictionNamesItsPositionSymbolAndValue() {
        Ghmm g = invalidAfterA();
        assertEquals(0.5, g.probability(0), 1e-15);
        NegativeProbabilityException e = assertThrows(NegativeProbabilityException.class, () -> g.probability(0, 0));
        assertEquals(1, e.position());
        assertEquals(0, e.symbol());
        assertEquals(-0.25, e.probability(), 1e-15);
        assertTrue(e.getMessage().contains("-0.25") && e.getMessage().contains("position 1"), e.getMessage());
        BeliefFilter f = g.filter();
        f.update(0);
        double[] before = f.belief();
        assertThrows(NegativeProbabilityException.class, f::nextSymbolDistribution);
        assertThrows(NegativeProbabilityException.class, () -> f.update(0));
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, f.belief(), 0, "a refused update changes nothing");
    }

    @Test
    void nothingInvalidIsSampledMeasuredOrEnumerated() {
        Ghmm g = invalidAfterA();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Datasets.generate(g, EnumSet.noneOf(Datasets.Output.class), 0, 50, 4, 1L, 2));
        assertTrue(e.getMessage().contains("sequence") && e.getMessage().contains("< 0"), e.getMessage());
        assertThrows(NegativeProbabilityException.class, () -> {
            for (int k = 0; k < 50; k++) {
                g.sample(k, 4);
            }
        });
        assertThrows(NegativeProbabilityException.class, () -> MixedStatePresentation.enumerate(g, 3, 1e-10));
        assertThrows(NegativeProbabilityException.class, () -> InformationMeasures.compute(g, 3));
    }

    @Test
    void aNegativePredictionAtTheInitialBeliefIsRefusedAtConstruction() {
        NegativeProbabilityException e = assertThrows(NegativeProbabilityException.class,
                () -> Ghmm.builder().symbol("0", new double[][] {{-0.5}}).symbol("1", new double[][] {{1.5}}).build());
        assertEquals(0, e.position());
        // Mess3 from (−1, 2, 0) predicts (0.04, 0.7, 0.26), then after "0" Pr(0) = −1.06
        Ghmm fromOutside = Catalogue.mess3(0.15, 0.6).withInitial(new double[] {-1, 2, 0});
        assertEquals(0.04, fromOutside.probability(0), 1e-12);
        e = assertThrows(NegativeProbabilityException.class, () -> fromOutside.probability(0, 0));
        assertEquals(1, e.position());
        assertEquals(-1.06, e.probability(), 1e-12);
    }

    @Test
    void roundOffIsZeroAndAnImpossibleWordHasProbabilityZero() {
        // Z1R: "1 1 1" is impossible, exactly
        Ghmm z = Catalogue.z1r();
        assertEquals(0.0, z.probability(1, 1, 1), 0);
        // a GHMM similar to Z1R: the same zeros now come from cancellation, and are still exactly 0
        org.ejml.data.DMatrixRMaj p = new org.ejml.data.DMatrixRMaj(new double[][] {{1, 0.2, -0.1}, {0.1, 1, 0.2}, {-0.2, 0.1, 1}});
        Ghmm similar = Similarity.transform(z, p);
        assertEquals(0.0, similar.probability(1, 1, 1), 0);
        assertEquals(z.probability(0, 1, 1), similar.probability(0, 1, 1), 1e-14);
        // the distribution a sampler draws from has the same exact zero, so no sequence of it contains "1 1 1"
        BeliefFilter f = similar.filter();
        f.update(1);
        f.update(1);
        double[] next = new double[2];
        f.nextSymbolDistribution(next);
        assertEquals(0.0, next[1], 0);
        assertEquals(1.0, next[0], 1e-12);
        int[] tokens = Datasets.generate(similar, EnumSet.noneOf(Datasets.Output.class), 0, 200, 30, 5L, 2).tokens();
        for (int i = 0; i + 2 < tokens.length; i++) {
            boolean sameSequence = i / 30 == (i + 2) / 30;
            assertTrue(!sameSequence || tokens[i] + tokens[i + 1] + tokens[i + 2] < 3, "\"1 1 1\" sampled at " + i);
        }
    }

    @Test
    void aFactorsNegativePredictionIsRefusedWhenDrawnAndChangesNoFactor() {
        // factor 1 is Mess3 from (−1, 2, 0): after its symbol 0, Pr(0) = −1.06
        Ghmm outside = Catalogue.mess3(0.15, 0.6).withInitial(new double[] {-1, 2, 0});
        FactoredProcess p = FactoredProcess.of(Catalogue.mess3(0.15, 0.6), outside);
        BeliefFilter f = p.filter();
        f.update(3);  // (1, 0): last factor fastest
        double[][] before = {part(f, 0), part(f, 1)};
        NegativeProbabilityException e = assertThrows(NegativeProbabilityException.class, () -> f.sample(Seeds.sequence(3, 0)));
        assertTrue(e.getMessage().startsWith("factor 1: symbol 0 has predicted probability -1.05999"), e.getMessage());
        assertEquals(-1.06, e.probability(), 1e-12);
        assertEquals(1, e.position());
        assertEquals(1, f.position());
        org.junit.jupiter.api.Assertions.assertArrayEquals(before[0], part(f, 0), 0, "factor 0 drew first but is not updated");
        org.junit.jupiter.api.Assertions.assertArrayEquals(before[1], part(f, 1), 0);
    }

    private static double[] part(BeliefFilter f, int p) {
        double[] out = new double[f.partDimension(p)];
        f.part(p, out, 0);
        return out;
    }
}
