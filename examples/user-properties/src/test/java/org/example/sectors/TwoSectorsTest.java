package org.example.sectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghmm.process.Ghmm;
import dev.ghmm.testing.ProcessChecks;
import org.junit.jupiter.api.Test;

class TwoSectorsTest {

    @Test
    void probabilityOfABByHand() {
        // q = 1 − p. Sector {0, 1}, ¼ per state: from 0, a (stay) then b (switch) is q·p; from 1, a (switch to 0) then b
        // (switch) is p·p. Sector {2, 3} in its HMM basis (state u emits a and moves to v; v emits a and stays with
        // probability p, or b and moves to u), ¼ per state: from u, a then b is q; from v, a then b is p·q.
        // Pr(a b) = ¼(qp + p² + q + pq) = (1 + pq)/4, at p = 0.2: (1 + 0.16)/4 = 0.29.
        assertEquals(0.29, TwoSectors.of(0.2).probability(0, 1), 1e-12);
    }

    @Test
    void isAGhmmButNotAnHmm() {
        Ghmm process = TwoSectors.of(0.2);
        AssertionError e = assertThrows(AssertionError.class, () -> ProcessChecks.assertHmm(process, 1e-12));
        assertEquals("two-sectors(p=0.2) is not an HMM: T(b)[2][2] = -0.8 < 0", e.getMessage());
    }
}
