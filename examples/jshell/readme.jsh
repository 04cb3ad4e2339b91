// The ten lines of Java in the README, run as they are written there.
import dev.ghmm.process.*;
import dev.ghmm.partition.*;
import dev.ghmm.factored.sector.*;
import dev.ghmm.factored.density.*;
import dev.ghmm.factored.correlation.*;
import java.util.Arrays;

Ghmm zz = Catalogue.z1rPrimeSquared();                        // eq. 2.19–2.22, Kronecker operators
Partition split = Partition.parse("0|1 2", 3);                // eq. 2.16
SectorDecomposition sectors = SectorDecomposition.of(split, split);
System.out.println(sectors.check(zz, 0).preserved());         // eq. 2.9: true
int[] word = zz.alphabet().parse("A C");
System.out.println(zz.probability(word));                     // eq. 2.2
DensityMatrix rho = DensityMatrix.classical(zz.beliefAfter(word), 3, 3);   // eq. 2.3, 2.24
System.out.println(Arrays.toString(rho.sectorWeights(sectors).diagonal()));
System.out.println(Measures.mutualInformation(rho));          // 0: a product process stays uncorrelated
System.out.println(Measures.mutualInformation(DensityMatrix.afp(0.3)));  // eq. 2.26: h(0.3) bits
