package dev.ghmm.factored;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ghmm.Entropy.Unit;
import dev.ghmm.factored.correlation.Measures;
import dev.ghmm.factored.density.DensityMatrix;
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.partition.Partition;
import org.junit.jupiter.api.Test;

/** Every information measure in bits by default and in nats on request; sector mutual information for any two factors. */
class MeasureUnitsTest {
    private static final double LN2 = Math.log(2);

    @Test
    void natsAreBitsTimesLnTwo() {
        // eq. 2.26: I(A:B) = h(0.3) bits for the AFP state
        DensityMatrix rho = DensityMatrix.afp(0.3);
        double h = -(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7));
        assertEquals(h / LN2, Measures.mutualInformation(rho), 1e-12);
        assertEquals(h, Measures.mutualInformation(rho, Unit.NATS), 1e-12);
        assertEquals(Measures.totalCorrelation(rho) * LN2, Measures.totalCorrelation(rho, Unit.NATS), 1e-12);
        assertEquals(Measures.conditionalEntropy(rho, new int[] {0}, new int[] {1}) * LN2,
                Measures.conditionalEntropy(rho, new int[] {0}, new int[] {1}, Unit.NATS), 1e-12);
    }

    @Test
    void sectorMutualInformationOfAnyTwoFactors() {
        // three factors: the AFP pair (correlated) and an independent third factor; factor 2 shares nothing with 0 or 1
        DensityMatrix rho = DensityMatrix.afp(0.3).tensor(DensityMatrix.classical(new double[] {0.2, 0.5, 0.3}, 3));
        Partition split = Partition.parse("0|1 2", 3);
        SectorDecomposition sectors = SectorDecomposition.of(split, split, split);
        double h = -(0.3 * Math.log(0.3) + 0.7 * Math.log(0.7));
        assertEquals(h, Measures.sectorMutualInformation(rho, sectors, 0, 1, Unit.NATS), 1e-12);
        assertEquals(h, Measures.sectorMutualInformation(rho, sectors, 1, 0, Unit.NATS), 1e-12);
        assertEquals(0.0, Measures.sectorMutualInformation(rho, sectors, 0, 2, Unit.BITS), 1e-12);
        assertEquals(0.0, Measures.sectorMutualInformation(rho, sectors, 2, 1, Unit.BITS), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Measures.sectorMutualInformation(rho, sectors, 1, 1, Unit.BITS));
    }
}
