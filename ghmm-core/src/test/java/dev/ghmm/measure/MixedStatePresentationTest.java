package dev.ghmm.measure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghmm.process.Catalogue;
import dev.ghmm.process.DirectSum;
import dev.ghmm.process.Ghmm;
import org.junit.jupiter.api.Test;

class MixedStatePresentationTest {

    @Test
    void printsItsSizeDepthAndClosure() {
        // the golden mean process (no two 1s in a row) has two causal states A, B: from the stationary belief (2/3, 1/3)
        // a 0 gives (1, 0) and a 1 gives (0, 1), which go only to each other: three beliefs, closed
        Ghmm golden = Catalogue.goldenMean(0.5);
        MixedStatePresentation msp = MixedStatePresentation.enumerate(golden, 6, 1e-10);
        assertEquals("MixedStatePresentation(" + golden.name() + ", 3 beliefs of dimension 2 to depth 6, closed, tolerance 1.0E-10)",
                msp.toString());
    }

    @Test
    void aPartReaderReadsEveryPartOfEveryNodeThroughOneFilter() {
        // golden + golden with weights 1/2: both components predict alike, so the posterior stays 1/2 and each
        // component's belief is the golden mean's: (2/3, 1/3) at first, (0, 1) after a 1
        Ghmm golden = Catalogue.goldenMean(0.5);
        MixedStatePresentation msp = MixedStatePresentation.enumerate(DirectSum.of(new double[] {0.5, 0.5}, golden, golden), 6, 1e-10);
        MixedStatePresentation.PartReader reader = msp.partReader();
        int afterOne = msp.successor(0, 1);
        double[] out = new double[5];
        reader.part(afterOne, 1, out, 3);
        reader.part(0, 0, out, 1);
        assertArrayEquals(new double[] {0, 2.0 / 3, 1.0 / 3, 0, 1}, out, 1e-15);
        assertEquals(0.5, reader.partWeight(afterOne, 0), 1e-15);
        assertEquals(0.5, reader.partWeight(0, 1), 1e-15);
        assertArrayEquals(new double[] {0, 1}, reader.part(afterOne, 0), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> reader.part(0, 2, out, 0));
        assertThrows(IllegalArgumentException.class, () -> reader.part(msp.size(), 0, out, 0));
        assertThrows(IllegalArgumentException.class, () -> reader.part(0, 0, out, 4));
        // one part: the belief itself, weight 1
        MixedStatePresentation plain = MixedStatePresentation.enumerate(golden, 6, 1e-10);
        MixedStatePresentation.PartReader one = plain.partReader();
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3}, one.part(0, 0), 1e-15);
        assertEquals(1.0, one.partWeight(plain.successor(0, 1), 0));
    }
}
