package dev.ghmm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.ghmm.measure.InformationMeasures;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.StationaryDistributions;
import dev.ghmm.sampling.Datasets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One policy for arrays in public types (docs/design.md, "Records and arrays"): a record is a value, copying its arrays
 * in and out and comparing them by content; a buffer ({@link Datasets.Block}) is a class whose arrays are its own.
 */
class ArrayRecordsTest {
    @Test
    void copyRowsCopiesEveryRowOfRaggedRows() {
        double[][] rows = {{1, 2}, {}, {3, 4, 5}};
        double[][] copy = Vectors.copyRows(rows);
        rows[0][0] = 9;
        rows[2] = new double[] {9};
        assertEquals(3, copy.length);
        assertArrayEquals(new double[] {1, 2}, copy[0]);
        assertArrayEquals(new double[] {}, copy[1]);
        assertArrayEquals(new double[] {3, 4, 5}, copy[2]);
        assertEquals(0, Vectors.copyRows(new double[0][]).length);
    }

    @Test
    void informationMeasuresCopyTheBlockEntropiesAndCompareThemByContent() {
        double[] h = {0, 1, 1.5};
        InformationMeasures m = new InformationMeasures(h, 0.5, true, 0.5, 0.25, 3, 1.5);
        h[1] = 9;
        m.blockEntropy()[2] = 9;
        assertArrayEquals(new double[] {0, 1, 1.5}, m.blockEntropy());
        InformationMeasures same = new InformationMeasures(new double[] {0, 1, 1.5}, 0.5, true, 0.5, 0.25, 3, 1.5);
        assertEquals(m, same);
        assertEquals(m.hashCode(), same.hashCode());
        assertNotEquals(m, new InformationMeasures(new double[] {0, 1, 1.25}, 0.5, true, 0.5, 0.25, 3, 1.5));
        assertNotEquals(m, new InformationMeasures(new double[] {0, 1, 1.5}, 0.5, false, 0.5, 0.25, 3, 1.5));
    }

    @Test
    void stationaryDistributionsCopyTheirArraysAndCompareThemByContent() {
        List<double[]> pi = new ArrayList<>(List.of(new double[] {0.25, 0.75}));
        List<int[]> classes = List.of(new int[] {0, 1});
        int[] periods = {1};
        StationaryDistributions d = new StationaryDistributions(pi, classes, periods);
        pi.get(0)[0] = 9;
        classes.get(0)[0] = 9;
        periods[0] = 9;
        d.distributions().get(0)[1] = 9;
        d.periods()[0] = 9;
        StationaryDistributions same = new StationaryDistributions(List.of(new double[] {0.25, 0.75}), List.of(new int[] {0, 1}), new int[] {1});
        assertEquals(same, d);
        assertEquals(same.hashCode(), d.hashCode());
        assertNotEquals(same, new StationaryDistributions(List.of(new double[] {0.5, 0.5}), List.of(new int[] {0, 1}), new int[] {1}));
        assertEquals(Catalogue.mess3(0.15, 0.6).stationary(), Catalogue.mess3(0.15, 0.6).stationary());
    }

    @Test
    void aBlockIsABufferItsAccessorsReturnTheArraysFilledInPlace() {
        Datasets.Block block = Datasets.Block.allocate(Catalogue.mess3(0.15, 0.6), EnumSet.of(Datasets.Output.BELIEFS), 2, 3);
        int[] tokens = block.tokens();
        Datasets.Block filled = Datasets.generate(Catalogue.mess3(0.15, 0.6), 4, 1, 1, block);
        assertSame(tokens, filled.tokens());
        assertEquals(4, filled.first());
        assertEquals("Block[first=4, count=2, length=3]", filled.toString());
        assertNotEquals(block, filled);
    }
}
