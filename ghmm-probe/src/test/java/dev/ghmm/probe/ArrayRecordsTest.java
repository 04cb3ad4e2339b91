package dev.ghmm.probe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/** The probe's records over arrays are values (docs/design.md, "Records and arrays"): copied in and out, equal by content. */
class ArrayRecordsTest {
    @Test
    void scoresCopyTheirArraysAndCompareThemByContent() {
        double[] r2 = {0.9, 0.8};
        Scores s = new Scores(r2, new double[] {0.1, 0.2}, 0.85, 0.15, 100, 100.0);
        r2[0] = 0;
        s.rmse()[0] = 9;
        assertArrayEquals(new double[] {0.9, 0.8}, s.r2());
        assertArrayEquals(new double[] {0.1, 0.2}, s.rmse());
        Scores same = new Scores(new double[] {0.9, 0.8}, new double[] {0.1, 0.2}, 0.85, 0.15, 100, 100.0);
        assertEquals(s, same);
        assertEquals(s.hashCode(), same.hashCode());
        assertNotEquals(s, new Scores(new double[] {0.9, 0.7}, new double[] {0.1, 0.2}, 0.85, 0.15, 100, 100.0));
        assertNotEquals(s, new Scores(new double[] {0.9, 0.8}, new double[] {0.1, 0.2}, 0.85, 0.15, 101, 100.0));
    }

    @Test
    void aShiftCopiesItsArraysAndComparesThemByContent() {
        double[][] changes = {{0.1, -0.1}, {0, 0}};
        ActivationSteering.Shift s = new ActivationSteering.Shift(0, new double[] {1, 2, 3}, changes, null, new double[] {0.01, 0});
        changes[0][0] = 9;
        s.changes()[1][1] = 9;
        assertArrayEquals(new double[][] {{0.1, -0.1}, {0, 0}}, s.changes());
        ActivationSteering.Shift same = new ActivationSteering.Shift(0, new double[] {1, 2, 3}, new double[][] {{0.1, -0.1}, {0, 0}}, null,
                new double[] {0.01, 0});
        assertEquals(s, same);
        assertEquals(s.hashCode(), same.hashCode());
        assertNotEquals(s, new ActivationSteering.Shift(0, new double[] {1, 2, 3}, new double[][] {{0.1, -0.1}, {0, 0}}, new double[] {0},
                new double[] {0.01, 0}));
    }

    @Test
    void predictionsCopyTheirRowsAndCompareThemByContent() {
        double[][] truth = {{0.5, 0.5}, {1, 0}};
        ProbeFitter.Predictions p = new ProbeFitter.Predictions(truth, new double[][] {{0.4, 0.6}, {0.9, 0.1}});
        truth[0][0] = 9;
        p.predicted()[1][1] = 9;
        assertArrayEquals(new double[][] {{0.5, 0.5}, {1, 0}}, p.truth());
        assertArrayEquals(new double[][] {{0.4, 0.6}, {0.9, 0.1}}, p.predicted());
        ProbeFitter.Predictions same = new ProbeFitter.Predictions(new double[][] {{0.5, 0.5}, {1, 0}}, new double[][] {{0.4, 0.6}, {0.9, 0.1}});
        assertEquals(p, same);
        assertEquals(p.hashCode(), same.hashCode());
        assertEquals("Predictions[2 rows of dimension 2]", p.toString());
        assertNotEquals(p, new ProbeFitter.Predictions(new double[][] {{0.5, 0.5}, {1, 0}}, new double[][] {{0.4, 0.6}, {0.9, 0.2}}));
    }
}
