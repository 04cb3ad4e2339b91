package dev.ghmm.examples;

import dev.ghmm.belief.BeliefFilter;
import dev.ghmm.factored.FactoredProcess;
import dev.ghmm.factored.correlation.Measures;
import dev.ghmm.factored.density.DensityMatrix;
import dev.ghmm.factored.sector.SectorDecomposition;
import dev.ghmm.partition.Partition;
import dev.ghmm.process.Catalogue;
import dev.ghmm.process.Ghmm;
import java.util.Arrays;

/** Z1R' × Z1R' end to end: the AFP notes, sections 2.2 and 2.3. */
public final class Z1rSquared {
    private Z1rSquared() {
    }

    /**
     * Runs the example and prints its results.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        FactoredProcess fp = FactoredProcess.of(Catalogue.z1rPrime(), Catalogue.z1rPrime());
        Ghmm zz = fp.joint().withSymbolNames("A", "B", "C", "D");
        Partition split = Partition.parse("0|1 2", 3);
        SectorDecomposition sectors = SectorDecomposition.of(split, split);
        System.out.println("block sizes " + Arrays.toString(sectors.partition().sectorSizes()));
        for (int x = 0; x < zz.symbols(); x++) {
            System.out.println("T_" + zz.alphabet().name(x) + " preserves the partition: "
                    + zz.checkPartition(sectors.partition(), 0).preserved());
        }
        BeliefFilter factors = fp.filter();
        for (String symbol : "A C A".split(" ")) {
            int x = zz.alphabet().indexOf(symbol);
            factors.update(x);
            DensityMatrix rho = DensityMatrix.classical(factors.belief(), 3, 3);
            System.out.println("after " + symbol + ": rho_A = " + Arrays.toString(rho.partialTrace(0).diagonal())
                    + ", rho_B = " + Arrays.toString(rho.partialTrace(1).diagonal())
                    + ", sector weights = " + Arrays.toString(rho.sectorWeights(sectors).diagonal())
                    + ", I(A:B) = " + Measures.mutualInformation(rho));
        }
    }
}
