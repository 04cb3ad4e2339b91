package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ghmm.factored.steering.Steering;
import org.junit.jupiter.api.Test;

/** {@link Steering.Factorisation} is a value: its vectors are copied in and out and compared by content. */
class FactorisationValueTest {
    @Test
    void theVectorsAreCopiedAndComparedByContent() {
        double[] a = {1, 2};
        double[] b = {0.25, 0.75};
        Steering.Factorisation f = new Steering.Factorisation(a, b, 0, true);
        a[0] = 9;
        f.b()[0] = 9;
        assertArrayEquals(new double[] {1, 2}, f.a());
        assertArrayEquals(new double[] {0.25, 0.75}, f.b());
        Steering.Factorisation same = new Steering.Factorisation(new double[] {1, 2}, new double[] {0.25, 0.75}, 0, true);
        assertEquals(f, same);
        assertEquals(f.hashCode(), same.hashCode());
        assertNotEquals(f, new Steering.Factorisation(new double[] {1, 2}, new double[] {0.5, 0.5}, 0, true));
        assertNotEquals(f, new Steering.Factorisation(new double[] {1, 2}, new double[] {0.25, 0.75}, 1e-3, false));
    }
}
