package dev.ghmm.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ghmm.process.Catalogue;
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
}
