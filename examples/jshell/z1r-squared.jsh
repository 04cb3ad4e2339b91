// Z1R' x Z1R' density matrices and correlations (seed 002 section 2.3)
import dev.ghmm.process.*;
import dev.ghmm.partition.*;
import dev.ghmm.factored.density.*;
import dev.ghmm.factored.correlation.*;
import dev.ghmm.factored.sector.*;
import java.util.Arrays;

Ghmm zz = Catalogue.z1rPrimeSquared();
Partition split = Partition.parse("0|1 2", 3);
SectorDecomposition sectors = SectorDecomposition.of(split, split);
DensityMatrix rho = DensityMatrix.classical(zz.beliefAfter(zz.alphabet().parse("A C")), 3, 3);
System.out.println("sector weights = " + Arrays.toString(rho.sectorWeights(sectors).diagonal()));
System.out.println("I(A:B) = " + Measures.mutualInformation(rho));
System.out.println("I(A:B) of rho_AFP(0.3) = " + Measures.mutualInformation(DensityMatrix.afp(0.3)));
