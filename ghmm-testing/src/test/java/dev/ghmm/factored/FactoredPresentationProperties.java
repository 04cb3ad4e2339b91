package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.Vectors;
import dev.ghmm.belief.FactorMarginals;
import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.measure.MixedStatePresentation;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.FactoredArbitraries;
import dev.ghmm.testing.ProcessArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The mixed-state presentation of a process read through its own filter against the presentation of its joint GHMM:
 * the same nodes, depths, probabilities and transitions, with the parts the filter holds (factor beliefs, the
 * marginals of the joint belief; weighted components of a direct sum, whose block vector is the joint belief).
 */
class FactoredPresentationProperties {
    private static final int DEPTH = 3;

    @Provide
    Arbitrary<FactoredProcess> factored() {
        return FactoredArbitraries.factored(3, 3, 3);
    }

    @Provide
    Arbitrary<DirectSum> sums() {
        return ProcessArbitraries.directSums(3, 3);
    }

    @Property(tries = 100)
    void aFactoredPresentationIsTheJointsWithFactorBeliefs(@ForAll("factored") FactoredProcess p) {
        assertArrayEquals(p.joint().one(), p.one(), 1e-15, "|1⟩⟩ without the joint");
        MixedStatePresentation msp = MixedStatePresentation.enumerate(p, DEPTH, InformationMeasures.TOLERANCE);
        MixedStatePresentation joint = MixedStatePresentation.enumerate(p.joint(), DEPTH, InformationMeasures.TOLERANCE);
        assertEquals(joint.size(), msp.size());
        assertEquals(joint.isFinite(), msp.isFinite());
        FactorMarginals marginals = FactorMarginals.of(p.factors().stream().map(Ghmm::one).toArray(double[][]::new));
        assertEquals(p.factorCount(), msp.parts());
        for (int b = 0; b < msp.size(); b++) {
            double[] eta = msp.belief(b);
            double scale = 1 + Vectors.maxAbs(eta);
            assertArrayEquals(joint.belief(b), eta, 1e-9 * scale, "belief " + b);
            assertEquals(joint.depthOf(b), msp.depthOf(b));
            assertEquals(joint.probabilityAtDepth(b), msp.probabilityAtDepth(b), 1e-12);
            for (int x = 0; x < p.symbols(); x++) {
                assertEquals(joint.successor(b, x), msp.successor(b, x), "belief " + b + ", symbol " + x);
                assertEquals(joint.symbolProbability(b, x), msp.symbolProbability(b, x), 1e-12);
            }
            for (int f = 0; f < p.factorCount(); f++) {
                assertArrayEquals(marginals.marginal(eta, f), msp.part(b, f), 1e-9 * scale, "belief " + b + ", factor " + f);
                assertEquals(1.0, msp.partWeight(b, f));
            }
        }
        assertArrayEquals(InformationMeasures.compute(p.joint(), DEPTH).blockEntropy(), InformationMeasures.compute(p, DEPTH).blockEntropy(), 1e-9);
        readsThePartsOfOneFilter(msp);
    }

    /** One reader, beliefs visited backwards and parts written at an offset, gives exactly what msp.part gives. */
    private static void readsThePartsOfOneFilter(MixedStatePresentation msp) {
        MixedStatePresentation.PartReader reader = msp.partReader();
        for (int b = msp.size() - 1; b >= 0; b--) {
            for (int f = msp.parts() - 1; f >= 0; f--) {
                int d = msp.partDimension(f);
                double[] out = new double[d + 2];
                reader.part(b, f, out, 1);
                assertArrayEquals(msp.part(b, f), java.util.Arrays.copyOfRange(out, 1, d + 1), 0.0, "belief " + b + ", part " + f);
                assertEquals(0.0, out[0]);
                assertEquals(0.0, out[d + 1]);
                assertEquals(msp.partWeight(b, f), reader.partWeight(b, f), 0.0);
            }
        }
    }

    @Property(tries = 60)
    void aSumsPartsAreItsWeightedComponents(@ForAll("sums") DirectSum sum) {
        MixedStatePresentation msp = MixedStatePresentation.enumerate(sum, DEPTH, InformationMeasures.TOLERANCE);
        assertEquals(sum.componentCount(), msp.parts());
        for (int b = 0; b < msp.size(); b++) {
            double[] blocks = new double[sum.states()];
            double total = 0;
            for (int k = 0, at = 0; k < msp.parts(); at += msp.partDimension(k), k++) {
                double w = msp.partWeight(b, k);
                total += w;
                double[] part = msp.part(b, k);
                for (int i = 0; i < part.length; i++) {
                    blocks[at + i] = w * part[i];
                }
            }
            assertEquals(1.0, total, 1e-12, "the posterior over components of belief " + b);
            assertArrayEquals(msp.belief(b), blocks, 1e-9 * (1 + Vectors.maxAbs(blocks)), "belief " + b);
        }
        readsThePartsOfOneFilter(msp);
    }
}
